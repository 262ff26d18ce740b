import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// @langevin/sde imports node:url (and node:worker_threads lazily) for its multi-thread mode;
// in the browser they are replaced by stubs that throw if ever called.
export default defineConfig({
  base: "./",
  resolve: {
    alias: {
      "node:url": fileURLToPath(new URL("./src/shims/node-url.ts", import.meta.url)),
      "node:worker_threads": fileURLToPath(new URL("./src/shims/node-worker-threads.ts", import.meta.url)),
    },
  },
  worker: { format: "es" },
  build: { target: "es2022", chunkSizeWarningLimit: 2000 },
});
