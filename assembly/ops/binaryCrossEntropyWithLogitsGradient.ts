// Its gradient: out[i] = sigmoid(x[i]) - t[i] (NaN for t[i] outside [0, 1]).
// One kernel for both tiers (../family.ts): float32 in float64 lanes,
// rounded once; float64 with compensated steps; the same bits in every build.
import '../data';
import { mapFamily32x2, mapFamily64x2, BceGradient } from '../family';

export function f32_accurate(x: usize, t: usize, out: usize, n: usize): void { mapFamily32x2<BceGradient>(x, t, out, n); }
export function f64_accurate(x: usize, t: usize, out: usize, n: usize): void { mapFamily64x2<BceGradient>(x, t, out, n); }
export { f32_accurate as f32_fast, f64_accurate as f64_fast };
