import { assertFinite, InvalidArgumentError } from "@langevin/core";
import { checkTarget, type FlatTarget } from "./target.js";

/** Options of Adam (Kingma & Ba; PyTorch's defaults). */
export interface AdamOptions {
  /** Step size (default 1e-3). */
  lr?: number;
  /** Decay rates of the first and second moment estimates (default [0.9, 0.999]). */
  betas?: [number, number];
  /** Added to √v̂ (default 1e-8). */
  eps?: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
}

/**
 * Adam on a flat parameter vector, in place, with bias correction:
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², x ← x − η m̂/(√v̂ + ε).
 * @example
 * const opt = optim.adam(model, { lr: 1e-2 });
 * model.zeroGrad(); loss.backward(); opt.step();
 */
export class Adam {
  /** Step size η (may be changed between steps, e.g. by a schedule). */
  lr: number;
  /** Decay rate β₁ of the first-moment estimate. */
  readonly beta1: number;
  /** Decay rate β₂ of the second-moment estimate. */
  readonly beta2: number;
  /** Added to √v̂. */
  readonly eps: number;
  /** L2 penalty added to the gradient. */
  readonly weightDecay: number;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    /** The parameters it updates, as one flat vector with its gradient. */
    readonly target: FlatTarget,
    options: AdamOptions = {},
  ) {
    checkTarget(target);
    this.lr = options.lr ?? 1e-3;
    assertFinite(this.lr, "options.lr");
    [this.beta1, this.beta2] = options.betas ?? [0.9, 0.999];
    for (const b of [this.beta1, this.beta2]) {
      if (!(b >= 0 && b < 1)) throw new InvalidArgumentError("options.betas", `must lie in [0, 1), got ${b}`);
    }
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    this.m = new Float64Array(target.flat.length);
    this.v = new Float64Array(target.flat.length);
  }

  /** One update from the current `flatGrad`. */
  step(): void {
    const x = this.target.flat;
    const g = this.target.flatGrad;
    const { m, v, beta1: b1, beta2: b2, eps, weightDecay: wd } = this;
    this.t++;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    const stepSize = this.lr / c1;
    const sc2 = Math.sqrt(c2);
    for (let i = 0; i < x.length; i++) {
      const gi = g[i] + wd * x[i];
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      x[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / sc2 + eps);
    }
  }
}

/**
 * `new Adam(target, options)`.
 * @example
 * const opt = optim.adam(model, { lr: 1e-3 });
 */
export function adam(target: FlatTarget, options: AdamOptions = {}): Adam {
  return new Adam(target, options);
}
