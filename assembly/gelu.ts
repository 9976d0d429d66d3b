// GELU, x Phi(x), and its tanh form, x sigmoid(2u), u = sqrt(2/pi) (x +
// 0.044715 x^3), with their derivatives: the accurate tier (float32 results
// in float64 lanes, rounded once) and float64 in both tiers, written once for
// scalar and SIMD (./lanes.ts). The fast tier's float32 kernels are in
// ./geluFast.ts.
//
// Phi(-t) for t = |x| >= 0 is where the accuracy goes: 1 + erf(x / sqrt 2)
// cancels on the left (XNNPACK's f32-vgelu clamps there and flushes to 0
// below -5.12), and e^(-x^2/2) is steep: a rounded x^2/2 costs |x^2/2| ULPs.
// So both kernels write Phi(-t) = e^(-t^2/2) h(t) with t^2 carried exactly
// and h smooth:
//   float32 results: t^2 is exact in float64 (24 + 24 bits), e^(-t^2/2) is
//     ./family.ts's float32 exponential (2^-32), h(t) = erfcx(t / sqrt 2) / 2
//     a rational of degree 6/7 on [0, 15] (fitted here for the relative
//     error: 2^-32; past 15 every result has reached its limit), so every
//     result is within a hair of half an ULP;
//   float64 results: fdlibm's erf/erfc (s_erf.c; Sun Microsystems, 1993:
//     its intervals, its rational approximations and their coefficients),
//     in z = t / sqrt 2: z < 0.84375 erf = z + z R(z^2); z < 1.25 erf =
//     erx + P(z - 1) / Q(z - 1); else erfc(z) = e^(-z^2 - 0.5625 + R/S(1/z^2)) / z,
//     there with z^2 = t^2 / 2 from t t and its exact error (Dekker), its
//     low part joining the exponential's reduction (./family.ts
//     expScaledTwo), so no rounding of x^2/2 shows in the tail. All four
//     pieces are computed and one selected per lane (no branch, the same bits
//     in every build).
// Then
//   gelu(x)  = x Phi(-t) for x <= 0, x - x Phi(-t) for x > 0;
//   gelu'(x) = Phi(x) + x phi(x) = Phi(-t) - t phi(t) for x <= 0,
//              1 - (Phi(-t) - t phi(t)) for x > 0: near its zero at -0.7518
//              the difference cancels (the bound is absolute there: src/ops.ts);
//              float32: e^(-t^2/2) (h(t) - t / sqrt(2 pi)), one exponential.
// The tanh form is the sigmoid's: geluTanh(x) = x sigmoid(v), v = 2u =
// x (C1 + C3 x^2) (C1 = 2 sqrt(2/pi), C3 = 0.044715 C1), as ./family.ts's
// silu with v for x; its derivative sigmoid(v) (1 + x v' (1 - sigmoid(v))),
// v' = C1 + 3 C3 x^2, as silu's with x v' for x. A rounded v costs |v| ULPs
// in the tail (v reaches -745): float64 carries v and x v' in two parts
// (Dekker products, TwoSum), float32 needs nothing more than float64.

import { kt, add, sub, mul, div, muladd, fabs, pmin, pmax, selectBelow, selectPositive, neg } from './lanes';
import {
  one, down512, up512, expScaled, expScaledTwo, fScaledTwo, gPartsTwo, productError, sumError, PART_Q, PART_CORR,
} from './family';

