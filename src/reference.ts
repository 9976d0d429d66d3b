/**
 * The float64 reference of every function of the table of operations: a
 * well-conditioned formula (a few roundings of float64, no cancellation), so
 * within about 2^-50 of the exact value, far below a float32 ULP. The float32
 * sweep (npm run verify:f32) and the tests measure the float32 kernels
 * against it, after checking it against the 200-bit mpmath fixtures
 * (scripts/reference.py); float64 kernels are measured against the fixtures
 * themselves.
 *
 * The type makes every entry of the table have its reference: a new function
 * is its kernel, its entry, its entry here, and its docs row. Not part of
 * the package's exports (a page never ships it).
 */
import type { OpName } from './types.js';

/** A reference: x, y (a binary function's second input; 0 otherwise) and, for a pair, which result (0 or 1). */
export type Reference = (x: number, y: number, k: number) => number;

/** sigmoid(x) in float64, without cancellation: 1 / (1 + e^-x), and for x < 0, e^x / (1 + e^x). */
export function sigmoid64(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** sigmoid'(x) = e / (1 + e)^2, e = e^-|x|. */
function derivative64(x: number): number {
  const e = Math.exp(-Math.abs(x));
  const d = 1 + e;
  return e / (d * d);
}

/** softplus in float64: max(x, 0) + log1p(e^-|x|). */
export function softplus64(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

export const REFERENCE: { readonly [K in OpName]: Reference } = {
  sigmoid: (x) => sigmoid64(x),
  sigmoidDerivative: (x) => derivative64(x),
  sigmoidWithDerivative: (x, _y, k) => (k === 0 ? sigmoid64(x) : derivative64(x)),
  // Exact products would need more than float64 (tests: exact rational arithmetic); this is dy (y (1 - y)) to within 3 roundings.
  sigmoidBackward: (y, dy) => dy * (y * (1 - y)),
  tanh: (x) => Math.tanh(x),
  // 4 h^2 / (1 + h^2)^2, h = e^-|x|: the product h * h ends in the subnormal range at the last step only.
  tanhDerivative: (x) => {
    const h = Math.exp(-Math.abs(x));
    const e = h * h;
    return (4 * h * h) / ((1 + e) * (1 + e));
  },
  silu: (x) => {
    if (x >= 0) return x * sigmoid64(x);
    const h = Math.exp(x / 2);
    return (x * h * h) / (1 + h * h);
  },
  // s (1 + x (1 - s)) = e (1 + x / (1 + e)) / (1 + e), e = e^x.
  siluDerivative: (x) => {
    if (x >= -1) return sigmoid64(x) * (1 + x * sigmoid64(-x));
    const h = Math.exp(x / 2);
    const e = h * h;
    return (h * (1 + x / (1 + e)) * h) / (1 + e);
  },
  softplus: (x) => softplus64(x),
  logSigmoid: (x) => -softplus64(-x),
  logit: (p) => {
    if (!(p >= 0 && p <= 1)) return NaN;
    // Near 1/2 (and above), 2p - 1 and 1 - p are exact: log1p of one quotient.
    return p >= 0.25 ? Math.log1p((2 * p - 1) / (1 - p)) : Math.log(p / (1 - p));
  },
  binaryCrossEntropyWithLogits: (x, y) => (y >= 0 && y <= 1 ? Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x))) : NaN),
  binaryCrossEntropyWithLogitsGradient: (x, y) => (y >= 0 && y <= 1 ? (1 - y) * sigmoid64(x) - y * sigmoid64(-x) : NaN),
};

/**
 * Where a binary function's result cancels for soft targets (the gradient
 * sigmoid(x) - y near sigmoid(x) = y), its error is measured in units of
 * ULP(result) + 2^-p S(x, y), S the size of the terms (docs/accuracy.md).
 */
export const SCALE: { readonly [K in OpName]?: (x: number, y: number) => number } = {
  binaryCrossEntropyWithLogitsGradient: (x, y) => (1 - y) * sigmoid64(x) + y * sigmoid64(-x),
};
