// The softmax cross-entropy loss's gradient, softmax(x) - t, per row: see ../softmax.ts.
// (x, t, g, rows, n) with probability targets; *_classes: a u32 class index per row.
import '../data';
import { crossEntropyGradient32, crossEntropyGradient64, crossEntropyGradientClasses32, crossEntropyGradientClasses64 } from '../softmax';

export function f32_accurate(x: usize, t: usize, g: usize, rows: usize, n: usize): void { crossEntropyGradient32(x, t, g, rows, n); }
export function f64_accurate(x: usize, t: usize, g: usize, rows: usize, n: usize): void { crossEntropyGradient64(x, t, g, rows, n); }
export function f32_accurate_classes(x: usize, c: usize, g: usize, rows: usize, n: usize): void { crossEntropyGradientClasses32(x, c, g, rows, n); }
export function f64_accurate_classes(x: usize, c: usize, g: usize, rows: usize, n: usize): void { crossEntropyGradientClasses64(x, c, g, rows, n); }
export { f32_accurate as f32_fast, f64_accurate as f64_fast, f32_accurate_classes as f32_fast_classes, f64_accurate_classes as f64_fast_classes };
