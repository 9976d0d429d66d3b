#!/usr/bin/env python3
"""Reference values for the sigmoid kernels and the sigmoid family, from mpmath at 200 bits.

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

The sigmoid family (issue 11), with --sets family: for each point (x, y)
    tanh(x), tanhDerivative(x) = 1 - tanh(x)^2, silu(x) = x sigmoid(x),
    siluDerivative(x) = sigmoid(x) (1 + x (1 - sigmoid(x))),
    softplus(x) = log(1 + e^x), logSigmoid(x) = -softplus(-x),
    logit(x) = log(x / (1 - x)) (NaN outside [0, 1]),
    bce(x, y) = softplus(x) - x y = (1 - y) softplus(x) + y softplus(-x),
    bceGradient(x, y) = sigmoid(x) - y
each as a (hi, lo) pair as above, into family-<type>.bin, little-endian
float64 rows of FAMILY_COLUMNS = 20 values:
    x, y, then hi, lo for each of FAMILY (the order of the list below)
y is the target of the loss: 0, 1, or a soft value in (0, 1) (from a list of
edge values, uniform, log-spaced towards 0 and towards 1, and the sigmoid of
the row's x rounded to the type and its neighbours, where the gradient
cancels), in turn; a few rows have y outside [0, 1] or NaN (the loss and the
gradient are NaN there). The x set: the sigmoid's (above), the thresholds of
each function in the type and their neighbours (where tanh rounds to 1,
softplus to x, results turn subnormal and underflow, the zero of
siluDerivative and the edges of its absolute-error band -1.4 .. -1.15), and
points in [0, 1] for logit (uniform, log-spaced towards 0 and 1, around 1/2).

Usage: python3 scripts/reference.py [--count N] [--out DIR] [--types f32,f64] [--sets sigmoid,family] [--family-count M]
  --count N         random/log-spaced points per type (default 4000: the
                    test-sized set that is committed; issue larger sets with
                    --out elsewhere)
  --family-count M  the same for the family (default 300: the committed
                    test/fixtures/family-<type>.bin)
"""
import argparse
import math
import json
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


# ---- the sigmoid family ------------------------------------------------------------

FAMILY = ["tanh", "tanhDerivative", "silu", "siluDerivative", "softplus", "logSigmoid", "logit", "bce", "bceGradient",
          "gelu", "geluDerivative", "geluTanh", "geluTanhDerivative"]
FAMILY_COLUMNS = 2 + 2 * len(FAMILY)
# The table's names (src/ops.ts) where they differ from these: family-columns.json, written beside
# the family files, gives the tests their columns by these names.
TABLE_NAME = {"bce": "binaryCrossEntropyWithLogits", "bceGradient": "binaryCrossEntropyWithLogitsGradient"}

# Soft targets every type has: halves, quarters, powers of two near 0 and 1.
EDGE_TARGETS = [0.5, 0.25, 0.75, 0.1, 0.9, 1e-3, 1 - 1e-3, 1e-7, 2.0 ** -24, 1 - 2.0 ** -24, 2.0 ** -23, 1 - 2.0 ** -23,
                2.0 ** -53, 1 - 2.0 ** -53, 1e-30, 1e-300, 2.0 ** -126, 2.0 ** -149, 2.0 ** -1022, 2.0 ** -1074, 1 / 3, 2 / 3]


def sig_pair(x):
    """sigmoid(x) and sigmoid(-x) = 1 - sigmoid(x), each computed directly (finite mpf x)."""
    e = mp.exp(-abs(x))
    a = 1 / (1 + e)
    b = e / (1 + e)
    return (a, b) if x >= 0 else (b, a)


def softplus_mp(x):
    """log(1 + e^x) for a finite mpf x, without cancellation."""
    return max(x, 0) + mp.log1p(mp.exp(-abs(x)))


GELU_A = mp.mpf("0.044715")