// ---- constants: exact bit patterns (float64) --------------------------------
@inline const HALF: u64 = 0x3FE0000000000000;
@inline const TWO_P511: u64 = 0x5FE0000000000000; // 2^511: x / 2, scaled by 2^512
@inline const T32: u64 = 0x402E000000000000; // 15: past it every float32 result has reached its limit
@inline const NEG_T32: u64 = 0xC02E000000000000;
@inline const T64: u64 = 0x4043C00000000000; // 39.5: x Phi(-39.5) < 2^-1075; z = 27.9, inside fdlibm's 28
@inline const NEG_T64: u64 = 0xC043C00000000000;
@inline const V32MAX: u64 = 0x405E000000000000; // 120 (|v| for float32: e^-120 is far below every result)
@inline const V64MAX: u64 = 0x4087C00000000000; // 760 (|v| for float64)
@inline const X_TANH: u64 = 0x403E000000000000; // 30: |v(30)| = 1974, past 760
@inline const NEG_X_TANH: u64 = 0xC03E000000000000;
@inline const INV_SQRT2: u64 = 0x3FE6A09E667F3BCD; // 1/sqrt(2) = INV_SQRT2 + INV_SQRT2_LO
@inline const INV_SQRT2_LO: u64 = 0xBC8BDD3413B26456;
@inline const INV_SQRT_PI: u64 = 0x3FE20DD750429B6D; // 1/sqrt(pi)
@inline const INV_SQRT_2PI_LO: u64 = 0xBC7CBC0D30EBFD15; // 1/sqrt(2 pi) = INV_SQRT_2PI + INV_SQRT_2PI_LO
@inline const INV_SQRT_2PI: u64 = 0x3FD9884533D43651; // 1/sqrt(2 pi)
@inline const C1_HI: u64 = 0x3FF9884533D43651; // 2 sqrt(2/pi) = C1_HI + C1_LO
@inline const C1_LO: u64 = 0xBC9CBC0D30EBFD15;
@inline const C3_HI: u64 = 0x3FB2444F2A4D8B4B; // 0.044715 * 2 sqrt(2/pi) = C3_HI + C3_LO
@inline const C3_LO: u64 = 0xBC26C843A29D1C70;
@inline const C3X3_HI: u64 = 0x3FCB6676BF7450F0; // 3 C3 = C3X3_HI + C3X3_LO
@inline const C3X3_LO: u64 = 0x3C6BBA7351828AAB;
// h(t) = erfcx(t / sqrt 2) / 2 ~ (P0 + ... + P6 t^6) / (1 + Q1 t + ... + Q7 t^7) on [0, 15], 2^-32 relative
@inline const HP0: u64 = 0x3FDFFFFFFFE6EF70;
@inline const HP1: u64 = 0x3FDEF18BF98D8588;
@inline const HP2: u64 = 0x3FCCC82E3309010C;
@inline const HP3: u64 = 0x3FADAE16FF0DCEF6;
@inline const HP4: u64 = 0x3F7F314DB8B01279;
@inline const HP5: u64 = 0x3F278268B12CCBF3;
@inline const HP6: u64 = 0xBF10226C025895E0;
@inline const HQ1: u64 = 0x3FFC3CE891EC3997;
@inline const HQ2: u64 = 0x3FF5B9E1719FC576;
@inline const HQ3: u64 = 0x3FE2A71334D12EF6;
@inline const HQ4: u64 = 0x3FC2A86D9C15CA54;
@inline const HQ5: u64 = 0x3F93638005083E27;
@inline const HQ6: u64 = 0x3F3D7720E11B3825;
@inline const HQ7: u64 = 0xBF2438B85AD5AA7F;
// fdlibm s_erf.c
@inline const ERX: u64 = 0x3FEB0AC160000000; // 8.45062911510467529297e-01
@inline const ONE_MINUS_ERX: u64 = 0x3FC3D4FA80000000; // 1 - erx, exact
@inline const Z_A: u64 = 0x3FEB000000000000; // 0.84375
@inline const Z_B: u64 = 0x3FF4000000000000; // 1.25
@inline const Z_C: u64 = 0x4006DB6DB6DB6DB7; // 1 / 0.35
@inline const QUARTER: u64 = 0x3FD0000000000000;
@inline const C5625: u64 = 0x3FE2000000000000; // 0.5625
@inline const PP0: u64 = 0x3FC06EBA8214DB68;
@inline const PP1: u64 = 0xBFD4CD7D691CB913;
@inline const PP2: u64 = 0xBF9D2A51DBD7194F;
@inline const PP3: u64 = 0xBF77A291236668E4;
@inline const PP4: u64 = 0xBEF8EAD6120016AC;
@inline const QQ1: u64 = 0x3FD97779CDDADC09;
@inline const QQ2: u64 = 0x3FB0A54C5536CEBA;
@inline const QQ3: u64 = 0x3F74D022C4D36B0F;
@inline const QQ4: u64 = 0x3F215DC9221C1A10;
@inline const QQ5: u64 = 0xBED09C4342A26120;
@inline const PA0: u64 = 0xBF6359B8BEF77538;
@inline const PA1: u64 = 0x3FDA8D00AD92B34D;
@inline const PA2: u64 = 0xBFD7D240FBB8C3F1;
@inline const PA3: u64 = 0x3FD45FCA805120E4;
@inline const PA4: u64 = 0xBFBC63983D3E28EC;
@inline const PA5: u64 = 0x3FA22A36599795EB;
@inline const PA6: u64 = 0xBF61BF380A96073F;
@inline const QA1: u64 = 0x3FBB3E6618EEE323;
@inline const QA2: u64 = 0x3FE14AF092EB6F33;
@inline const QA3: u64 = 0x3FB2635CD99FE9A7;
@inline const QA4: u64 = 0x3FC02660E763351F;
@inline const QA5: u64 = 0x3F8BEDC26B51DD1C;
@inline const QA6: u64 = 0x3F888B545735151D;
@inline const RA0: u64 = 0xBF843412600D6435;
@inline const RA1: u64 = 0xBFE63416E4BA7360;
@inline const RA2: u64 = 0xC0251E0441B0E726;
@inline const RA3: u64 = 0xC04F300AE4CBA38D;
@inline const RA4: u64 = 0xC0644CB184282266;
@inline const RA5: u64 = 0xC067135CEBCCABB2;
@inline const RA6: u64 = 0xC054526557E4D2F2;
@inline const RA7: u64 = 0xC023A0EFC69AC25C;
@inline const SA1: u64 = 0x4033A6B9BD707687;
@inline const SA2: u64 = 0x4061350C526AE721;
@inline const SA3: u64 = 0x407B290DD58A1A71;
@inline const SA4: u64 = 0x40842B1921EC2868;
@inline const SA5: u64 = 0x407AD02157700314;
@inline const SA6: u64 = 0x405B28A3EE48AE2C;
@inline const SA7: u64 = 0x401A47EF8E484A93;
@inline const SA8: u64 = 0xBFAEEFF2EE749A62;
@inline const RB0: u64 = 0xBF84341239E86F4A;
@inline const RB1: u64 = 0xBFE993BA70C285DE;
@inline const RB2: u64 = 0xC031C209555F995A;
@inline const RB3: u64 = 0xC064145D43C5ED98;
@inline const RB4: u64 = 0xC083EC881375F228;
@inline const RB5: u64 = 0xC09004616A2E5992;
@inline const RB6: u64 = 0xC07E384E9BDC383F;
@inline const SB1: u64 = 0x403E568B261D5190;
@inline const SB2: u64 = 0x40745CAE221B9F0A;
@inline const SB3: u64 = 0x409802EB189D5118;
@inline const SB4: u64 = 0x40A8FFB7688C246A;
@inline const SB5: u64 = 0x40A3F219CEDF3BE6;
@inline const SB6: u64 = 0x407DA874E79FE763;
@inline const SB7: u64 = 0xC03670E242712D62;

