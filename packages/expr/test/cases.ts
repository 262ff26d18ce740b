/**
 * Expressions with hand-written value, gradient and Hessian, shared by the tests and (as plain
 * numbers) independent of the code under test. Points stay inside each expression's domain.
 */
export interface Case {
  name: string;
  source: string;
  variables: string[];
  constants?: Record<string, number>;
  f: (x: number[]) => number;
  grad: (x: number[]) => number[];
  hess: (x: number[]) => number[]; // row-major d×d
  points: number[][];
}

// Müller–Brown potential, standard parameters (Müller & Brown 1979).
export const MB = {
  A: [-200, -100, -170, 15],
  a: [-1, -1, -6.5, 0.7],
  b: [0, 0, 11, 0.6],
  c: [-10, -10, -6.5, 0.7],
  x0: [1, 0, -0.5, -1],
  y0: [0, 0.5, 1.5, 1],
};

export const MULLER_BROWN_SOURCE = [0, 1, 2, 3]
  .map(
    (k) =>
      `${MB.A[k]} * exp(${MB.a[k]} * (x - ${MB.x0[k]})^2 + ${MB.b[k]} * (x - ${MB.x0[k]}) * (y - ${MB.y0[k]}) + ${MB.c[k]} * (y - ${MB.y0[k]})^2)`,
  )
  .join(" + ");

function mullerBrown(x: number, y: number): { f: number; g: number[]; h: number[] } {
  let f = 0;
  const g = [0, 0];
  const h = [0, 0, 0, 0];
  for (let k = 0; k < 4; k++) {
    const dx = x - MB.x0[k];
    const dy = y - MB.y0[k];
    const e = MB.A[k] * Math.exp(MB.a[k] * dx * dx + MB.b[k] * dx * dy + MB.c[k] * dy * dy);
    const qx = 2 * MB.a[k] * dx + MB.b[k] * dy;
    const qy = MB.b[k] * dx + 2 * MB.c[k] * dy;
    f += e;
    g[0] += e * qx;
    g[1] += e * qy;
    h[0] += e * (qx * qx + 2 * MB.a[k]);
    h[1] += e * (qx * qy + MB.b[k]);
    h[3] += e * (qy * qy + 2 * MB.c[k]);
  }
  h[2] = h[1];
  return { f, g, h };
}

