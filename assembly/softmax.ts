// Softmax over rows and its relatives: each kernel runs over `rows` rows of
// `n` elements, one after another in memory (row r at element r n), and
// computes each row on its own. No constant tables of their own (the
// exponentials and the logarithm are ./fast.ts's and ./family.ts's, their
// constants read from those tables): a new table would add a segment every
// kernel's record key might name (scripts/wasm-binary.mjs dataRead).
//
// A row: its maximum m (exact; NaN if an element is NaN), then
//   e_i = e^(x_i - m) <= 1 and S = sum e_i >= 1, so nothing overflows and the
//   largest element's e is exactly 1;
//   softmax_i = e_i / S; logSoftmax_i = (x_i - m) - log S: two terms of one
//   sign, no cancellation (x_i - log-sum-exp would cancel where x_i is near it);
//   the loss against targets t: sum t_i ((m - x_i) + log S), terms >= 0
//   (t_i = 0 terms left out, so a -Inf logit with no target mass costs 0);
//   its gradient softmax_i - t_i; the backward step y_i (dy_i - sum_j dy_j y_j).
// Special rows: a NaN anywhere, or every element -Inf: NaN in that row only;
// +Inf elements (k of them) share the mass, 1/k each (log: -log k), the
// others 0 (log: -Inf).
//
// The sums never grow with the row length's error: float32 rows are summed
// in float64 (2^-53 per addition: 10^5 elements cost 2^-36 at worst), in four
// interleaved lanes (element i into lane i mod 4, combined as (l0 + l1) +
// (l2 + l3)) in every build, so SIMD and scalar results are the same bits;
// float64 rows are summed compensated (Neumaier), in index order.
//
// Tiers, float32: fast (softmax only): e' = 2^64 e^-(m - x_i)
// in float32 lanes, by ./fast.ts's core (expScaled) with m - x_i rounded once
// (the bound allows it), fused where the relaxed build fuses (its row tails
// as one padded vector); softmax_i = e'_i c, c = 1/S' rounded to float32. Accurate: in float64 lanes, m - x_i exact (both are
// float32), e^-z by ./family.ts (2^-32), each result rounded once; log-softmax
// runs it in both tiers (its largest element's log-probability is -(S - 1)
// for a dominant one, and S - 1 from float32 e' would carry every other
// element's rounded m - x_i: 27 ULP, measured). float64
// (both tiers): m - x_i carried in two parts (TwoSum) into the exponential
// (./family.ts expScaledTwo), the sums compensated.

import { coreConstant, expScaled } from './fast';
import { TAIL } from './loops';
import { expScaled as expFamily, expScaledTwo, sumError, productError, logAny } from './family';
import { widenLo, widenHi, narrow } from './lanes';

// ---- constants (immediates) -------------------------------------------------
@inline const ZMAX32: f32 = 128; // 2^64 e^-128 is still normal, and 10^5 of e^-128 stay far below the smallest subnormal
@inline const ZMAX32_ACC: f64 = 120; // ./family.ts's float32 limit
@inline const ZMAX64: f64 = 760; // and its float64 one
@inline const TWO_M64: f64 = 5.421010862427522e-20; // 2^-64
@inline const TWO_M512: f64 = 7.458340731200207e-155; // 2^-512

// ---- row reductions ----------------------------------------------------------

/**
 * The maximum of n float32 (NaN if one is NaN; -Inf for none). SIMD: four
 * independent accumulators of pmax (one instruction each: f32x4.max's NaN
 * and signed-zero rules cost V8 eight, on the loop's one dependency chain,
 * which made this pass half of softmax's time) and a NaN mask beside them;
 * a zero's sign may differ from max's, which no result depends on (m - x_i
 * is +-0 either way, and e^0 = 1).
 */
