// gelu: see ../gelu.ts (accurate tier, and float64) and ../geluFast.ts (fast tier, float32).
import '../data';
import { mapFamily32, mapFamily64 } from '../family';
import { mapFast32 } from '../loops';
import { Gelu } from '../gelu';
import { GeluFast } from '../geluFast';

export function f32_fast(x: usize, y: usize, n: usize): void { mapFast32<GeluFast>(x, y, n); }
export function f32_accurate(x: usize, y: usize, n: usize): void { mapFamily32<Gelu>(x, y, n); }
export function f64_accurate(x: usize, y: usize, n: usize): void { mapFamily64<Gelu>(x, y, n); }
export { f64_accurate as f64_fast };
