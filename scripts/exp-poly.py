#!/usr/bin/env python3
"""Fit the polynomial that the kernels use for exp(t) on the reduced range.

The kernels compute e^t for |t| <= ln(2)/2: in float64 arithmetic, degree 7
for the accurate float32 kernels and degree 11 for the float64 ones; in
float32 arithmetic, degree 6 for the fast float32 kernels (assembly/fast.ts), (plus a small margin for the
rounding of n = round(-z*log2(e))) as

    p(t) = 1 + t + t^2 * r(t),   r(t) ~ (e^t - 1 - t) / t^2

Fixing the first two coefficients at exactly 1 keeps p(0) = 1 and p'(0) = 1
exact. r is fitted with mpmath's Chebyshev interpolation (near-minimax) at
200-bit precision, its coefficients are rounded to the target precision, and
the relative error of the rounded polynomial against mpmath's exp is printed.

Usage: python3 scripts/exp-poly.py          (prints the three tables)
"""
import struct

import mpmath as mp

mp.mp.prec = 200
A = mp.mpf("0.3466") + mp.mpf("0.0004")  # ln(2)/2 = 0.34657..., plus margin


def r(t):
    if abs(t) < mp.mpf("1e-30"):
        return mp.mpf(1) / 2
    return (mp.exp(t) - 1 - t) / t**2


def rounded(c, bits):
    if bits == 32:
        return struct.unpack("<f", struct.pack("<f", float(c)))[0]
    return float(c)


def bitpattern(c, bits):
    if bits == 32:
        return "0x%08X" % struct.unpack("<I", struct.pack("<f", c))[0]
    return "0x%016X" % struct.unpack("<Q", struct.pack("<d", c))[0]


def fit(degree, bits):
    poly = mp.chebyfit(r, [-A, A], degree - 1)  # r has degree - 2
    coeffs = [rounded(c, bits) for c in poly]  # highest power first
    worst = mp.mpf(0)
    for t in mp.linspace(-A, A, 4001):
        p = 1 + t + t * t * mp.polyval([mp.mpf(c) for c in coeffs], t)
        worst = max(worst, abs(p - mp.exp(t)) / mp.exp(t))
    return coeffs, worst


for bits, degree in ((64, 7), (64, 11), (32, 6)):
    coeffs, worst = fit(degree, bits)
    use = {7: "accurate float32 results", 11: "float64 results", 6: "fast float32 results"}[degree]
    print(f"{use} (float{bits} coefficients): degree {degree} on [-{float(A)}, {float(A)}], "
          f"max relative error 2^{float(mp.log(worst, 2)):.2f}")
    # coeffs[0] multiplies t^(degree-2) inside r, i.e. t^degree in p.
    for k, c in enumerate(coeffs):
        power = degree - k
        print(f"  c{power} = {bitpattern(c, bits)}  // {c!r}")