@inline function max32(x: usize, n: usize): f32 {
  let i: usize = 0;
  let m: f32 = -Infinity;
  if (ASC_FEATURE_SIMD && n >= 4) {
    let v0 = f32x4.splat(-Infinity), v1 = v0, v2 = v0, v3 = v0;
    let nan = i32x4.splat(0);
    for (; i + 16 <= n; i += 16) {
      const a = v128.load(x + (i << 2)), b = v128.load(x + (i << 2), 16), c = v128.load(x + (i << 2), 32), d = v128.load(x + (i << 2), 48);
      v0 = f32x4.pmax(v0, a); v1 = f32x4.pmax(v1, b); v2 = f32x4.pmax(v2, c); v3 = f32x4.pmax(v3, d);
      nan = v128.or(nan, v128.or(v128.or(f32x4.ne(a, a), f32x4.ne(b, b)), v128.or(f32x4.ne(c, c), f32x4.ne(d, d))));
    }
    for (; i + 4 <= n; i += 4) {
      const a = v128.load(x + (i << 2));
      v0 = f32x4.pmax(v0, a);
      nan = v128.or(nan, f32x4.ne(a, a));
    }
    const v = f32x4.max(f32x4.max(v0, v1), f32x4.max(v2, v3));
    m = v128.any_true(nan) ? NaN : max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
  }
  for (; i < n; i++) m = max(m, load<f32>(x + (i << 2)));
  return m;
}

/** The maximum of n float64 (NaN if one is NaN), as max32: independent pmax accumulators and a NaN mask. */
@inline function max64(x: usize, n: usize): f64 {
  let i: usize = 0;
  let m: f64 = -Infinity;
  if (ASC_FEATURE_SIMD && n >= 2) {
    let v0 = f64x2.splat(-Infinity), v1 = v0, v2 = v0, v3 = v0;
    let nan = i32x4.splat(0);
    for (; i + 8 <= n; i += 8) {
      const a = v128.load(x + (i << 3)), b = v128.load(x + (i << 3), 16), c = v128.load(x + (i << 3), 32), d = v128.load(x + (i << 3), 48);
      v0 = f64x2.pmax(v0, a); v1 = f64x2.pmax(v1, b); v2 = f64x2.pmax(v2, c); v3 = f64x2.pmax(v3, d);
      nan = v128.or(nan, v128.or(v128.or(f64x2.ne(a, a), f64x2.ne(b, b)), v128.or(f64x2.ne(c, c), f64x2.ne(d, d))));
    }
    for (; i + 2 <= n; i += 2) {
      const a = v128.load(x + (i << 3));
      v0 = f64x2.pmax(v0, a);
      nan = v128.or(nan, f64x2.ne(a, a));
    }
    const v = f64x2.max(f64x2.max(v0, v1), f64x2.max(v2, v3));
    m = v128.any_true(nan) ? NaN : max(f64x2.extract_lane(v, 0), f64x2.extract_lane(v, 1));
  }
  for (; i < n; i++) m = max(m, load<f64>(x + (i << 3)));
  return m;
}

/**
 * A special row (m NaN, -Inf or +Inf: see the header) written to y, n
 * float32 or float64 (`wide`); `log`: log-probabilities. Returns whether the
 * row was special.
 */
@inline function specialRow(x: usize, y: usize, n: usize, m: f64, wide: bool, log: bool): bool {
  if (m == m && m != Infinity && m != -Infinity) return false;
  if (m != Infinity) {
    for (let i: usize = 0; i < n; i++) {
      if (wide) store<f64>(y + (i << 3), NaN);
      else store<f32>(y + (i << 2), NaN);
    }
    return true;
  }
  let k: f64 = 0;
  for (let i: usize = 0; i < n; i++) if ((wide ? load<f64>(x + (i << 3)) : <f64>load<f32>(x + (i << 2))) == Infinity) k += 1;
  const share = log ? -logAny<f64>(k, 0, true) : 1 / k; // not Math.log: its tables would be a new data segment (see the header)
  const rest = log ? -Infinity : 0;
  for (let i: usize = 0; i < n; i++) {
    const inf = (wide ? load<f64>(x + (i << 3)) : <f64>load<f32>(x + (i << 2))) == Infinity;
    if (wide) store<f64>(y + (i << 3), inf ? share : rest);
    else store<f32>(y + (i << 2), <f32>(inf ? share : rest));
  }
  return true;
}

// ---- float32, fast: float32 lanes ----------------------------------------------

