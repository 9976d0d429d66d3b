// The softmax's backward step over rows, dx = y (dy - sum(dy y)): see ../softmax.ts. (y, dy, dx, rows, n); dx may be y or dy.
import '../data';
import { softmaxBackward32, softmaxBackward64 } from '../softmax';

export function f32_accurate(y: usize, dy: usize, dx: usize, rows: usize, n: usize): void { softmaxBackward32(y, dy, dx, rows, n); }
export function f64_accurate(y: usize, dy: usize, dx: usize, rows: usize, n: usize): void { softmaxBackward64(y, dy, dx, rows, n); }
export { f32_accurate as f32_fast, f64_accurate as f64_fast };
