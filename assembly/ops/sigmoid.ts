// sigmoid(x) = 1 / (1 + e^-x): the fast tier (float32 lanes, ../fast.ts) and
// the accurate tier (float64 lanes, ../sigmoid.ts), float32 and float64.
import '../data';
import { mapFast32, mapAccurate32, map64, SIGMOID, FAST_SIGMOID } from '../loops';
import { SigmoidFast } from '../fast';

export function f32_fast(x: usize, y: usize, n: usize): void { mapFast32<SigmoidFast>(x, y, n); }
export function f32_accurate(x: usize, y: usize, n: usize): void { mapAccurate32(x, y, 0, n, SIGMOID); }
export function f64_fast(x: usize, y: usize, n: usize): void { map64(x, y, n, FAST_SIGMOID); }
export function f64_accurate(x: usize, y: usize, n: usize): void { map64(x, y, n, SIGMOID); }