/**
 * Pass 2 of a float32 row, fast tier: e'_i = 2^64 e^-(m - x_i), stored at y,
 * and their sum. The sum: in blocks of 16 elements, each of the four lanes
 * (element i in lane i mod 4) adds its four e' in float32, pairwise ((e_j +
 * e_j+4) + (e_j+8 + e_j+12): two roundings of 2^-24, whatever the row's
 * length), then into its float64 lane; the last elements one by one into
 * their float64 lanes; the lanes combined as (l0 + l1) + (l2 + l3). The scalar
 * build takes the same steps (the same bits). The relaxed build runs the
 * row's last n mod 4 elements as one padded vector (TAIL; its other lanes
 * -Inf, their e' masked out of the sum), as every fast kernel does, so an
 * element's result does not depend on its position.
 */
@inline function expSum32(x: usize, y: usize, n: usize, m: f32): f64 {
  let l0: f64 = 0, l1: f64 = 0, l2: f64 = 0, l3: f64 = 0;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    const nl = coreConstant<v128>(0), magic = coreConstant<v128>(1), lh = coreConstant<v128>(2), ll = coreConstant<v128>(3);
    const c6 = coreConstant<v128>(4), c5 = coreConstant<v128>(5), c4 = coreConstant<v128>(6), c3 = coreConstant<v128>(7);
    const c2 = coreConstant<v128>(8), c1 = coreConstant<v128>(9), two64 = coreConstant<v128>(10);
    const mv = f32x4.splat(m);
    const zmax = f32x4.splat(ZMAX32);
    let a = f64x2.splat(0), b = f64x2.splat(0);
    for (; i + 16 <= n; i += 16) {
      const p = x + (i << 2), q = y + (i << 2);
      const e0 = expScaled<v128>(f32x4.pmin(f32x4.sub(mv, v128.load(p)), zmax), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64);
      const e1 = expScaled<v128>(f32x4.pmin(f32x4.sub(mv, v128.load(p, 16)), zmax), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64);
      const e2 = expScaled<v128>(f32x4.pmin(f32x4.sub(mv, v128.load(p, 32)), zmax), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64);
      const e3 = expScaled<v128>(f32x4.pmin(f32x4.sub(mv, v128.load(p, 48)), zmax), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64);
      v128.store(q, e0);
      v128.store(q, e1, 16);
      v128.store(q, e2, 32);
      v128.store(q, e3, 48);
      const block = f32x4.add(f32x4.add(e0, e1), f32x4.add(e2, e3));
      a = f64x2.add(a, widenLo(block));
      b = f64x2.add(b, widenHi(block));
    }
    for (; i + 4 <= n; i += 4) {
      const e = expScaled<v128>(f32x4.pmin(f32x4.sub(mv, v128.load(x + (i << 2))), zmax), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64);
      v128.store(y + (i << 2), e);
      a = f64x2.add(a, widenLo(e));
      b = f64x2.add(b, widenHi(e));
    }
    if (ASC_FEATURE_RELAXED_SIMD && i < n) {
      const tail = n - i;
      v128.store(TAIL, f32x4.splat(-Infinity));
      memory.copy(TAIL, x + (i << 2), tail << 2);
      let e = expScaled<v128>(f32x4.pmin(f32x4.sub(mv, v128.load(TAIL)), zmax), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64);
      v128.store(TAIL, e);
      memory.copy(y + (i << 2), TAIL, tail << 2);
      e = v128.and(e, i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(<i32>tail)));
      a = f64x2.add(a, widenLo(e));
      b = f64x2.add(b, widenHi(e));
      i = n;
    }
    l0 = f64x2.extract_lane(a, 0); l1 = f64x2.extract_lane(a, 1);
    l2 = f64x2.extract_lane(b, 0); l3 = f64x2.extract_lane(b, 1);
  } else {
    // The scalar build: the SIMD build's blocks, lane by lane.
    const nl = coreConstant<f32>(0), magic = coreConstant<f32>(1), lh = coreConstant<f32>(2), ll = coreConstant<f32>(3);
    const c6 = coreConstant<f32>(4), c5 = coreConstant<f32>(5), c4 = coreConstant<f32>(6), c3 = coreConstant<f32>(7);
    const c2 = coreConstant<f32>(8), c1 = coreConstant<f32>(9), two64 = coreConstant<f32>(10);
    for (; i + 16 <= n; i += 16) {
      for (let j: usize = 0; j < 4; j++) {
        const e0 = expScaled<f32>(min(m - load<f32>(x + ((i + j) << 2)), ZMAX32), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64);
        const e1 = expScaled<f32>(min(m - load<f32>(x + ((i + j + 4) << 2)), ZMAX32), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64);
        const e2 = expScaled<f32>(min(m - load<f32>(x + ((i + j + 8) << 2)), ZMAX32), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64);
        const e3 = expScaled<f32>(min(m - load<f32>(x + ((i + j + 12) << 2)), ZMAX32), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64);
        store<f32>(y + ((i + j) << 2), e0);
        store<f32>(y + ((i + j + 4) << 2), e1);
        store<f32>(y + ((i + j + 8) << 2), e2);
        store<f32>(y + ((i + j + 12) << 2), e3);
        const block = <f64>((e0 + e1) + (e2 + e3));
        if (j == 0) l0 += block; else if (j == 1) l1 += block; else if (j == 2) l2 += block; else l3 += block;
      }
    }
  }
  const nl = coreConstant<f32>(0), magic = coreConstant<f32>(1), lh = coreConstant<f32>(2), ll = coreConstant<f32>(3);
  const c6 = coreConstant<f32>(4), c5 = coreConstant<f32>(5), c4 = coreConstant<f32>(6), c3 = coreConstant<f32>(7);
  const c2 = coreConstant<f32>(8), c1 = coreConstant<f32>(9), two64 = coreConstant<f32>(10);
  for (; i < n; i++) {
    const e = expScaled<f32>(min(m - load<f32>(x + (i << 2)), ZMAX32), nl, magic, lh, ll, c6, c5, c4, c3, c2, c1, two64); // -Inf: +Inf, then 128
    store<f32>(y + (i << 2), e);
    const lane = i & 3;
    if (lane == 0) l0 += e; else if (lane == 1) l1 += e; else if (lane == 2) l2 += e; else l3 += e;
  }
  return (l0 + l1) + (l2 + l3);
}

