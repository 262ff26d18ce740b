// Browser stand-in for `node:worker_threads` (the explorer runs @langevin/sde on the main path of its own Web Worker).
/** Not available in the browser. @example new Worker("x"); // throws */
export class Worker {
  constructor() {
    throw new Error("node:worker_threads is not available in the browser");
  }
}
export const parentPort = null;
export const workerData = null;
