/**
 * The float64 reference of every function of the table of operations: a
 * well-conditioned formula (a few roundings of float64, no cancellation), so
 * within about 2^-50 of the exact value, far below a float32 ULP. The float32
 * sweep (npm run verify:f32) and the tests measure the float32 kernels
 * against it, after checking it against the 200-bit mpmath fixtures
 * (scripts/reference.py); float64 kernels are measured against the fixtures
 * themselves.
 *
 * The type makes every elementwise entry of the table have its reference: a
 * new function is its kernel, its entry, its entry here, and its docs row.
 * (The functions over rows, softmax and its relatives, are measured against
 * mpmath rows directly: test/api/softmax.test.ts.) Not part of
 * the package's exports (a page never ships it).
 */
import type { ElementwiseName } from './types.js';

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

// ---- GELU: Phi(-t) for t >= 0 -------------------------------------------------

// fdlibm's erf/erfc (s_erf.c; Sun Microsystems, 1993): its intervals and rational approximations.
const ERX = 8.45062911510467529297e-1;
const PP = [1.28379167095512558561e-1, -3.25042107247001499370e-1, -2.84817495755985104766e-2, -5.77027029648944159157e-3, -2.37630166566501626084e-5];
const QQ = [1, 3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3, 1.32494738004321644526e-4, -3.96022827877536812320e-6];
const PA = [-2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1, 3.18346619901161753674e-1, -1.10894694282396677476e-1, 3.54783043256182359371e-2, -2.16637559486879084300e-3];
const QA = [1, 1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2, 1.26171219808761642112e-1, 1.36370839120290507362e-2, 1.19844998467991074170e-2];
const RA = [-9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1, -6.23753324503260060396e1, -1.62396669462573470355e2, -1.84605092906711035994e2, -8.12874355063065934246e1, -9.81432934416914548592];
const SA = [1, 1.96512716674392571292e1, 1.37657754143519042600e2, 4.34565877475229228821e2, 6.45387271733267880336e2, 4.29008140027567833386e2, 1.08635005541779435134e2, 6.57024977031928170135, -6.04244152148580987438e-2];
const RB = [-9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1, -1.60636384855821916062e2, -6.37566443368389627722e2, -1.02509513161107724954e3, -4.83519191608651397019e2];
const SB = [1, 3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3, 3.19985821950859553908e3, 2.55305040643316442583e3, 4.74528541206955367215e2, -2.24409524465858183362e1];

function horner(c: readonly number[], s: number): number {
  let r = c[c.length - 1]!;
  for (let i = c.length - 2; i >= 0; i--) r = r * s + c[i]!;
  return r;
}

/** [hi, lo] with hi + lo = a * a exactly (Veltkamp and Dekker). */
function square(a: number): [number, number] {
  const c = 134217729 * a;
  const ah = c - (c - a);
  const al = a - ah;
  const p = a * a;
  return [p, ah * ah - p + 2 * ah * al + al * al];
}

/** e^(-t^2/2), t^2 carried exactly. */
function gauss64(t: number): number {
  const [p, e] = square(t);
  return Math.exp(-p / 2) * Math.exp(-e / 2);
}

/** Phi(-t) = erfc(t / sqrt 2) / 2 for t >= 0 (or NaN), within a few float64 ULP; Phi(t) = 1 - it, computed without cancellation (`upper`). */
function lowerPhi(t: number, upper = false): number {
  const z = t * Math.SQRT1_2;
  if (z < 0.84375) {
    const y = horner(PP, z * z) / horner(QQ, z * z);
    const erf = z + z * y;
    return upper ? 0.5 + erf / 2 : (z < 0.25 ? 1 - erf : 0.5 - (z * y + (z - 0.5))) / 2;
  }
  if (z < 1.25) {
    const pq = horner(PA, z - 1) / horner(QA, z - 1);
    return upper ? 0.5 + (ERX + pq) / 2 : (1 - ERX - pq) / 2;
  }
  const s = 1 / (z * z);
  const rs = z < 1 / 0.35 ? horner(RA, s) / horner(SA, s) : horner(RB, s) / horner(SB, s);
  const lower = (gauss64(t) * Math.exp(rs - 0.5625)) / (2 * z);
  return upper ? 1 - lower : lower;
}

/** [hi, lo] with hi + lo = a * b exactly (Veltkamp and Dekker). */
function product(a: number, b: number): [number, number] {
  const ca = 134217729 * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = 134217729 * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  const p = a * b;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

// 2 sqrt(2/pi) and 0.044715 times it, each as hi + lo (mpmath)
const GELU_C1 = [1.5957691216057308, -9.96930880911092e-17] as const;
const GELU_C3 = [0.07135481627260025, -6.175149918155315e-19] as const;

/** The tanh form's argument v = 2 sqrt(2/pi) (x + 0.044715 x^3) = x (C1 + C3 x^2), as [hi, lo] (|x| <= 40). */
function geluV(x: number): [number, number] {
  const [q, qe] = square(x);
  const [p, pe] = product(GELU_C3[0], q);
  const w = GELU_C1[0] + p;
  const bb = w - GELU_C1[0];
  const we = GELU_C1[0] - (w - bb) + (p - bb) + pe + GELU_C3[0] * qe + GELU_C3[1] * q + GELU_C1[1]; // w's rounding (TwoSum), then the small terms
  const [v, ve] = product(x, w);
  return [v, ve + x * we];
}

/** sigmoid(vh + vl) to first order in vl. */
function sigmoidTwo([vh, vl]: [number, number]): number {
  return sigmoid64(vh) * (1 + sigmoid64(-vh) * vl);
}

/** x Phi(x). */
export function gelu64(x: number): number {
  if (x === Infinity) return x;
  return x > 0 ? x * lowerPhi(x, true) : x * lowerPhi(Math.min(-x, 40));
}

/** Phi(x) + x phi(x). */
function geluDerivative64(x: number): number {
  if (x !== x) return x;
  const t = Math.min(Math.abs(x), 40);
  const density = (t * gauss64(t)) / Math.sqrt(2 * Math.PI);
  return x > 0 ? lowerPhi(t, true) + density : lowerPhi(t) - density;
}

export const REFERENCE: { readonly [K in ElementwiseName]: Reference } = {
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
  gelu: (x) => gelu64(x),
  geluDerivative: (x) => geluDerivative64(x),
  // x sigmoid(v), v in two parts (a rounded v would be off by |v| 2^-53, 1e-14 at |v| = 100)
  geluTanh: (x) => (x === Infinity ? x : x * sigmoidTwo(geluV(Math.max(x, -40)))),
  geluTanhDerivative: (x) => {
    if (x !== x) return x;
    const xc = Math.min(Math.max(x, -40), 40);
    const v = geluV(xc);
    const v1 = GELU_C1[0] * (1 + 3 * 0.044715 * xc * xc); // x v' needs no more than its rounding: 1 + x v' (1 - s) does not cancel in the tails
    return sigmoidTwo(v) * (1 + xc * v1 * sigmoidTwo([-v[0], -v[1]]));
  },
};

/**
 * Where a binary function's result cancels for soft targets (the gradient
 * sigmoid(x) - y near sigmoid(x) = y), its error is measured in units of
 * ULP(result) + 2^-p S(x, y), S the size of the terms (docs/accuracy.md).
 */
export const SCALE: { readonly [K in ElementwiseName]?: (x: number, y: number) => number } = {
  binaryCrossEntropyWithLogitsGradient: (x, y) => (1 - y) * sigmoid64(x) + y * sigmoid64(-x),
};