/** log(1 + t) for t >= 0 in float64: 1 + t = u exactly plus its rounding (TwoSum), then ./family.ts's logarithm. */
@inline function log1p64(t: f64, precise: bool): f64 {
  const u = 1 + t;
  return logAny<f64>(u, sumError<f64>(1, t, u) / u, precise);
}

/** softmax over each row, float32, fast tier. */
export function softmax32Fast(x: usize, y: usize, rows: usize, n: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const xr = x + r * (n << 2), yr = y + r * (n << 2);
    const m = max32(xr, n);
    if (specialRow(xr, yr, n, m, false, false)) continue;
    const c = <f32>(1 / expSum32(xr, yr, n, m)); // 2^-64 / S, normal
    let i: usize = 0;
    if (ASC_FEATURE_SIMD) {
      const cv = f32x4.splat(c);
      for (; i + 4 <= n; i += 4) v128.store(yr + (i << 2), f32x4.mul(v128.load(yr + (i << 2)), cv));
    }
    for (; i < n; i++) store<f32>(yr + (i << 2), load<f32>(yr + (i << 2)) * c);
  }
}

// ---- float32, accurate: float64 lanes ----------------------------------------------

/** e^-z 2^512 for float32 rows (z = m - x_i, exact), ./family.ts's float32 exponential, z clamped to 120. */
@inline function expAcc<V>(z: V): V {
  if (isVector<V>()) return <V>expFamily<v128>(f64x2.pmin(<v128>z, f64x2.splat(ZMAX32_ACC)), false, false);
  else return <V>expFamily<f64>(min(<f64>z, ZMAX32_ACC), false, false);
}

