// The softmax cross-entropy loss per row, from logits: see ../softmax.ts.
// (x, t, loss, rows, n) with probability targets of x's shape; the *_classes
// exports take a u32 class index per row instead of t.
import '../data';
import { crossEntropy32, crossEntropy64, crossEntropyClasses32, crossEntropyClasses64 } from '../softmax';

export function f32_accurate(x: usize, t: usize, loss: usize, rows: usize, n: usize): void { crossEntropy32(x, t, loss, rows, n); }
export function f64_accurate(x: usize, t: usize, loss: usize, rows: usize, n: usize): void { crossEntropy64(x, t, loss, rows, n); }
export function f32_accurate_classes(x: usize, c: usize, loss: usize, rows: usize, n: usize): void { crossEntropyClasses32(x, c, loss, rows, n); }
export function f64_accurate_classes(x: usize, c: usize, loss: usize, rows: usize, n: usize): void { crossEntropyClasses64(x, c, loss, rows, n); }
export { f32_accurate as f32_fast, f64_accurate as f64_fast, f32_accurate_classes as f32_fast_classes, f64_accurate_classes as f64_fast_classes };
