#!/usr/bin/env python3
"""Reference values for the sigmoid kernels, from mpmath at 200 bits.

For each input x (a float32 or float64 value) it writes the true
    sigmoid(x)    = 1 / (1 + exp(-x))
    derivative(x) = exp(-|x|) / (1 + exp(-|x|))^2
each as a pair of float64 (hi, lo) with hi = the float64 nearest the true
value and lo = the float64 nearest (true - hi). hi + lo is within 2^-106 of
the true value in relative terms, far finer than the 2^-53 of a float64 ULP,
so ULP errors measured against it are exact to many digits.

Input sets (both types, both signs; see `inputs()`):
  special values; uniform random on several ranges; log-spaced magnitudes from
  the smallest subnormal to the largest finite value; and the neighbours (in
  ULPs) of every threshold: where sigmoid's result becomes subnormal, where it
  underflows to 0, where it rounds to 1, where the kernels clamp |x|, and
  where the range reduction changes n.

Output: test/fixtures/<type>.bin, little-endian float64 rows
    x, sigmoid_hi, sigmoid_lo, derivative_hi, derivative_lo
(NaN inputs are written as NaN rows). Seeded: the same command gives the same
bytes.

Usage: python3 scripts/reference.py [--count N] [--out DIR]
  --count N   random/log-spaced points per type (default 4000: the test-sized
              set that is committed; issue larger sets with --out elsewhere)
"""
import argparse
import math
import os
import struct

import mpmath as mp
import numpy as np

mp.mp.prec = 200

TYPES = {
    # name: numpy dtype, smallest subnormal exponent, max, significand bits
    "f32": (np.float32, 149, float(np.finfo(np.float32).max), 24),
    "f64": (np.float64, 1074, float(np.finfo(np.float64).max), 53),
}


TWO_1074 = mp.mpf(2) ** 1074
SMALLEST_NORMAL = mp.mpf(2) ** -1022


def to_f64(v):
    """The float64 nearest the mpf v, correctly rounded (subnormals too)."""
    if mp.isnan(v):
        return math.nan
    if v == 0:
        return 0.0
    if abs(v) < SMALLEST_NORMAL:
        # One rounding, to the subnormal grid 2^-1074 (to_float would round twice).
        return math.ldexp(int(mp.nint(v * TWO_1074)), -1074)
    return mp.libmp.to_float(v._mpf_, rnd=mp.libmp.round_nearest)


def split(v):
    hi = to_f64(v)
    if math.isinf(hi) or math.isnan(hi):
        return hi, 0.0
    return hi, to_f64(v - mp.mpf(hi))


def sigmoid(x):
    if math.isnan(x):
        return mp.nan
    if math.isinf(x):
        return mp.mpf(1) if x > 0 else mp.mpf(0)
    return 1 / (1 + mp.exp(-mp.mpf(x)))


def derivative(x):
    if math.isnan(x):
        return mp.nan
    if math.isinf(x):
        return mp.mpf(0)
    e = mp.exp(-abs(mp.mpf(x)))
    return e / (1 + e) ** 2


def neighbours(dtype, centre, k):
    """centre rounded to dtype, and k values either side of it, in ULP steps."""
    c = dtype(centre)
    out = [c]
    up = down = c
    for _ in range(k):
        up = np.nextafter(up, dtype(np.inf))
        down = np.nextafter(down, dtype(-np.inf))
        out += [up, down]
    return out


def inputs(name, count, rng):
    dtype, emin, vmax, p = TYPES[name]
    xs = []
    tiny = float(np.nextafter(dtype(0), dtype(1)))
    maxsub = float(np.finfo(dtype).smallest_normal) - tiny
    special = [0.0, -0.0, math.inf, -math.inf, math.nan, tiny, maxsub,
               float(np.finfo(dtype).smallest_normal), vmax, 0.5, 1.0, 2.0,
               float(dtype(math.log(2))), float(dtype(1e-10)), float(dtype(1e-30))]
    xs += special + [-v for v in special]

    ln2 = mp.log(2)
    # Thresholds of the true sigmoid in this type (x < 0 side; mirrored below):
    thresholds = [
        emin * ln2,                  # sigmoid = 2^-emin: the smallest subnormal
        (emin + 1) * ln2,            # sigmoid = 2^-(emin+1): underflow to 0 below
        (emin - p + 1) * ln2,        # sigmoid = smallest normal
        (p + 1) * ln2, p * ln2,      # 1 - sigmoid(x) = 2^-(p+1), 2^-p: rounding to 1
        (p - 1) * ln2,
        mp.mpf(104) if name == "f32" else mp.mpf(746),  # the kernels' clamp of |x|
    ]
    for t in thresholds:
        for sign in (1, -1):
            xs += [float(v) for v in neighbours(dtype, float(sign * t), 24)]
    # Range-reduction boundaries: -|x| log2(e) = k + 1/2.
    for kk in list(range(0, 20)) + list(range(20, emin + 2, 37)):
        t = (kk + mp.mpf(0.5)) * ln2
        for sign in (1, -1):
            xs += [float(v) for v in neighbours(dtype, float(sign * t), 3)]

    zmax = 110.0 if name == "f32" else 750.0
    for lo, hi, share in ((-20, 20, 4), (-zmax, zmax, 2), (-1, 1, 1), (-2, 2, 1)):
        xs += [float(dtype(v)) for v in rng.uniform(lo, hi, count * share // 8)]
    # Log-spaced magnitudes over the whole finite range, both signs.
    lmin, lmax = math.log10(tiny), math.log10(vmax)
    mags = 10 ** rng.uniform(lmin, lmax, count)
    signs = rng.choice([-1.0, 1.0], count)
    xs += [float(dtype(m * s)) for m, s in zip(mags, signs) if math.isfinite(float(dtype(m * s)))]
    # Dense log-spaced around the interesting band 1e-8 .. 750.
    mags = 10 ** rng.uniform(-8, math.log10(zmax), count)
    signs = rng.choice([-1.0, 1.0], count)
    xs += [float(dtype(m * s)) for m, s in zip(mags, signs)]

    # Deduplicate by bit pattern, keep order stable.
    seen, out = set(), []
    for v in xs:
        key = struct.pack("<d", float(dtype(v)))
        if key not in seen:
            seen.add(key)
            out.append(float(dtype(v)))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=4000)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "test", "fixtures"))
    ap.add_argument("--types", default="f32,f64")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name in args.types.split(","):
        rng = np.random.default_rng(20261129 if name == "f32" else 20261130)
        xs = inputs(name, args.count, rng)
        rows = []
        for x in xs:
            s_hi, s_lo = split(sigmoid(x))
            d_hi, d_lo = split(derivative(x))
            rows.append((x, s_hi, s_lo, d_hi, d_lo))
        path = os.path.join(args.out, f"{name}.bin")
        with open(path, "wb") as fh:
            fh.write(np.array(rows, dtype="<f8").tobytes())
        print(f"{path}: {len(rows)} points")


if __name__ == "__main__":
    main()