/** The sum of 2^512 e^-(m - x_i) over a float32 row, in float64 (four interleaved lanes); `less1`: less 2^512, as expSum32. */
@inline function expSum32Acc(x: usize, n: usize, m: f64, less1: bool = false): f64 {
  let l0: f64 = 0, l1: f64 = 0, l2: f64 = 0, l3: f64 = 0;
  let ones: i64 = 0;
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    const mv = f64x2.splat(m);
    const top = f64x2.splat(1.3407807929942597e154); // 2^512
    let a = f64x2.splat(0), b = f64x2.splat(0);
    let count = i64x2.splat(0);
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(x + (i << 2));
      let ea = expAcc<v128>(f64x2.sub(mv, widenLo(v)));
      let eb = expAcc<v128>(f64x2.sub(mv, widenHi(v)));
      if (less1) {
        const oa = f64x2.eq(ea, top), ob = f64x2.eq(eb, top);
        count = i64x2.sub(i64x2.sub(count, oa), ob);
        ea = v128.andnot(ea, oa);
        eb = v128.andnot(eb, ob);
      }
      a = f64x2.add(a, ea);
      b = f64x2.add(b, eb);
    }
    l0 = f64x2.extract_lane(a, 0); l1 = f64x2.extract_lane(a, 1);
    l2 = f64x2.extract_lane(b, 0); l3 = f64x2.extract_lane(b, 1);
    if (less1) ones = i64x2.extract_lane(count, 0) + i64x2.extract_lane(count, 1);
  }
  for (; i < n; i++) {
    let e = expAcc<f64>(m - <f64>load<f32>(x + (i << 2)));
    if (less1 && e == 1.3407807929942597e154) {
      ones++;
      e = 0;
    }
    const lane = i & 3;
    if (lane == 0) l0 += e; else if (lane == 1) l1 += e; else if (lane == 2) l2 += e; else l3 += e;
  }
  const sum = (l0 + l1) + (l2 + l3);
  return less1 ? sum + <f64>(ones - 1) * 1.3407807929942597e154 : sum;
}

/** softmax over each row, float32, accurate tier: e^-(m - x_i) / S in float64, rounded once. */
export function softmax32Accurate(x: usize, y: usize, rows: usize, n: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const xr = x + r * (n << 2), yr = y + r * (n << 2);
    const m32 = max32(xr, n);
    if (specialRow(xr, yr, n, m32, false, false)) continue;
    const m = <f64>m32;
    const s = expSum32Acc(xr, n, m);
    let i: usize = 0;
    if (ASC_FEATURE_SIMD) {
      const mv = f64x2.splat(m), sv = f64x2.splat(s);
      for (; i + 4 <= n; i += 4) {
        const v = v128.load(xr + (i << 2));
        v128.store(yr + (i << 2), narrow(f64x2.div(expAcc<v128>(f64x2.sub(mv, widenLo(v))), sv), f64x2.div(expAcc<v128>(f64x2.sub(mv, widenHi(v))), sv)));
      }
    }
    for (; i < n; i++) store<f32>(yr + (i << 2), <f32>(expAcc<f64>(m - <f64>load<f32>(xr + (i << 2))) / s));
  }
}

/** log-softmax over each row, float32, accurate tier: (x_i - m) - log S in float64, rounded once. */
export function logSoftmax32Accurate(x: usize, y: usize, rows: usize, n: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const xr = x + r * (n << 2), yr = y + r * (n << 2);
    const m32 = max32(xr, n);
    if (specialRow(xr, yr, n, m32, false, true)) continue;
    const m = <f64>m32;
    const lse = log1p64(expSum32Acc(xr, n, m, true) * TWO_M512, true);
    let i: usize = 0;
    if (ASC_FEATURE_SIMD) {
      const mv = f64x2.splat(m), lv = f64x2.splat(lse);
      for (; i + 4 <= n; i += 4) {
        const v = v128.load(xr + (i << 2));
        v128.store(yr + (i << 2), narrow(f64x2.sub(f64x2.sub(widenLo(v), mv), lv), f64x2.sub(f64x2.sub(widenHi(v), mv), lv)));
      }
    }
    for (; i < n; i++) store<f32>(yr + (i << 2), <f32>((<f64>load<f32>(xr + (i << 2)) - m) - lse));
  }
}

// ---- float64 (both tiers) ---------------------------------------------------------

// A compensated sum (Neumaier), in index order: the running sum and its
// correction as module globals (the modules of this file alone have them).
let sumHi: f64 = 0;
let sumLo: f64 = 0;
@inline function sumReset(): void {
  sumHi = 0;
  sumLo = 0;
}
@inline function sumAdd(v: f64): void {
  const s = sumHi;
  const t = s + v;
  sumLo += abs(s) >= abs(v) ? (s - t) + v : (v - t) + s;
  sumHi = t;
}

/** 2^512 e^-(m - x): m - x = z + zl exactly (TwoSum), z clamped to 760 (-Inf: 0 there). */
@inline function exp64(m: f64, x: f64): f64 {
  const z = m - x;
  const zl = z < ZMAX64 ? sumError<f64>(m, -x, z) : 0;
  return expScaledTwo<f64>(min(z, ZMAX64), zl, false);
}