def gelu_values(x):
    """gelu, its derivative, the tanh form and its derivative at a finite mpf x (issue 19):
    x Phi(x), Phi(x) + x phi(x); x sigmoid(v), sigmoid(v) (1 + x v' (1 - sigmoid(v))),
    v = 2 sqrt(2/pi) (x + 0.044715 x^3), with 0.044715 and sqrt(2/pi) exact."""
    if abs(x) < 1e4:
        phi_lower = mp.erfc(abs(x) / mp.sqrt(2)) / 2  # Phi(-|x|), no cancellation
    else:  # mpmath's erfc gives up on huge arguments; the leading term is far below every float64 here
        phi_lower = mp.exp(-x * x / 2) / (abs(x) * mp.sqrt(2 * mp.pi))
    Phi = phi_lower if x < 0 else 1 - phi_lower
    density = mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)
    c = 2 * mp.sqrt(2 / mp.pi)
    v = c * (x + GELU_A * x ** 3)
    s, sn = sig_pair(v)
    v1 = c * (1 + 3 * GELU_A * x * x)
    gd = Phi + x * density
    if abs(gd) < mp.mpf(2) ** -100 and abs(x) < 2:  # near the zero at -0.7518: more bits for the difference
        with mp.workprec(600):
            gd = mp.erfc(-x / mp.sqrt(2)) / 2 + x * mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)
    return [x * Phi, gd, x * s, s + x * s * sn * v1]


def family_values(xf, yf):
    """The true values of FAMILY at the float x (xf) and target y (yf), as mpf (or inf, nan)."""
    nan, inf = mp.nan, mp.inf
    if math.isnan(xf):
        return [nan] * len(FAMILY)
    y_ok = not math.isnan(yf) and 0 <= yf <= 1
    y = mp.mpf(yf) if y_ok else None
    if math.isinf(xf):
        pos = xf > 0
        if not y_ok:
            loss = grad = nan
        elif pos:
            loss, grad = (inf if yf < 1 else mp.mpf(0)), 1 - y
        else:
            loss, grad = (inf if yf > 0 else mp.mpf(0)), -y
        return [mp.mpf(1 if pos else -1), mp.mpf(0), inf if pos else mp.mpf(0), mp.mpf(1 if pos else 0),
                inf if pos else mp.mpf(0), mp.mpf(0) if pos else -inf, nan, loss, grad,
                inf if pos else mp.mpf(0), mp.mpf(1 if pos else 0), inf if pos else mp.mpf(0), mp.mpf(1 if pos else 0)]
    x = mp.mpf(xf)
    s, sn = sig_pair(x)
    e2 = mp.exp(-2 * abs(x))
    tanh = mp.tanh(x)
    tanh_d = 4 * e2 / (1 + e2) ** 2
    silu = x * s
    silu_d = s + x * s * sn
    sp = softplus_mp(x)
    spn = softplus_mp(-x)
    if 0 < xf < 1:
        logit = mp.log(x / (1 - x))
    elif xf == 0:
        logit = -inf
    elif xf == 1:
        logit = inf
    else:
        logit = nan
    if y_ok:
        loss = (1 - y) * sp + y * spn
        # (1 - y) s(x) - y s(-x): for y = 0 or 1 one term, no cancellation (s(x) - 1 is 0 at
        # 200 bits from x = 139); where s(x) and y agree to many bits, again far more precisely.
        grad = (1 - y) * s - y * sn
        if abs(grad) < mp.mpf(2) ** -120 * ((1 - y) * s + y * sn):
            with mp.workprec(1200):
                s1, sn1 = sig_pair(x)
                grad = (1 - y) * s1 - y * sn1
    else:
        loss = grad = nan
    return [tanh, tanh_d, silu, silu_d, sp, -spn, logit, loss, grad] + gelu_values(x)


