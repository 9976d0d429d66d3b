// softplus(x) = log(1 + e^x).
// Fast tier, float32: in float32 lanes (../fast.ts). Accurate tier, and
// float64 in both tiers: float32 in float64 lanes rounded once, float64 with
// compensated steps (../family.ts); the same bits in every build.
import '../data';
import { mapFamily32, mapFamily64, Softplus } from '../family';
import { mapFast32 } from '../loops';
import { SoftplusFast } from '../fast';

export function f32_fast(x: usize, y: usize, n: usize): void { mapFast32<SoftplusFast>(x, y, n); }
export function f32_accurate(x: usize, y: usize, n: usize): void { mapFamily32<Softplus>(x, y, n); }
export function f64_accurate(x: usize, y: usize, n: usize): void { mapFamily64<Softplus>(x, y, n); }
export { f64_accurate as f64_fast };