/**
 * Pass 2 of a float64 row: the sum of 2^512 e^-(m - x_i), compensated, in
 * index order, into sumHi + sumLo (the values stored at y when `store`).
 */
@inline function expSum64(x: usize, y: usize, n: usize, m: f64, keep: bool, less1: bool = false): void {
  sumReset();
  let ones: f64 = 0;
  for (let i: usize = 0; i < n; i++) {
    const e = exp64(m, load<f64>(x + (i << 3)));
    if (keep) store<f64>(y + (i << 3), e);
    if (less1 && e == 1.3407807929942597e154) ones += 1;
    else sumAdd(e);
  }
  if (less1) sumAdd((ones - 1) * 1.3407807929942597e154);
}

/** softmax over each row, float64. */
export function softmax64(x: usize, y: usize, rows: usize, n: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const xr = x + r * (n << 3), yr = y + r * (n << 3);
    const m = max64(xr, n);
    if (specialRow(xr, yr, n, m, true, false)) continue;
    expSum64(xr, yr, n, m, true);
    const s = sumHi + sumLo;
    for (let i: usize = 0; i < n; i++) store<f64>(yr + (i << 3), load<f64>(yr + (i << 3)) / s);
  }
}

/** log-softmax over each row, float64: ((x_i - m) - log S) + the rounding of x_i - m. */
export function logSoftmax64(x: usize, y: usize, rows: usize, n: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const xr = x + r * (n << 3), yr = y + r * (n << 3);
    const m = max64(xr, n);
    if (specialRow(xr, yr, n, m, true, true)) continue;
    expSum64(xr, yr, n, m, false, true);
    // log S = log(1 + T), T = S - 1 = (sumHi + sumLo) 2^-512: 1 + T = u exactly plus its rounding
    const t = (sumHi + sumLo) * TWO_M512;
    const tLo = (sumLo - (t * 1.3407807929942597e154 - sumHi)) * TWO_M512;
    const u = 1 + t;
    const lse = logAny<f64>(u, (sumError<f64>(1, t, u) + tLo) / u, true);
    for (let i: usize = 0; i < n; i++) {
      const xi = load<f64>(xr + (i << 3));
      const d = xi - m;
      const dl = d > -Infinity ? sumError<f64>(xi, -m, d) : 0;
      store<f64>(yr + (i << 3), (d - lse) + dl);
    }
  }
}

// ---- the backward step, the loss and its gradient: both tiers, one kernel ----
// Loops in float64 (float32 elements widened, each result rounded once), the
// same results in every build: scalar loops, but for the row's maximum and
// exponential sums (as above) and the float32 gradient's last pass (float64
// lanes, as softmax32Accurate's).

/** dx = y (dy - sum(dy y)) per row, float32: the products exact in float64, the sum in index order. */
export function softmaxBackward32(y: usize, dy: usize, dx: usize, rows: usize, n: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const o = r * (n << 2);
    let s: f64 = 0;
    for (let i: usize = 0; i < n; i++) s += <f64>load<f32>(y + o + (i << 2)) * <f64>load<f32>(dy + o + (i << 2));
    for (let i: usize = 0; i < n; i++) {
      const a = <f64>load<f32>(y + o + (i << 2));
      store<f32>(dx + o + (i << 2), <f32>(a * (<f64>load<f32>(dy + o + (i << 2)) - s)));
    }
  }
}

/** dx = y (dy - sum(dy y)) per row, float64: the sum of products compensated (Dekker products, Neumaier sum), dy - s in two parts. */
export function softmaxBackward64(y: usize, dy: usize, dx: usize, rows: usize, n: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const o = r * (n << 3);
    sumReset();
    let pe: f64 = 0;
    for (let i: usize = 0; i < n; i++) {
      const a = load<f64>(y + o + (i << 3)), b = load<f64>(dy + o + (i << 3));
      const p = a * b;
      sumAdd(p);
      pe += productError<f64>(a, b, p);
    }
    const s = sumHi + sumLo;
    const sLo = (sumLo - (s - sumHi)) + pe;
    for (let i: usize = 0; i < n; i++) {
      const a = load<f64>(y + o + (i << 3)), b = load<f64>(dy + o + (i << 3));
      const t = b - s;
      store<f64>(dx + o + (i << 3), a * t + a * (sumError<f64>(b, -s, t) - sLo));
    }
  }
}

