// The logistic loss from logits: out[i] = softplus(x[i]) - x[i] t[i] (NaN for t[i] outside [0, 1]).
// Fast tier, float32: in float32 lanes (../fast.ts). Accurate tier, and
// float64 in both tiers: float32 in float64 lanes rounded once, float64 with
// compensated steps (../family.ts); the same bits in every build.
import '../data';
import { mapFamily32x2, mapFamily64x2, Bce } from '../family';
import { mapFast32x2 } from '../loops';
import { BceFast } from '../fast';

export function f32_fast(x: usize, t: usize, out: usize, n: usize): void { mapFast32x2<BceFast>(x, t, out, n); }
export function f32_accurate(x: usize, t: usize, out: usize, n: usize): void { mapFamily32x2<Bce>(x, t, out, n); }
export function f64_accurate(x: usize, t: usize, out: usize, n: usize): void { mapFamily64x2<Bce>(x, t, out, n); }
export { f64_accurate as f64_fast };