// The table (SIMD loads entry i's 16 bytes; see ./sigmoid.ts), in the order
// of the constants above.
const TABLE: usize = memory.data<u64>([
  HALF, HALF, TWO_P511, TWO_P511, T32, T32, NEG_T32, NEG_T32, T64, T64, NEG_T64, NEG_T64,
  V32MAX, V32MAX, V64MAX, V64MAX, X_TANH, X_TANH, NEG_X_TANH, NEG_X_TANH,
  INV_SQRT2, INV_SQRT2, INV_SQRT_2PI, INV_SQRT_2PI, C1_HI, C1_HI, C1_LO, C1_LO, C3_HI, C3_HI, C3_LO, C3_LO,
  C3X3_HI, C3X3_HI, C3X3_LO, C3X3_LO,
  HP0, HP0, HP1, HP1, HP2, HP2, HP3, HP3, HP4, HP4, HP5, HP5, HP6, HP6,
  HQ1, HQ1, HQ2, HQ2, HQ3, HQ3, HQ4, HQ4, HQ5, HQ5, HQ6, HQ6, HQ7, HQ7,
  ERX, ERX, ONE_MINUS_ERX, ONE_MINUS_ERX, Z_A, Z_A, Z_B, Z_B, Z_C, Z_C, QUARTER, QUARTER, C5625, C5625,
  PP0, PP0, PP1, PP1, PP2, PP2, PP3, PP3, PP4, PP4, QQ1, QQ1, QQ2, QQ2, QQ3, QQ3, QQ4, QQ4, QQ5, QQ5,
  PA0, PA0, PA1, PA1, PA2, PA2, PA3, PA3, PA4, PA4, PA5, PA5, PA6, PA6,
  QA1, QA1, QA2, QA2, QA3, QA3, QA4, QA4, QA5, QA5, QA6, QA6,
  RA0, RA0, RA1, RA1, RA2, RA2, RA3, RA3, RA4, RA4, RA5, RA5, RA6, RA6, RA7, RA7,
  SA1, SA1, SA2, SA2, SA3, SA3, SA4, SA4, SA5, SA5, SA6, SA6, SA7, SA7, SA8, SA8,
  RB0, RB0, RB1, RB1, RB2, RB2, RB3, RB3, RB4, RB4, RB5, RB5, RB6, RB6,
  SB1, SB1, SB2, SB2, SB3, SB3, SB4, SB4, SB5, SB5, SB6, SB6, SB7, SB7,
  INV_SQRT2_LO, INV_SQRT2_LO, INV_SQRT_PI, INV_SQRT_PI, INV_SQRT_2PI_LO, INV_SQRT_2PI_LO,
], 16);
@inline const I_HALF: i32 = 0;
@inline const I_TWO_P511: i32 = 1;
@inline const I_T32: i32 = 2;
@inline const I_NEG_T32: i32 = 3;
@inline const I_T64: i32 = 4;
@inline const I_NEG_T64: i32 = 5;
@inline const I_V32MAX: i32 = 6;
@inline const I_V64MAX: i32 = 7;
@inline const I_X_TANH: i32 = 8;
@inline const I_NEG_X_TANH: i32 = 9;
@inline const I_INV_SQRT2: i32 = 10;
@inline const I_INV_SQRT_2PI: i32 = 11;
@inline const I_C1_HI: i32 = 12;
@inline const I_C1_LO: i32 = 13;
@inline const I_C3_HI: i32 = 14;
@inline const I_C3_LO: i32 = 15;
@inline const I_C3X3_HI: i32 = 16;
@inline const I_C3X3_LO: i32 = 17;
@inline const I_HP: i32 = 18; // HP0 .. HP6: 18 .. 24
@inline const I_HQ: i32 = 25; // HQ1 .. HQ7: 25 .. 31
@inline const I_ERX: i32 = 32;
@inline const I_ONE_MINUS_ERX: i32 = 33;
@inline const I_Z_A: i32 = 34;
@inline const I_Z_B: i32 = 35;
@inline const I_Z_C: i32 = 36;
@inline const I_QUARTER: i32 = 37;
@inline const I_C5625: i32 = 38;
@inline const I_PP: i32 = 39; // PP0 .. PP4: 39 .. 43
@inline const I_QQ: i32 = 44; // QQ1 .. QQ5: 44 .. 48
@inline const I_PA: i32 = 49; // PA0 .. PA6: 49 .. 55
@inline const I_QA: i32 = 56; // QA1 .. QA6: 56 .. 61
@inline const I_RA: i32 = 62; // RA0 .. RA7: 62 .. 69
@inline const I_SA: i32 = 70; // SA1 .. SA8: 70 .. 77
@inline const I_RB: i32 = 78; // RB0 .. RB6: 78 .. 84
@inline const I_SB: i32 = 85; // SB1 .. SB7: 85 .. 91
@inline const I_INV_SQRT2_LO: i32 = 92;
@inline const I_INV_SQRT_PI: i32 = 93;
@inline const I_INV_SQRT_2PI_LO: i32 = 94;

