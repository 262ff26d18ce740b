export { type AllcloseReport, allclose, type Tolerance } from "./allclose.ts";
