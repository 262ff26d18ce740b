export * from "./errors.js";
export { fillNormalFromState } from "./rng/normal.js";
export { createRng, Rng } from "./rng/rng.js";
export type { SeedLike } from "./rng/seed.js";
export { createStreamBank, StreamBank } from "./rng/streams.js";
export * from "./validate.js";
