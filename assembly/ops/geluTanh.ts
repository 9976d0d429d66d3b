// geluTanh: see ../gelu.ts (accurate tier, and float64) and ../geluFast.ts (fast tier, float32).
import '../data';
import { mapFamily32, mapFamily64 } from '../family';
import { mapFast32 } from '../loops';
import { GeluTanh } from '../gelu';
import { GeluTanhFast } from '../geluFast';

export function f32_fast(x: usize, y: usize, n: usize): void { mapFast32<GeluTanhFast>(x, y, n); }
export function f32_accurate(x: usize, y: usize, n: usize): void { mapFamily32<GeluTanh>(x, y, n); }
export function f64_accurate(x: usize, y: usize, n: usize): void { mapFamily64<GeluTanh>(x, y, n); }
export { f64_accurate as f64_fast };
