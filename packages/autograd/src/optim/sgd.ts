import { assertFinite, InvalidArgumentError } from "@langevin/core";
import { checkTarget, type FlatTarget } from "./target.js";

/** Options of SGD (PyTorch's conventions). */
export interface SgdOptions {
  /** Learning rate η. */
  lr: number;
  /** Momentum μ (0 = plain SGD). */
  momentum?: number;
  /** Dampening of the momentum buffer update. */
  dampening?: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0). */
  nesterov?: boolean;
  /** L2 penalty λ: the gradient used is g + λx. */
  weightDecay?: number;
}

/**
 * Stochastic gradient descent on a flat parameter vector, in place:
 * d = g + λx; v ← μv + (1−τ)d (v = d on the first step); d ← d + μv (Nesterov) or v; x ← x − η d.
 * @example
 * const opt = new Sgd(model, { lr: 0.1, momentum: 0.9 });
 * model.zeroGrad(); loss.backward(); opt.step();
 */
export class Sgd {
  /** Learning rate (may be changed between steps, e.g. by a schedule). */
  lr: number;
  /** Momentum μ (0 = plain SGD). */
  readonly momentum: number;
  /** Dampening τ of the momentum buffer update. */
  readonly dampening: number;
  /** Nesterov momentum. */
  readonly nesterov: boolean;
  /** L2 penalty λ: the gradient used is g + λx. */
  readonly weightDecay: number;
  private readonly velocity: Float64Array | null;
  private started = false;

  constructor(
    /** The parameters it updates, as one flat vector with its gradient. */
    readonly target: FlatTarget,
    options: SgdOptions,
  ) {
    checkTarget(target);
    assertFinite(options.lr, "options.lr");
    this.lr = options.lr;
    this.momentum = options.momentum ?? 0;
    this.dampening = options.dampening ?? 0;
    this.nesterov = options.nesterov ?? false;
    this.weightDecay = options.weightDecay ?? 0;
    if (!(this.momentum >= 0 && this.momentum < 1)) {
      throw new InvalidArgumentError("options.momentum", `must be in [0, 1), got ${this.momentum}`);
    }
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new InvalidArgumentError(
        "options.nesterov",
        "Nesterov momentum needs momentum > 0 and dampening 0",
      );
    }
    this.velocity = this.momentum > 0 ? new Float64Array(target.flat.length) : null;
  }

  /** One update from the current `flatGrad`. */
  step(): void {
    const x = this.target.flat;
    const g = this.target.flatGrad;
    const lr = this.lr;
    const wd = this.weightDecay;
    const v = this.velocity;
    if (v === null) {
      for (let i = 0; i < x.length; i++) x[i] -= lr * (g[i] + wd * x[i]);
      return;
    }
    const mu = this.momentum;
    const damp = this.started ? 1 - this.dampening : 1;
    const keep = this.started ? mu : 0;
    this.started = true;
    for (let i = 0; i < x.length; i++) {
      const d = g[i] + wd * x[i];
      const vi = keep * v[i] + damp * d;
      v[i] = vi;
      x[i] -= lr * (this.nesterov ? d + mu * vi : vi);
    }
  }

  /** Clears the momentum buffer. */
  reset(): void {
    this.velocity?.fill(0);
    this.started = false;
  }
}

/**
 * `new Sgd(target, options)`.
 * @example
 * const opt = optim.sgd(model, { lr: 0.05, momentum: 0.9, nesterov: true });
 */
export function sgd(target: FlatTarget, options: SgdOptions): Sgd {
  return new Sgd(target, options);
}