def family_inputs(name, count, rng):
    """The x set of the family (see the module docstring), deduplicated, in a stable order."""
    dtype, emin, vmax, p = TYPES[name]
    xs = list(inputs(name, count, rng))
    ln2 = mp.log(2)
    two = mp.mpf(2)
    thresholds = []
    # tanh: 1 - tanh(x) ~ 2 e^-2x = 2^-k (k = p + 1: tanh rounds to 1)
    thresholds += [(k + 1) * ln2 / 2 for k in range(p - 3, p + 3)]
    # tanh near 0: tanh(x) ~ x (1 - x^2 / 3), x^2 / 3 = 2^-k
    thresholds += [mp.sqrt(3 * two ** -k) for k in range(p - 2, p + 3)]
    # tanhDerivative ~ 4 e^-2|x| = 2^-k: smallest subnormal, underflow, smallest normal
    thresholds += [(k + 2) * ln2 / 2 for k in (emin, emin + 1, emin - p + 1)]
    # softplus(x) = x + log1p(e^-x) rounds to x where e^-x falls below half an ULP of x
    thresholds += [k * ln2 for k in range(p - 11, p + 2)]
    neg = []
    # silu(x) ~ x e^x for x << 0: |silu| = 2^-k (subnormal, underflow, smallest normal)
    neg += [mp.lambertw(-two ** -k, -1).real for k in (emin, emin + 1, emin - p + 1)]
    # siluDerivative ~ e^x (1 + x) for x << 0: |.| = 2^-k
    neg += [-1 + mp.lambertw(-mp.e * two ** -k, -1).real for k in (emin, emin + 1, emin - p + 1)]
    # GELU (both forms) and their derivatives for x << 0: |.| = 2^-k (subnormal, underflow, smallest normal)
    def root(f, guess):
        return mp.findroot(f, mp.mpf(guess))
    gv = lambda x: gelu_values(x)
    for k in (emin, emin + 1, emin - p + 1):
        target = -k * ln2
        guess = -math.sqrt(2 * k * math.log(2))
        for j in range(4):
            neg.append(root(lambda x: mp.log(abs(gelu_values(x)[j])) - target, guess if j < 2 else -(k * math.log(2) / 0.0714) ** (1 / 3)))
    # GELU's cut-overs: fdlibm's intervals (z = |x| / sqrt 2 = 0.84375, 1.25, 1/0.35, 0.25), the kernels' clamps
    thresholds += [mp.sqrt(2) * z for z in (mp.mpf("0.84375"), mp.mpf("1.25"), 1 / mp.mpf("0.35"), mp.mpf("0.25"))]
    thresholds += [mp.mpf(v) for v in (12, 15, 30, 39.5)]
    for t in thresholds + neg:
        for sign in (1, -1):
            xs += [float(v) for v in neighbours(dtype, float(sign * t), 8)]
    # The derivatives' zeros (GELU's and its tanh form's), their bands' edges, points inside
    for j in (1, 3):
        z0 = root(lambda x: gelu_values(x)[j], -0.75)
        xs += [float(v) for v in neighbours(dtype, float(z0), 64)]
    for t in (-1.2, -0.4):
        xs += [float(v) for v in neighbours(dtype, t, 8)]
    xs += [float(dtype(v)) for v in rng.uniform(-1.25, -0.35, count // 2)]
    # GELU's tails and middle, uniform
    xs += [float(dtype(v)) for v in rng.uniform(-40 if name == "f64" else -15, 5, count)]
    # siluDerivative: its zero, the edges of the absolute-error band, and points inside it
    zero = mp.findroot(lambda t: sig_pair(t)[0] * (1 + t * sig_pair(t)[1]), mp.mpf(-1.2784645427610738))
    xs += [float(v) for v in neighbours(dtype, float(zero), 64)]
    for t in (-1.4, -1.15):
        xs += [float(v) for v in neighbours(dtype, t, 8)]
    xs += [float(dtype(v)) for v in rng.uniform(-1.45, -1.1, count // 2)]
    # logit: [0, 1]: uniform, log-spaced towards 0 and towards 1, around 1/2, the neighbours of 0, 1/2 and 1
    tiny = float(np.nextafter(dtype(0), dtype(1)))
    xs += [float(dtype(v)) for v in rng.uniform(0, 1, count)]
    xs += [float(dtype(v)) for v in 10 ** rng.uniform(math.log10(tiny), math.log10(0.5), count // 2)]
    xs += [float(dtype(1 - v)) for v in 2.0 ** rng.uniform(-p, -1, count // 2)]
    xs += [float(dtype(0.5 + v)) for v in rng.uniform(-2.0 ** -10, 2.0 ** -10, count // 4)]
    for c in (0.5, 0.25, 0.75, 1.0, tiny):
        xs += [float(v) for v in neighbours(dtype, c, 16)]
    xs += [float(dtype(2.0 ** -k)) for k in range(1, emin + 1)]
    seen, out = set(), []
    for v in xs:
        v = float(dtype(v))
        key = struct.pack("<d", v)
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


def family_rows(name, count, rng):
    """(x, y) pairs: every x of family_inputs with a target in turn (0, 1, soft, soft), then the
    gradient's cancellation (y next to sigmoid(x)) and targets outside [0, 1]."""
    dtype, emin, vmax, p = TYPES[name]
    xs = family_inputs(name, count, rng)
    edges = [float(dtype(v)) for v in EDGE_TARGETS]
    edges = [v for v in edges if 0 < v < 1]

    def soft(j):
        kind = j % 4
        if kind == 0:
            return edges[(j // 4) % len(edges)]
        if kind == 1:
            return float(dtype(rng.uniform(0, 1)))
        if kind == 2:
            v = float(dtype(10 ** rng.uniform(-40 if name == "f32" else -300, math.log10(0.5))))
            return v if v > 0 else edges[0]
        return float(dtype(1 - 2.0 ** rng.uniform(-p, -1)))

    pairs = []
    for i, x in enumerate(xs):
        r = i % 4
        pairs.append((x, 0.0 if r == 0 else 1.0 if r == 1 else soft(i)))
    # Cancellation: y = sigmoid(x) rounded to the type, and its neighbours.
    for x in rng.uniform(-30, 30, max(1, count // 4)):
        x = float(dtype(x))
        s = float(dtype(float(sig_pair(mp.mpf(x))[0])))
        if not 0 < s < 1:
            continue
        for v in neighbours(dtype, s, 2):
            if 0 < float(v) < 1:
                pairs.append((x, float(v)))
    # Targets outside [0, 1] (NaN results), and -0 (a target of 0).
    bad_y = [math.nan, -0.5, 1.5, math.inf, -math.inf, -tiny_of(dtype), float(np.nextafter(dtype(1), dtype(2))), -0.0]
    for x in (0.0, -0.0, 1.5, -3.0, 40.0, -40.0, math.inf, -math.inf, math.nan):
        for y in bad_y:
            pairs.append((x, y))
    return pairs


def tiny_of(dtype):
    return float(np.nextafter(dtype(0), dtype(1)))


def write_family(name, count, out):
    rng = np.random.default_rng(20261201 if name == "f32" else 20261202)
    rows = []
    for x, y in family_rows(name, count, rng):
        row = [x, y]
        for v in family_values(x, y):
            row += split(v)
        rows.append(row)
    path = os.path.join(out, f"family-{name}.bin")
    with open(path, "wb") as fh:
        fh.write(np.array(rows, dtype="<f8").tobytes())
    with open(os.path.join(out, "family-columns.json"), "w") as fh:
        fh.write(json.dumps({"columns": [TABLE_NAME.get(f, f) for f in FAMILY]}, indent=2) + "\n")
    print(f"{path}: {len(rows)} points")


def write_sigmoid(name, count, out):
    rng = np.random.default_rng(20261129 if name == "f32" else 20261130)
    xs = inputs(name, count, rng)
    rows = []
    for x in xs:
        s_hi, s_lo = split(sigmoid(x))
        d_hi, d_lo = split(derivative(x))
        rows.append((x, s_hi, s_lo, d_hi, d_lo))
    path = os.path.join(out, f"{name}.bin")
    with open(path, "wb") as fh:
        fh.write(np.array(rows, dtype="<f8").tobytes())
    print(f"{path}: {len(rows)} points")


# ---- softmax over rows (issue 19) ----------------------------------------------------

def softmax_rows(name, rng):
    """The rows of the softmax fixtures: lengths 1 to 1000, entries mild to 1e4 (float32) or 1e6
    (float64), tiny probabilities down to the subnormal ones, -Inf, equal and dominant entries,
    and the special rows (NaN, all -Inf, +Inf)."""
    dtype, emin, vmax, p = TYPES[name]
    big = 1e4 if name == "f32" else 1e6
    tail = 110 if name == "f32" else 745
    rows = [[0.5], [-3.0]]
    rows += [[0.0, x] for x in (-30, -1, 0, 2, 20, 90, 745)]
    for n in (3, 10, 100):
        for sc in (1, 10, 100):
            rows.append(list(rng.normal(0, sc, n)))
    # (longer rows, to 10^5: test/api/softmax.test.ts against a float64 reference)
    rows.append(list(rng.uniform(-big, big, 200)))
    rows.append(list(rng.uniform(-big, big, 7)))
    rows.append(list(big * (1 - 2 * rng.random(64))))
    rows.append(list(rng.uniform(-tail, 0, 300)))
    rows.append([1.0] * 17)
    rows.append([50.0] + list(rng.normal(0, 1, 99)))
    rows.append([-math.inf, 0.0, 1.0, -math.inf, 2.0])
    rows.append([-math.inf, -math.inf])
    rows.append([1.0, math.nan, 2.0])
    rows.append([math.inf, 1.0, math.inf, -math.inf])
    rows.append(list(rng.normal(0, 3, 1000)))
    return [[float(dtype(v)) for v in r] for r in rows]


def softmax_exact(row):
    """The exact softmax and log-softmax of a row (mpf; None for a NaN row or one of -Inf only)."""
    if any(math.isnan(v) for v in row) or all(v == -math.inf for v in row):
        return None
    if any(v == math.inf for v in row):
        k = sum(1 for v in row if v == math.inf)
        return [(mp.mpf(1) / k, -mp.log(k)) if v == math.inf else (mp.mpf(0), -mp.inf) for v in row]
    m = max(row)
    first = row.index(m)
    xs = [mp.mpf(v) for v in row]
    t = mp.fsum(mp.exp(x - m) for j, x in enumerate(xs) if j != first and row[j] != -math.inf)  # S - 1
    lse = mp.log1p(t)
    s = 1 + t
    return [(mp.mpf(0), -mp.inf) if row[j] == -math.inf else (mp.exp(x - m) / s, (x - m) - lse) for j, x in enumerate(xs)]


def number_text(v):
    return v if math.isfinite(v) else ("NaN" if math.isnan(v) else "Infinity" if v > 0 else "-Infinity")


def write_softmax(name, out):
    """softmax-<type>.json: per row its x, the exact softmax and log-softmax (hi, lo pairs), targets t
    (probabilities: some 0, the rest random, not normalized), a class index c, the exact losses
    sum t_i (-logSoftmax_i) and -logSoftmax_c, the gradient softmax - t, and for the backward step
    the softmax rounded to the type y, a gradient dy and the exact y_i (dy_i - sum dy_j y_j)."""
    dtype = TYPES[name][0]
    rng = np.random.default_rng(20261206 if name == "f32" else 20261207)
    mp.mp.prec = 160
    rows = []
    for row in softmax_rows(name, rng):
        n = len(row)
        ex = softmax_exact(row)
        t = [0.0 if rng.random() < 0.3 else float(dtype(rng.random())) for _ in range(n)]
        c = int(rng.integers(0, n))
        entry = {"x": [number_text(v) for v in row], "t": t, "c": c}
        if ex is not None:
            entry["p"] = [split(pv) for pv, _ in ex]
            entry["l"] = [split(lv) for _, lv in ex]
            loss = mp.fsum(mp.mpf(ti) * -lv for ti, (_, lv) in zip(t, ex) if ti != 0)
            entry["loss"] = split(loss)
            entry["lossClass"] = split(-ex[c][1])
            entry["grad"] = [split(pv - mp.mpf(ti)) for ti, (pv, _) in zip(t, ex)]
            entry["gradClass"] = [split(pv - (1 if j == c else 0)) for j, (pv, _) in enumerate(ex)]
            y = [float(dtype(float(pv))) for pv, _ in ex]
            dy = [float(dtype(v)) for v in rng.normal(0, 1, n)]
            sdot = mp.fsum(mp.mpf(a) * mp.mpf(b) for a, b in zip(y, dy))
            entry["y"], entry["dy"] = y, dy
            entry["dx"] = [split(mp.mpf(a) * (mp.mpf(b) - sdot)) for a, b in zip(y, dy)]
        rows.append(entry)
    mp.mp.prec = 200
    path = os.path.join(out, f"softmax-{name}.json")
    def clean(v):
        if isinstance(v, float):
            return number_text(v)
        if isinstance(v, (list, tuple)):
            return [clean(u) for u in v]
        if isinstance(v, dict):
            return {k: clean(u) for k, u in v.items()}
        return v
    with open(path, "w") as fh:
        json.dump(clean(rows), fh, separators=(",", ":"), allow_nan=False)
        fh.write("\n")
    print(f"{path}: {len(rows)} rows, {sum(len(r['x']) for r in rows)} elements")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=4000)
    ap.add_argument("--family-count", type=int, default=300)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "test", "fixtures"))
    ap.add_argument("--types", default="f32,f64")
    ap.add_argument("--sets", default="sigmoid,family,softmax")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    sets = args.sets.split(",")
    for name in args.types.split(","):
        if "sigmoid" in sets:
            write_sigmoid(name, args.count, args.out)
        if "family" in sets:
            write_family(name, args.family_count, args.out)
        if "softmax" in sets:
            write_softmax(name, args.out)


if __name__ == "__main__":
    main()
