// silu'(x) = sigmoid(x) (1 + x (1 - sigmoid(x))).
// One kernel for both tiers (../family.ts): float32 in float64 lanes,
// rounded once; float64 with compensated steps; the same bits in every build.
import '../data';
import { mapFamily32, mapFamily64, SiluDerivative } from '../family';

export function f32_accurate(x: usize, y: usize, n: usize): void { mapFamily32<SiluDerivative>(x, y, n); }
export function f64_accurate(x: usize, y: usize, n: usize): void { mapFamily64<SiluDerivative>(x, y, n); }
export { f32_accurate as f32_fast, f64_accurate as f64_fast };