@inline function g<V>(at: i32, bits: u64): V { return kt<V>(TABLE, at, bits); }

// ---- polynomials (Horner) ------------------------------------------------------

/** HP0 + HP1 t + ... + HP6 t^6. */
@inline function hNum<V>(t: V): V {
  let r = g<V>(I_HP + 6, HP6);
  r = muladd<V>(r, t, g<V>(I_HP + 5, HP5));
  r = muladd<V>(r, t, g<V>(I_HP + 4, HP4));
  r = muladd<V>(r, t, g<V>(I_HP + 3, HP3));
  r = muladd<V>(r, t, g<V>(I_HP + 2, HP2));
  r = muladd<V>(r, t, g<V>(I_HP + 1, HP1));
  r = muladd<V>(r, t, g<V>(I_HP + 0, HP0));
  return r;
}

/** 1 + HQ1 t + ... + HQ7 t^7. */
@inline function hDen<V>(t: V): V {
  let r = g<V>(I_HQ + 6, HQ7);
  r = muladd<V>(r, t, g<V>(I_HQ + 5, HQ6));
  r = muladd<V>(r, t, g<V>(I_HQ + 4, HQ5));
  r = muladd<V>(r, t, g<V>(I_HQ + 3, HQ4));
  r = muladd<V>(r, t, g<V>(I_HQ + 2, HQ3));
  r = muladd<V>(r, t, g<V>(I_HQ + 1, HQ2));
  r = muladd<V>(r, t, g<V>(I_HQ + 0, HQ1));
  return muladd<V>(r, t, one<V>());
}

/** fdlibm's pp(z^2). */
@inline function ppOf<V>(s: V): V {
  let r = g<V>(I_PP + 4, PP4);
  r = muladd<V>(r, s, g<V>(I_PP + 3, PP3));
  r = muladd<V>(r, s, g<V>(I_PP + 2, PP2));
  r = muladd<V>(r, s, g<V>(I_PP + 1, PP1));
  r = muladd<V>(r, s, g<V>(I_PP + 0, PP0));
  return r;
}

/** fdlibm's 1 + qq(z^2). */
@inline function qqOf<V>(s: V): V {
  let r = g<V>(I_QQ + 4, QQ5);
  r = muladd<V>(r, s, g<V>(I_QQ + 3, QQ4));
  r = muladd<V>(r, s, g<V>(I_QQ + 2, QQ3));
  r = muladd<V>(r, s, g<V>(I_QQ + 1, QQ2));
  r = muladd<V>(r, s, g<V>(I_QQ + 0, QQ1));
  return muladd<V>(r, s, one<V>());
}

