// softmax over rows: see ../softmax.ts. (x, y, rows, n): y may be x.
import '../data';
import { softmax32Fast, softmax32Accurate, softmax64 } from '../softmax';

export function f32_fast(x: usize, y: usize, rows: usize, n: usize): void { softmax32Fast(x, y, rows, n); }
export function f32_accurate(x: usize, y: usize, rows: usize, n: usize): void { softmax32Accurate(x, y, rows, n); }
export function f64_accurate(x: usize, y: usize, rows: usize, n: usize): void { softmax64(x, y, rows, n); }
export { f64_accurate as f64_fast };