export const CASES: Case[] = [
  {
    name: "1-D polynomial",
    source: "3*x^4 - 2*x^3 + x - 7",
    variables: ["x"],
    f: ([x]) => 3 * x ** 4 - 2 * x ** 3 + x - 7,
    grad: ([x]) => [12 * x ** 3 - 6 * x ** 2 + 1],
    hess: ([x]) => [36 * x ** 2 - 12 * x],
    points: [[-1.3], [0.2], [2.5]],
  },
  {
    name: "1-D double well (x^2 - 1)^2 / 4",
    source: "(x^2 - 1)^2 / 4",
    variables: ["x"],
    f: ([x]) => (x * x - 1) ** 2 / 4,
    grad: ([x]) => [x * (x * x - 1)],
    hess: ([x]) => [3 * x * x - 1],
    points: [[-1.7], [0.4], [1.1]],
  },
  {
    name: "1-D tanh",
    source: "tanh(3*x) - x/2",
    variables: ["x"],
    f: ([x]) => Math.tanh(3 * x) - x / 2,
    grad: ([x]) => [3 * (1 - Math.tanh(3 * x) ** 2) - 0.5],
    hess: ([x]) => {
      const t = Math.tanh(3 * x);
      return [-18 * t * (1 - t * t)];
    },
    points: [[-0.8], [0.1], [0.5]],
  },
  {
    name: "2-D exp and log",
    source: "exp(-x^2 - y^2) + log(1 + x^2 + y^2)",
    variables: ["x", "y"],
    f: ([x, y]) => Math.exp(-x * x - y * y) + Math.log(1 + x * x + y * y),
    grad: ([x, y]) => {
      const e = Math.exp(-x * x - y * y);
      const s = 1 + x * x + y * y;
      return [-2 * x * e + (2 * x) / s, -2 * y * e + (2 * y) / s];
    },
    hess: ([x, y]) => {
      const e = Math.exp(-x * x - y * y);
      const s = 1 + x * x + y * y;
      const hxx = (4 * x * x - 2) * e + 2 / s - (4 * x * x) / (s * s);
      const hxy = 4 * x * y * e - (4 * x * y) / (s * s);
      const hyy = (4 * y * y - 2) * e + 2 / s - (4 * y * y) / (s * s);
      return [hxx, hxy, hxy, hyy];
    },
    points: [
      [0.3, -0.7],
      [1.2, 0.5],
      [-0.9, 1.4],
    ],
  },
  {
    name: "2-D trigonometric",
    source: "sin(x) * cos(2*y) + tan(x*y/4)",
    variables: ["x", "y"],
    f: ([x, y]) => Math.sin(x) * Math.cos(2 * y) + Math.tan((x * y) / 4),
    grad: ([x, y]) => {
      const s2 = 1 / Math.cos((x * y) / 4) ** 2;
      return [
        Math.cos(x) * Math.cos(2 * y) + (y / 4) * s2,
        -2 * Math.sin(x) * Math.sin(2 * y) + (x / 4) * s2,
      ];
    },
    hess: ([x, y]) => {
      const u = (x * y) / 4;
      const s2 = 1 / Math.cos(u) ** 2;
      const t = Math.tan(u);
      // d/du sec²u = 2 sec²u tan u
      const hxx = -Math.sin(x) * Math.cos(2 * y) + (y / 4) * (y / 4) * 2 * s2 * t;
      const hxy = -2 * Math.cos(x) * Math.sin(2 * y) + s2 / 4 + (y / 4) * (x / 4) * 2 * s2 * t;
      const hyy = -4 * Math.sin(x) * Math.cos(2 * y) + (x / 4) * (x / 4) * 2 * s2 * t;
      return [hxx, hxy, hxy, hyy];
    },
    points: [
      [0.3, -0.7],
      [1.2, 0.5],
      [-2.1, 1.4],
    ],
  },
  {
    name: "2-D square root",
    source: "sqrt(1 + x^2 + 2*y^2)",
    variables: ["x", "y"],
    f: ([x, y]) => Math.sqrt(1 + x * x + 2 * y * y),
    grad: ([x, y]) => {
      const r = Math.sqrt(1 + x * x + 2 * y * y);
      return [x / r, (2 * y) / r];
    },
    hess: ([x, y]) => {
      const r = Math.sqrt(1 + x * x + 2 * y * y);
      const r3 = r * r * r;
      return [1 / r - (x * x) / r3, (-2 * x * y) / r3, (-2 * x * y) / r3, 2 / r - (4 * y * y) / r3];
    },
    points: [
      [0.3, -0.7],
      [2.2, 0.5],
      [-0.9, 3.4],
    ],
  },
  {
    name: "2-D product over quotient",
    source: "(x*y + 1) / (x^2 + y^2 + 2)",
    variables: ["x", "y"],
    f: ([x, y]) => (x * y + 1) / (x * x + y * y + 2),
    grad: ([x, y]) => {
      const n = x * y + 1;
      const d = x * x + y * y + 2;
      return [y / d - (2 * x * n) / (d * d), x / d - (2 * y * n) / (d * d)];
    },
    hess: ([x, y]) => {
      const n = x * y + 1;
      const d = x * x + y * y + 2;
      const d2 = d * d;
      const d3 = d2 * d;
      const hxx = (-4 * x * y) / d2 - (2 * n) / d2 + (8 * x * x * n) / d3;
      const hxy = 1 / d - (2 * y * y) / d2 - (2 * x * x) / d2 + (8 * x * y * n) / d3;
      const hyy = (-4 * x * y) / d2 - (2 * n) / d2 + (8 * y * y * n) / d3;
      return [hxx, hxy, hxy, hyy];
    },
    points: [
      [0.3, -0.7],
      [1.2, 0.5],
      [-0.9, 1.4],
    ],
  },
  {
    name: "2-D non-integer powers",
    source: "(1 + x^2)^1.5 + (2 + y)^(-0.7)",
    variables: ["x", "y"],
    f: ([x, y]) => (1 + x * x) ** 1.5 + (2 + y) ** -0.7,
    grad: ([x, y]) => [3 * x * (1 + x * x) ** 0.5, -0.7 * (2 + y) ** -1.7],
    hess: ([x, y]) => [
      3 * (1 + x * x) ** 0.5 + 3 * x * x * (1 + x * x) ** -0.5,
      0,
      0,
      1.19 * (2 + y) ** -2.7,
    ],
    points: [
      [0.3, -0.7],
      [1.2, 0.5],
      [-0.9, 1.4],
    ],
  },
  {
    name: "2-D Müller–Brown",
    source: MULLER_BROWN_SOURCE,
    variables: ["x", "y"],
    f: ([x, y]) => mullerBrown(x, y).f,
    grad: ([x, y]) => mullerBrown(x, y).g,
    hess: ([x, y]) => mullerBrown(x, y).h,
    // Near the three minima, a saddle and a generic point.
    points: [
      [-0.558, 1.4417],
      [0.623, 0.028],
      [-0.05, 0.467],
      [-0.822, 0.624],
      [0.3, 0.9],
    ],
  },
  {
    name: "2-D Φ of Example 19 (Chaudhari & Soatto)",
    source: "(x1^2 - 1)^2 / 4 + x2^2 / 2",
    variables: ["x1", "x2"],
    f: ([x, y]) => (x * x - 1) ** 2 / 4 + (y * y) / 2,
    grad: ([x, y]) => [x * (x * x - 1), y],
    hess: ([x]) => [3 * x * x - 1, 0, 0, 1],
    points: [
      [0.3, -0.7],
      [1.2, 0.5],
    ],
  },
  {
    name: "3-D with a constant map { beta: 10 }",
    source: "x*y*z + exp(x - z) * sin(y) + beta/2 * (x^2 + y^2 + z^2)",
    variables: ["x", "y", "z"],
    constants: { beta: 10 },
    f: ([x, y, z]) => x * y * z + Math.exp(x - z) * Math.sin(y) + 5 * (x * x + y * y + z * z),
    grad: ([x, y, z]) => {
      const e = Math.exp(x - z);
      return [
        y * z + e * Math.sin(y) + 10 * x,
        x * z + e * Math.cos(y) + 10 * y,
        x * y - e * Math.sin(y) + 10 * z,
      ];
    },
    hess: ([x, y, z]) => {
      const e = Math.exp(x - z);
      const s = Math.sin(y);
      const c = Math.cos(y);
      return [
        e * s + 10,
        z + e * c,
        y - e * s,
        z + e * c,
        -e * s + 10,
        x - e * c,
        y - e * s,
        x - e * c,
        e * s + 10,
      ];
    },
    points: [
      [0.3, -0.7, 0.2],
      [1.2, 0.5, -0.4],
      [-0.9, 1.4, 0.8],
    ],
  },
  {
    name: "3-D cosh, log and division",
    source: "log(cosh(x + 2*y)) + z^3 / (1 + x^2)",
    variables: ["x", "y", "z"],
    f: ([x, y, z]) => Math.log(Math.cosh(x + 2 * y)) + z ** 3 / (1 + x * x),
    grad: ([x, y, z]) => {
      const t = Math.tanh(x + 2 * y);
      const q = 1 + x * x;
      return [t - (2 * x * z ** 3) / (q * q), 2 * t, (3 * z * z) / q];
    },
    hess: ([x, y, z]) => {
      const t = Math.tanh(x + 2 * y);
      const s = 1 - t * t;
      const q = 1 + x * x;
      const hxx = s + z ** 3 * ((8 * x * x) / q ** 3 - 2 / (q * q));
      const hxz = (-6 * x * z * z) / (q * q);
      return [hxx, 2 * s, hxz, 2 * s, 4 * s, 0, hxz, 0, (6 * z) / q];
    },
    points: [
      [0.3, -0.7, 0.2],
      [1.2, 0.5, -0.4],
      [-0.9, 1.4, 0.8],
    ],
  },
];
