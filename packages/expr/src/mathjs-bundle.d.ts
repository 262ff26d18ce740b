// Types for mathjs's single-file build (the package ships none for this entry of its `exports`).
declare module "mathjs/lib/browser/math.js" {
  import type { MathJsInstance } from "mathjs";

  /** The default mathjs instance; its functions are created on first access. */
  const math: MathJsInstance;
  export default math;
}
