// log-softmax over rows: see ../softmax.ts. (x, y, rows, n): y may be x.
import '../data';
import { logSoftmax32Accurate, logSoftmax64 } from '../softmax';

export function f32_accurate(x: usize, y: usize, rows: usize, n: usize): void { logSoftmax32Accurate(x, y, rows, n); }
export function f64_accurate(x: usize, y: usize, rows: usize, n: usize): void { logSoftmax64(x, y, rows, n); }
export { f32_accurate as f32_fast, f64_accurate as f64_fast };
