import {
  accuracy,
  batches,
  type ClassificationSet,
  denseFromOperator,
  flatLoss,
  fromArray,
  hessianOperator,
  mlp,
  type nn,
  noGrad,
  optim,
  type Sequential,
  softmaxCrossEntropy,
  type Tensor,
  takeLabels,
  takeRows,
} from "@langevin/autograd";
import type { Rng } from "@langevin/core";

type ActivationName = nn.ActivationName;

/** Training schedule of {@link NetLoss.trainFrom}. */
export interface TrainOptions {
  /** Mini-batch SGD epochs (with momentum 0.9). */
  epochs: number;
  batch: number;
  lr: number;
  /** Full-batch heavy-ball steps after SGD, to settle into the minimum. */
  polishSteps: number;
  polishLr: number;
}

/**
 * The training loss of a small MLP as a function of its flat parameter vector θ:
 * f(θ) = mean cross-entropy on the training set + (l2/2)‖θ‖². The weak L2 term makes every
 * minimum a true critical point (cross-entropy alone can decrease forever on separable data)
 * while keeping flat directions at eigenvalue l2 ≪ 1e-3.
 * @example
 * const net = new NetLoss([2, 16, 2], "tanh", train, test, 1e-4, createRng(1));
 * const theta = net.trainFrom(net.init(createRng(2)), createRng(3), { epochs: 40, batch: 20, lr: 0.05, polishSteps: 1000, polishLr: 0.1 });
 * net.loss(theta);
 */
export class NetLoss {
  readonly model: Sequential;
  readonly size: number;
  private readonly xTrain: Tensor;
  private readonly xTest: Tensor;

  constructor(
    readonly sizes: number[],
    readonly activation: ActivationName,
    readonly train: ClassificationSet,
    readonly test: ClassificationSet,
    readonly l2: number,
    initRng: Rng,
  ) {
    this.model = mlp(sizes, activation, initRng);
    this.size = this.model.size;
    this.xTrain = fromArray(train.x, [train.n, train.dim]);
    this.xTest = fromArray(test.x, [test.n, test.dim]);
  }

  /** A fresh initialisation (Glorot) from `rng`. */
  init(rng: Rng): Float64Array {
    return Float64Array.from(mlp(this.sizes, this.activation, rng).flat);
  }

  /** Energy for NEB: f(θ), writing ∇f(θ) into `grad`. */
  readonly energy = (theta: Float64Array, grad: Float64Array): number => {
    const m = this.model;
    m.flat.set(theta);
    m.zeroGrad();
    const loss = softmaxCrossEntropy(m.forward(this.xTrain), this.train.y);
    loss.backward();
    let reg = 0;
    const l2 = this.l2;
    for (let i = 0; i < theta.length; i++) {
      reg += theta[i] * theta[i];
      grad[i] = m.flatGrad[i] + l2 * theta[i];
    }
    return loss.data[0] + 0.5 * l2 * reg;
  };

  /** f(θ) without the gradient. */
  loss(theta: Float64Array): number {
    this.model.flat.set(theta);
    const ce = noGrad(() => softmaxCrossEntropy(this.model.forward(this.xTrain), this.train.y)).data[0];
    let reg = 0;
    for (let i = 0; i < theta.length; i++) reg += theta[i] * theta[i];
    return ce + 0.5 * this.l2 * reg;
  }

  /** Classification accuracy on the training or the test set. */
  accuracy(theta: Float64Array, which: "train" | "test" = "test"): number {
    this.model.flat.set(theta);
    const set = which === "train" ? this.train : this.test;
    const logits = noGrad(() => this.model.forward(which === "train" ? this.xTrain : this.xTest));
    return accuracy(logits.data, set.classes, set.y);
  }

  /** ‖∇f(θ)‖. */
  gradNorm(theta: Float64Array): number {
    const g = new Float64Array(this.size);
    this.energy(theta, g);
    return Math.hypot(...g);
  }

  /** ∇²f(θ) as an operator (v, out) → Hv (exact, double backward). */
  hessianOp(theta: Float64Array): (v: Float64Array, out: Float64Array) => Float64Array {
    const ce = flatLoss(this.model, softmaxCrossEntropy, { x: this.xTrain, y: this.train.y });
    const op = hessianOperator(ce, theta);
    const l2 = this.l2;
    return (v, out) => {
      op(v, out);
      for (let i = 0; i < out.length; i++) out[i] += l2 * v[i];
      return out;
    };
  }

  /** The dense Hessian (P × P, row-major, symmetrised) from P exact Hessian-vector products. */
  hessian(theta: Float64Array): Float64Array {
    return denseFromOperator(this.hessianOp(theta), this.size);
  }

  /** Trains from `theta0` (or a fresh init) with SGD + momentum, then full-batch heavy ball. */
  trainFrom(theta0: Float64Array, rng: Rng, o: TrainOptions): Float64Array {
    const m = this.model;
    m.flat.set(theta0);
    const opt = optim.sgd(m, { lr: o.lr, momentum: 0.9, weightDecay: this.l2 });
    const d = this.train.dim;
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      for (const idx of batches(this.train.n, o.batch, rng)) {
        m.zeroGrad();
        const loss = softmaxCrossEntropy(
          m.forward(takeRows(this.train.x, d, idx)),
          takeLabels(this.train.y, idx),
        );
        loss.backward();
        opt.step();
      }
    }
    const theta = Float64Array.from(m.flat);
    const g = new Float64Array(this.size);
    const v = new Float64Array(this.size);
    for (let s = 0; s < o.polishSteps; s++) {
      this.energy(theta, g);
      for (let i = 0; i < theta.length; i++) {
        v[i] = 0.9 * v[i] - o.polishLr * g[i];
        theta[i] += v[i];
      }
    }
    return theta;
  }
}