/** fdlibm's pa(z - 1). */
@inline function paOf<V>(s: V): V {
  let r = g<V>(I_PA + 6, PA6);
  r = muladd<V>(r, s, g<V>(I_PA + 5, PA5));
  r = muladd<V>(r, s, g<V>(I_PA + 4, PA4));
  r = muladd<V>(r, s, g<V>(I_PA + 3, PA3));
  r = muladd<V>(r, s, g<V>(I_PA + 2, PA2));
  r = muladd<V>(r, s, g<V>(I_PA + 1, PA1));
  r = muladd<V>(r, s, g<V>(I_PA + 0, PA0));
  return r;
}

/** fdlibm's 1 + qa(z - 1). */
@inline function qaOf<V>(s: V): V {
  let r = g<V>(I_QA + 5, QA6);
  r = muladd<V>(r, s, g<V>(I_QA + 4, QA5));
  r = muladd<V>(r, s, g<V>(I_QA + 3, QA4));
  r = muladd<V>(r, s, g<V>(I_QA + 2, QA3));
  r = muladd<V>(r, s, g<V>(I_QA + 1, QA2));
  r = muladd<V>(r, s, g<V>(I_QA + 0, QA1));
  return muladd<V>(r, s, one<V>());
}

/** fdlibm's ra(1/z^2). */
@inline function raOf<V>(s: V): V {
  let r = g<V>(I_RA + 7, RA7);
  r = muladd<V>(r, s, g<V>(I_RA + 6, RA6));
  r = muladd<V>(r, s, g<V>(I_RA + 5, RA5));
  r = muladd<V>(r, s, g<V>(I_RA + 4, RA4));
  r = muladd<V>(r, s, g<V>(I_RA + 3, RA3));
  r = muladd<V>(r, s, g<V>(I_RA + 2, RA2));
  r = muladd<V>(r, s, g<V>(I_RA + 1, RA1));
  r = muladd<V>(r, s, g<V>(I_RA + 0, RA0));
  return r;
}

/** fdlibm's 1 + sa(1/z^2). */
@inline function saOf<V>(s: V): V {
  let r = g<V>(I_SA + 7, SA8);
  r = muladd<V>(r, s, g<V>(I_SA + 6, SA7));
  r = muladd<V>(r, s, g<V>(I_SA + 5, SA6));
  r = muladd<V>(r, s, g<V>(I_SA + 4, SA5));
  r = muladd<V>(r, s, g<V>(I_SA + 3, SA4));
  r = muladd<V>(r, s, g<V>(I_SA + 2, SA3));
  r = muladd<V>(r, s, g<V>(I_SA + 1, SA2));
  r = muladd<V>(r, s, g<V>(I_SA + 0, SA1));
  return muladd<V>(r, s, one<V>());
}

/** fdlibm's rb(1/z^2). */
@inline function rbOf<V>(s: V): V {
  let r = g<V>(I_RB + 6, RB6);
  r = muladd<V>(r, s, g<V>(I_RB + 5, RB5));
  r = muladd<V>(r, s, g<V>(I_RB + 4, RB4));
  r = muladd<V>(r, s, g<V>(I_RB + 3, RB3));
  r = muladd<V>(r, s, g<V>(I_RB + 2, RB2));
  r = muladd<V>(r, s, g<V>(I_RB + 1, RB1));
  r = muladd<V>(r, s, g<V>(I_RB + 0, RB0));
  return r;
}

/** fdlibm's 1 + sb(1/z^2). */
@inline function sbOf<V>(s: V): V {
  let r = g<V>(I_SB + 6, SB7);
  r = muladd<V>(r, s, g<V>(I_SB + 5, SB6));
  r = muladd<V>(r, s, g<V>(I_SB + 4, SB5));
  r = muladd<V>(r, s, g<V>(I_SB + 3, SB4));
  r = muladd<V>(r, s, g<V>(I_SB + 2, SB3));
  r = muladd<V>(r, s, g<V>(I_SB + 1, SB2));
  r = muladd<V>(r, s, g<V>(I_SB + 0, SB1));
  return muladd<V>(r, s, one<V>());
}

// ---- Phi(-t) -------------------------------------------------------------------

/** h(t) = Phi(-t) e^(t^2/2) for t in [0, 15] (float32 results). */
@inline function hOf<V>(t: V): V {
  return div<V>(hNum<V>(t), hDen<V>(t));
}

@inline const LOWER: i32 = 0; // Phi(-t) 2^512
@inline const UPPER: i32 = 1; // Phi(t)
@inline const DENSITY: i32 = 2; // t phi(t) 2^512
@inline const LEFT: i32 = 3; // -t Phi(-t) 2^512 = gelu(-t) 2^512

