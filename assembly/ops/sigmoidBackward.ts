// The backward step of a sigmoid layer: dx[i] = dy[i] * y[i] * (1 - y[i]).
// float32 fast: in float32 lanes (three roundings); float32 accurate and
// float64 (both tiers): in float64 lanes.
import '../data';
import { backwardLoop } from '../loops';

export function f32_fast(y: usize, dy: usize, dx: usize, n: usize): void { backwardLoop<f32>(y, dy, dx, n, true); }
export function f32_accurate(y: usize, dy: usize, dx: usize, n: usize): void { backwardLoop<f32>(y, dy, dx, n, false); }
export function f64_accurate(y: usize, dy: usize, dx: usize, n: usize): void { backwardLoop<f64>(y, dy, dx, n, false); }
export { f64_accurate as f64_fast };