/** log S for a row (finite maximum m): float32 (`wide` false) or float64 elements, through log1p(S - 1). */
@inline function logSumOf(x: usize, n: usize, m: f64, wide: bool): f64 {
  if (!wide) return log1p64(expSum32Acc(x, n, m, true) * TWO_M512, true);
  expSum64(x, 0, n, m, false, true);
  const t = (sumHi + sumLo) * TWO_M512;
  const tLo = (sumLo - (t * 1.3407807929942597e154 - sumHi)) * TWO_M512;
  const u = 1 + t;
  return logAny<f64>(u, (sumError<f64>(1, t, u) + tLo) / u, true);
}

@inline function at(x: usize, i: usize, wide: bool): f64 {
  return wide ? load<f64>(x + (i << 3)) : <f64>load<f32>(x + (i << 2));
}

/**
 * The loss of one row against probability targets t (`classes` false) or
 * the class index c: sum t_i ((m - x_i) + log S), terms with t_i = 0 left
 * out; NaN for a target outside [0, 1] or NaN, or a special row (NaN, all
 * -Inf); with +Inf logits, log k for target mass on them, +Inf for mass
 * elsewhere.
 */
@inline function rowLoss(x: usize, t: usize, c: u32, n: usize, wide: bool, classes: bool): f64 {
  if (!classes) {
    for (let i: usize = 0; i < n; i++) {
      const ti = at(t, i, wide);
      if (!(ti >= 0 && ti <= 1)) return NaN;
    }
  }
  const m = wide ? max64(x, n) : <f64>max32(x, n);
  if (m != m || m == -Infinity) return NaN;
  if (m == Infinity) {
    let k: f64 = 0;
    for (let i: usize = 0; i < n; i++) if (at(x, i, wide) == Infinity) k += 1;
    const lk = logAny<f64>(k, 0, true);
    if (classes) return at(x, c, wide) == Infinity ? lk : Infinity;
    let loss: f64 = 0;
    for (let i: usize = 0; i < n; i++) {
      const ti = at(t, i, wide);
      if (ti != 0) loss += ti * (at(x, i, wide) == Infinity ? lk : Infinity);
    }
    return loss;
  }
  const lse = logSumOf(x, n, m, wide);
  if (classes) {
    const xc = at(x, c, wide);
    if (xc == -Infinity) return Infinity;
    const a = m - xc;
    return wide ? (a + lse) + sumError<f64>(m, -xc, a) : a + lse;
  }
  sumReset();
  let lo: f64 = 0;
  for (let i: usize = 0; i < n; i++) {
    const ti = at(t, i, wide);
    if (ti == 0) continue;
    const xi = at(x, i, wide);
    if (xi == -Infinity) return Infinity; // target mass on a logit of probability 0
    const a = m - xi; // exact for float32 elements; its rounding, for float64, in lo
    const v = a + lse;
    sumAdd(ti * v);
    if (wide) lo += ti * (sumError<f64>(a, lse, v) + (xi > -Infinity ? sumError<f64>(m, -xi, a) : 0));
  }
  return sumHi + (sumLo + lo);
}

/** The loss per row, probability targets of the logits' shape. */
export function crossEntropy32(x: usize, t: usize, loss: usize, rows: usize, n: usize): void {
  for (let r: usize = 0; r < rows; r++) store<f32>(loss + (r << 2), <f32>rowLoss(x + r * (n << 2), t + r * (n << 2), 0, n, false, false));
}
export function crossEntropy64(x: usize, t: usize, loss: usize, rows: usize, n: usize): void {
  for (let r: usize = 0; r < rows; r++) store<f64>(loss + (r << 3), rowLoss(x + r * (n << 3), t + r * (n << 3), 0, n, true, false));
}
/** The loss per row, a class index per row (u32, checked by the caller: < n). */
export function crossEntropyClasses32(x: usize, c: usize, loss: usize, rows: usize, n: usize): void {
  for (let r: usize = 0; r < rows; r++) store<f32>(loss + (r << 2), <f32>rowLoss(x + r * (n << 2), 0, load<u32>(c + (r << 2)), n, false, true));
}
export function crossEntropyClasses64(x: usize, c: usize, loss: usize, rows: usize, n: usize): void {
  for (let r: usize = 0; r < rows; r++) store<f64>(loss + (r << 3), rowLoss(x + r * (n << 3), 0, load<u32>(c + (r << 2)), n, true, true));
}