/**
 * For float64 t = |x| in [0, 39.5] (or NaN): Phi(-t) 2^512, Phi(t), or
 * t phi(t) 2^512 (`part`); fdlibm's pieces (see the header), all computed
 * and one selected per lane (binaryen's local-cse shares the work between
 * the parts a caller takes).
 */
@inline function phi64<V>(t: V, part: i32, x: V = t): V {
  // z = t / sqrt 2 = z + zLo: erf and erfc change by 2/sqrt(pi) e^(-z^2) zLo,
  // up to 3 z zLo / z relative at z = 1.1 (2 ULP, were zLo dropped)
  const z = mul<V>(t, g<V>(I_INV_SQRT2, INV_SQRT2));
  const zLo = add<V>(productError<V>(t, g<V>(I_INV_SQRT2, INV_SQRT2), z), mul<V>(t, g<V>(I_INV_SQRT2_LO, INV_SQRT2_LO)));
  const o = one<V>();
  const half = g<V>(I_HALF, HALF);
  // t^2 / 2 = th + tl exactly; e^(-t^2/2) 2^512 = EP + EPLo
  const tt = mul<V>(t, t);
  const th = mul<V>(tt, half);
  const tl = mul<V>(productError<V>(t, t, tt), half);
  const EP = expScaledTwo<V>(th, tl, false);
  if (part == DENSITY) {
    // t / sqrt(2 pi) = dh + dl, times EP + EPLo
    const c = g<V>(I_INV_SQRT_2PI, INV_SQRT_2PI);
    const dh = mul<V>(t, c);
    const dl = add<V>(productError<V>(t, c, dh), mul<V>(t, g<V>(I_INV_SQRT_2PI_LO, INV_SQRT_2PI_LO)));
    return add<V>(mul<V>(EP, dh), add<V>(mul<V>(EP, dl), mul<V>(expScaledTwo<V>(th, tl, true), dh)));
  }
  const corr = mul<V>(mul<V>(EP, zLo), g<V>(I_INV_SQRT_PI, INV_SQRT_PI)); // (erf(z + zLo) - erf(z)) 2^511
  // z < 0.84375: erf(z) = z + z y
  const zz = mul<V>(z, z);
  const zy = mul<V>(z, div<V>(ppOf<V>(zz), qqOf<V>(zz)));
  const erfA = add<V>(z, zy);
  const erfcA = selectBelow<V>(z, g<V>(I_QUARTER, QUARTER), sub<V>(o, erfA), sub<V>(half, add<V>(zy, sub<V>(z, half))));
  // z < 1.25: erf(z) = erx + P/Q (z - 1)
  const s1 = sub<V>(z, o);
  const pq = div<V>(paOf<V>(s1), qaOf<V>(s1));
  const erfB = add<V>(g<V>(I_ERX, ERX), pq);
  const erfcB = sub<V>(g<V>(I_ONE_MINUS_ERX, ONE_MINUS_ERX), pq);
  // else erfc(z) = e^(-t^2/2 - 0.5625 + R/S) / z, over z + zLo
  const s2 = div<V>(o, zz);
  const rs = selectBelow<V>(z, g<V>(I_Z_C, Z_C), div<V>(raOf<V>(s2), saOf<V>(s2)), div<V>(rbOf<V>(s2), sbOf<V>(s2)));
  const zl = sub<V>(add<V>(tl, g<V>(I_C5625, C5625)), rs);
  const E = expScaledTwo<V>(th, zl, false);
  const ELo = expScaledTwo<V>(th, zl, true);
  if (part == LEFT) {
    // -t erfc(z + zLo) / 2 = -(E + ELo) / sqrt 2 exactly where z + zLo = t / sqrt 2: no division, one rounding
    const r2 = g<V>(I_INV_SQRT2, INV_SQRT2);
    const left = neg<V>(add<V>(mul<V>(E, r2), add<V>(mul<V>(ELo, r2), mul<V>(E, g<V>(I_INV_SQRT2_LO, INV_SQRT2_LO)))));
    const scale = g<V>(I_TWO_P511, TWO_P511);
    // x (= -t, or +-0) itself in the near pieces, so that gelu(+0) = +0 and gelu(-0) = -0
    return selectBelow<V>(z, g<V>(I_Z_A, Z_A), mul<V>(x, sub<V>(mul<V>(erfcA, scale), corr)),
      selectBelow<V>(z, g<V>(I_Z_B, Z_B), mul<V>(x, sub<V>(mul<V>(erfcB, scale), corr)), left));
  }
  const lc = div<V>(mul<V>(E, half), z);
  const lcLo = div<V>(mul<V>(ELo, half), z);
  const lowerC = add<V>(lc, sub<V>(lcLo, div<V>(mul<V>(lc, zLo), z))); // Phi(-t) 2^512
  const za = g<V>(I_Z_A, Z_A);
  const zb = g<V>(I_Z_B, Z_B);
  if (part == LOWER) {
    const scale = g<V>(I_TWO_P511, TWO_P511);
    return selectBelow<V>(z, za, sub<V>(mul<V>(erfcA, scale), corr), selectBelow<V>(z, zb, sub<V>(mul<V>(erfcB, scale), corr), lowerC));
  }
  const c2 = down512<V>(corr);
  return selectBelow<V>(z, za, add<V>(muladd<V>(erfA, half, half), c2), selectBelow<V>(z, zb, add<V>(muladd<V>(erfB, half, half), c2), sub<V>(o, down512<V>(lowerC))));
}

