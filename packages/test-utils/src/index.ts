export { type AllcloseReport, allclose, type Tolerance } from "./allclose.ts";
export { thrown } from "./thrown.ts";
