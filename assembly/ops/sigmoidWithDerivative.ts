// The sigmoid and its derivative in one pass: y[i] = sigmoid(x[i]),
// dy[i] = sigmoid'(x[i]), bitwise equal to the two separate kernels.
import '../data';
import { fusedFast32, mapAccurate32, fused64, FUSED } from '../loops';

export function f32_fast(x: usize, y: usize, dy: usize, n: usize): void { fusedFast32(x, y, dy, n); }
export function f32_accurate(x: usize, y: usize, dy: usize, n: usize): void { mapAccurate32(x, y, dy, n, FUSED); }
export function f64_fast(x: usize, y: usize, dy: usize, n: usize): void { fused64(x, y, dy, n, true); }
export function f64_accurate(x: usize, y: usize, dy: usize, n: usize): void { fused64(x, y, dy, n, false); }