// ---- the functions ----------------------------------------------------------------

/** x Phi(x): float64 (precise) or a float32 result in float64 lanes. */
@inline export function geluOf<V>(x: V, precise: bool): V {
  if (!precise) {
    const xc = pmin<V>(pmax<V>(x, g<V>(I_NEG_T32, NEG_T32)), g<V>(I_T32, T32));
    const t = fabs<V>(xc);
    const e = down512<V>(expScaled<V>(mul<V>(mul<V>(t, t), g<V>(I_HALF, HALF)), false, false)); // t^2 exact
    const q = mul<V>(mul<V>(xc, hOf<V>(t)), e); // x Phi(-t)
    return selectPositive<V>(x, sub<V>(x, q), q);
  }
  const t = pmin<V>(fabs<V>(x), g<V>(I_T64, T64));
  return selectPositive<V>(x, mul<V>(x, phi64<V>(t, UPPER)), down512<V>(phi64<V>(t, LEFT, x)));
}

/** Phi(x) + x phi(x). */
@inline export function geluDerivativeOf<V>(x: V, precise: bool): V {
  if (!precise) {
    const t = pmin<V>(fabs<V>(x), g<V>(I_T32, T32));
    const e = down512<V>(expScaled<V>(mul<V>(mul<V>(t, t), g<V>(I_HALF, HALF)), false, false));
    const r = mul<V>(e, sub<V>(hOf<V>(t), mul<V>(t, g<V>(I_INV_SQRT_2PI, INV_SQRT_2PI)))); // Phi(-t) - t phi(t)
    return selectPositive<V>(x, sub<V>(one<V>(), r), r);
  }
  const t = pmin<V>(fabs<V>(x), g<V>(I_T64, T64));
  const density = phi64<V>(t, DENSITY);
  return selectPositive<V>(x, add<V>(phi64<V>(t, UPPER), down512<V>(density)), down512<V>(sub<V>(phi64<V>(t, LOWER), density)));
}

@inline const V_HI: i32 = 0; // v = x (C1 + C3 x^2) = vHi + vLo
@inline const V_LO: i32 = 1;
@inline const M_HI: i32 = 2; // m = x v' = x (C1 + 3 C3 x^2) = mHi + mLo
@inline const M_LO: i32 = 3;

/** x (C1 + c x^2) in two parts (c = C3 or 3 C3: `derivative`), x = xc in [-30, 30]: Dekker products and TwoSum. */
@inline function cubic<V>(x: V, part: i32): V {
  const d = part >= M_HI;
  const cHi = d ? g<V>(I_C3X3_HI, C3X3_HI) : g<V>(I_C3_HI, C3_HI);
  const cLo = d ? g<V>(I_C3X3_LO, C3X3_LO) : g<V>(I_C3_LO, C3_LO);
  const c1 = g<V>(I_C1_HI, C1_HI);
  const xx = mul<V>(x, x);
  const xxLo = productError<V>(x, x, xx);
  const p = mul<V>(cHi, xx); // c x^2 = p + pLo
  const pLo = add<V>(add<V>(productError<V>(cHi, xx, p), mul<V>(cHi, xxLo)), mul<V>(cLo, xx));
  const w = add<V>(c1, p); // C1 + c x^2 = w + wLo
  const wLo = add<V>(add<V>(sumError<V>(c1, p, w), pLo), g<V>(I_C1_LO, C1_LO));
  const hi = mul<V>(x, w);
  if (part == V_HI || part == M_HI) return hi;
  return add<V>(productError<V>(x, w, hi), mul<V>(x, wLo));
}