/**
 * The loss's gradient softmax(x) - t for one row (t: probability targets, or
 * the one-hot row of class c), NaN where a target is outside [0, 1].
 * float32: softmax in float64 (e^-(m - x_i) / S), minus t_i, rounded once;
 * float64: softmax as softmax64, minus t_i.
 */
@inline function rowGradient(x: usize, t: usize, c: u32, g: usize, n: usize, wide: bool, classes: bool): void {
  const m = wide ? max64(x, n) : <f64>max32(x, n);
  let s: f64 = 0;
  const special = specialRow(x, g, n, m, wide, false); // the special row's probabilities, written to g
  if (!special) {
    if (wide) {
      expSum64(x, g, n, m, true);
      s = sumHi + sumLo;
    } else s = expSum32Acc(x, n, m);
  }
  let i: usize = 0;
  if (ASC_FEATURE_SIMD && !wide && !special) {
    // float32, four at a time in float64 lanes: softmax32Accurate's operations (the same bits as the loop
    // below), minus the targets; with class indices, p - 0 here and element c again below.
    const mv = f64x2.splat(m), sv = f64x2.splat(s), zero = f64x2.splat(0), one = f64x2.splat(1), nan = f64x2.splat(NaN);
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(x + (i << 2));
      let lo = f64x2.div(expAcc<v128>(f64x2.sub(mv, widenLo(v))), sv);
      let hi = f64x2.div(expAcc<v128>(f64x2.sub(mv, widenHi(v))), sv);
      if (!classes) {
        const tv = v128.load(t + (i << 2));
        const tl = widenLo(tv), th = widenHi(tv);
        lo = v128.bitselect(f64x2.sub(lo, tl), nan, v128.and(f64x2.ge(tl, zero), f64x2.le(tl, one)));
        hi = v128.bitselect(f64x2.sub(hi, th), nan, v128.and(f64x2.ge(th, zero), f64x2.le(th, one)));
      }
      v128.store(g + (i << 2), narrow(lo, hi));
    }
    if (classes && <usize>c < i) store<f32>(g + (<usize>c << 2), <f32>(expAcc<f64>(m - <f64>load<f32>(x + (<usize>c << 2))) / s - 1.0));
  }
  for (; i < n; i++) {
    const ti = classes ? (i == <usize>c ? 1.0 : 0.0) : at(t, i, wide);
    let p: f64;
    if (special) p = at(g, i, wide);
    else if (wide) p = load<f64>(g + (i << 3)) / s;
    else p = expAcc<f64>(m - <f64>load<f32>(x + (i << 2))) / s;
    const v = ti >= 0 && ti <= 1 ? p - ti : NaN;
    if (wide) store<f64>(g + (i << 3), v);
    else store<f32>(g + (i << 2), <f32>v);
  }
}

export function crossEntropyGradient32(x: usize, t: usize, g: usize, rows: usize, n: usize): void {
  for (let r: usize = 0; r < rows; r++) rowGradient(x + r * (n << 2), t + r * (n << 2), 0, g + r * (n << 2), n, false, false);
}
export function crossEntropyGradient64(x: usize, t: usize, g: usize, rows: usize, n: usize): void {
  for (let r: usize = 0; r < rows; r++) rowGradient(x + r * (n << 3), t + r * (n << 3), 0, g + r * (n << 3), n, true, false);
}
export function crossEntropyGradientClasses32(x: usize, c: usize, g: usize, rows: usize, n: usize): void {
  for (let r: usize = 0; r < rows; r++) rowGradient(x + r * (n << 2), 0, load<u32>(c + (r << 2)), g + r * (n << 2), n, false, true);
}
export function crossEntropyGradientClasses64(x: usize, c: usize, g: usize, rows: usize, n: usize): void {
  for (let r: usize = 0; r < rows; r++) rowGradient(x + r * (n << 3), 0, load<u32>(c + (r << 2)), g + r * (n << 3), n, true, true);
}
