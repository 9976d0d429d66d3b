// sigmoid'(x) = sigmoid(x) (1 - sigmoid(x)), computed from x (../sigmoid.ts, ../fast.ts).
import '../data';
import { mapFast32, mapAccurate32, map64, DERIVATIVE, FAST_DERIVATIVE } from '../loops';
import { DerivativeFast } from '../fast';

export function f32_fast(x: usize, y: usize, n: usize): void { mapFast32<DerivativeFast>(x, y, n); }
export function f32_accurate(x: usize, y: usize, n: usize): void { mapAccurate32(x, y, 0, n, DERIVATIVE); }
export function f64_fast(x: usize, y: usize, n: usize): void { map64(x, y, n, FAST_DERIVATIVE); }
export function f64_accurate(x: usize, y: usize, n: usize): void { map64(x, y, n, DERIVATIVE); }