/** x sigmoid(v), v = x (C1 + C3 x^2). */
@inline export function geluTanhOf<V>(x: V, precise: bool): V {
  const o = one<V>();
  if (!precise) {
    const xc = pmin<V>(pmax<V>(x, g<V>(I_NEG_T32, NEG_T32)), g<V>(I_T32, T32));
    const t = fabs<V>(xc);
    const a = mul<V>(t, muladd<V>(mul<V>(t, t), g<V>(I_C3_HI, C3_HI), g<V>(I_C1_HI, C1_HI))); // |v|
    const e = down512<V>(expScaled<V>(pmin<V>(a, g<V>(I_V32MAX, V32MAX)), false, false));
    const d = add<V>(o, e);
    return selectPositive<V>(x, div<V>(x, d), div<V>(mul<V>(xc, e), d));
  }
  const xc = pmin<V>(pmax<V>(x, g<V>(I_NEG_X_TANH, NEG_X_TANH)), g<V>(I_X_TANH, X_TANH));
  const vHi = cubic<V>(xc, V_HI);
  const vLo = cubic<V>(xc, V_LO);
  const z = pmin<V>(fabs<V>(vHi), g<V>(I_V64MAX, V64MAX)); // |v| = z + zl
  const zl = selectPositive<V>(vHi, vLo, neg<V>(vLo));
  const F = add<V>(fScaledTwo<V>(z, zl, PART_Q), fScaledTwo<V>(z, zl, PART_CORR));
  const G = add<V>(gPartsTwo<V>(z, zl, false), gPartsTwo<V>(z, zl, true));
  return selectPositive<V>(x, mul<V>(x, G), down512<V>(mul<V>(xc, F)));
}

/** sigmoid(v) (1 + x v' (1 - sigmoid(v))), v' = C1 + 3 C3 x^2. */
@inline export function geluTanhDerivativeOf<V>(x: V, precise: bool): V {
  const o = one<V>();
  if (!precise) {
    const xc = pmin<V>(pmax<V>(x, g<V>(I_NEG_T32, NEG_T32)), g<V>(I_T32, T32));
    const t = fabs<V>(xc);
    const tt = mul<V>(t, t);
    const a = mul<V>(t, muladd<V>(tt, g<V>(I_C3_HI, C3_HI), g<V>(I_C1_HI, C1_HI))); // |v|
    const m = mul<V>(t, muladd<V>(tt, g<V>(I_C3X3_HI, C3X3_HI), g<V>(I_C1_HI, C1_HI))); // |x v'|
    const e = down512<V>(expScaled<V>(pmin<V>(a, g<V>(I_V32MAX, V32MAX)), false, false));
    const d = add<V>(o, e);
    const q = div<V>(e, d); // sigmoid(-|v|)
    const gg = div<V>(o, d); // 1 - q
    return selectPositive<V>(x, muladd<V>(mul<V>(m, q), gg, gg), mul<V>(q, sub<V>(o, mul<V>(m, gg))));
  }
  const xc = pmin<V>(pmax<V>(x, g<V>(I_NEG_X_TANH, NEG_X_TANH)), g<V>(I_X_TANH, X_TANH));
  const vHi = cubic<V>(xc, V_HI);
  const vLo = cubic<V>(xc, V_LO);
  const mHi = cubic<V>(xc, M_HI);
  const mLo = cubic<V>(xc, M_LO);
  const z = pmin<V>(fabs<V>(vHi), g<V>(I_V64MAX, V64MAX));
  const zl = selectPositive<V>(vHi, vLo, neg<V>(vLo));
  const Q = fScaledTwo<V>(z, zl, PART_Q);
  const corrS = fScaledTwo<V>(z, zl, PART_CORR);
  const G = gPartsTwo<V>(z, zl, false);
  const GLo = gPartsTwo<V>(z, zl, true);
  // as ./family.ts's silu', with m = x v' for x: s = sigmoid(v) 2^512, g = 1 - sigmoid(v)
  const sHi = selectPositive<V>(x, up512<V>(G), Q);
  const sLo = selectPositive<V>(x, up512<V>(GLo), corrS);
  const gHi = selectPositive<V>(x, down512<V>(Q), G);
  const gLo = selectPositive<V>(x, down512<V>(corrS), GLo);
  const P = mul<V>(mHi, gHi);
  const lo = add<V>(add<V>(mul<V>(mHi, gLo), mul<V>(mLo, gHi)), productError<V>(mHi, gHi, P));
  const H = add<V>(o, P);
  const hLo = add<V>(sumError<V>(o, P, H), lo);
  return down512<V>(add<V>(mul<V>(sHi, H), add<V>(mul<V>(sHi, hLo), mul<V>(sLo, H))));
}

// One class per function, for ./family.ts's loops (mapFamily32, mapFamily64).
export class Gelu { @inline of<V>(x: V, precise: bool): V { return geluOf<V>(x, precise); } }
export class GeluDerivative { @inline of<V>(x: V, precise: bool): V { return geluDerivativeOf<V>(x, precise); } }
export class GeluTanh { @inline of<V>(x: V, precise: bool): V { return geluTanhOf<V>(x, precise); } }
export class GeluTanhDerivative { @inline of<V>(x: V, precise: bool): V { return geluTanhDerivativeOf<V>(x, precise); } }
