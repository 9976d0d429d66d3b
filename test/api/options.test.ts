// createKernel's options: which build and tier each set asks for, and every
// bad one rejected: an unknown key (a typo must not silently give the
// default tier) or value is a TypeError that names it and what is accepted,
// a contradiction a TypeError, a feature the engine lacks an Error. (The
// pool's options: test/pool/options.test.ts; a loss's: the generic bad
// arguments, test/api/errors.test.ts; registerSigmoidKernels':
// test/node/tfjs.test.ts.)
import { describe, expect, it, vi } from 'vitest';

import * as api from '../../src/index.js';
import { createKernel, relaxedSimdSupported, simdSupported } from '../../src/index.js';
import type { KernelOptions } from '../../src/types.js';
import { RELAXED, underNode } from '../support/cases.js';

/** The error a call throws (fails when it does not throw). */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error('did not throw');
}

describe('createKernel: what it runs', () => {
  it("'auto' picks SIMD, and for the fast tier relaxed SIMD, where supported; it says which", () => {
    const k = createKernel();
    expect([k.simd, k.relaxed, k.precision]).toEqual([simdSupported(), relaxedSimdSupported(), 'fast']);
    expect(createKernel({ simd: 'auto', relaxed: 'auto' }).relaxed).toBe(relaxedSimdSupported());
    expect([createKernel({ simd: false }).simd, createKernel({ simd: false }).relaxed]).toEqual([false, false]);
    expect(createKernel({ simd: 'auto' }).simd).toBe(simdSupported());
    expect(createKernel({ relaxed: false }).relaxed).toBe(false);
    expect(createKernel({ simd: true }).relaxed).toBe(relaxedSimdSupported()); // simd: true alone leaves relaxed at 'auto'
  });

  it.each(['fast', 'accurate'] as const)("precision '%s': the accurate tier never runs the relaxed build", (precision) => {
    const k = createKernel({ precision });
    expect([k.precision, k.simd, k.relaxed]).toEqual([precision, simdSupported(), precision === 'fast' && relaxedSimdSupported()]);
    expect(createKernel({ precision, relaxed: false }).relaxed).toBe(false);
  });

  it('the flags are plain values, not methods', () => {
    const k = createKernel({ precision: 'accurate' });
    expect([typeof k.precision, typeof k.simd, typeof k.relaxed]).toEqual(['string', 'boolean', 'boolean']);
  });

  it('every accepted combination is accepted', () => {
    for (const precision of [undefined, 'fast', 'accurate'] as const) {
      for (const relaxed of [undefined, 'auto', false] as const) {
        for (const simd of [undefined, 'auto', true, false] as const) {
          const options: KernelOptions = {};
          if (precision !== undefined) options.precision = precision;
          if (relaxed !== undefined) options.relaxed = relaxed;
          if (simd !== undefined) options.simd = simd;
          expect(createKernel(options).precision).toBe(precision ?? 'fast');
        }
      }
    }
    // undefined values are the defaults.
    expect(createKernel({ precision: undefined, simd: undefined, relaxed: undefined } as unknown as KernelOptions).precision).toBe('fast');
  });
});

describe('createKernel: bad options', () => {
  it("an unknown key is a TypeError naming it, the likely one and every accepted key: createKernel({ precison: 'accurate' })", () => {
    const e = thrown(() => createKernel({ precison: 'accurate' } as KernelOptions));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe("createKernel: unknown option 'precison' (did you mean 'precision'?); the options are 'simd', 'precision', 'relaxed'");
    for (const key of ['Precision', 'relax', 'threads', 'tier', '']) {
      const error = thrown(() => createKernel({ [key]: true } as KernelOptions));
      expect(error, key).toBeInstanceOf(TypeError);
      expect(error.message, key).toContain(`unknown option '${key}'`);
      expect(error.message, key).toContain("'simd', 'precision', 'relaxed'");
    }
  });

  it('not an object: a TypeError', () => {
    for (const options of [null, 'fast', 1, true, [], new Float32Array(1)]) {
      const e = thrown(() => createKernel(options as never));
      expect(e, String(options)).toBeInstanceOf(TypeError);
      expect(e.message).toMatch(/^createKernel: options must be an object/);
    }
  });

  it("simd: 'yes': a TypeError naming options.simd", () => {
    expect(() => createKernel({ simd: 'yes' as never })).toThrow(/createKernel: options\.simd must be 'auto', true or false \(got yes\)/);
  });

  it("precision 'exact' (or another string, a number, a boolean): a TypeError naming options.precision and the value", () => {
    for (const precision of ['exact', 'Fast', '', 1, true]) expect(() => createKernel({ precision: precision as never }), String(precision)).toThrow(TypeError);
    expect(() => createKernel({ precision: 'exact' as never })).toThrow(/options\.precision must be 'fast' or 'accurate' \(got exact\)/);
  });

  it("relaxed 'yes' (or another string, a number): a TypeError naming options.relaxed", () => {
    for (const relaxed of ['yes', 'true', 1, 0]) expect(() => createKernel({ relaxed: relaxed as never }), String(relaxed)).toThrow(TypeError);
    expect(() => createKernel({ relaxed: 'yes' as never })).toThrow(/options\.relaxed must be 'auto', true or false \(got yes\)/);
  });

  it("relaxed: true with precision: 'accurate', or with simd: false: a TypeError (on every engine, before any support check)", () => {
    expect(() => createKernel({ relaxed: true, precision: 'accurate' })).toThrow(new TypeError("createKernel: relaxed: true is for precision: 'fast' only (the accurate tier is the same bits everywhere)"));
    expect(() => createKernel({ relaxed: true, simd: false })).toThrow(new TypeError('createKernel: relaxed: true needs the SIMD build (got simd: false)'));
  });

  // The real thing where the engine lacks relaxed SIMD (Node 20); elsewhere
  // emulated under Node (WebAssembly.validate refuses the relaxed probe, in a
  // fresh copy of the modules), and in the browsers by
  // test/browser/no-relaxed.test.ts.
  it.skipIf(RELAXED.supported && !underNode())('relaxed: true on an engine without relaxed SIMD: an Error (not a TypeError) saying so; auto and false work', async () => {
    const expectError = (lib: typeof api) => {
      expect(lib.relaxedSimdSupported()).toBe(false);
      const e = thrown(() => lib.createKernel({ relaxed: true }));
      expect(e).toBeInstanceOf(Error);
      expect(e).not.toBeInstanceOf(TypeError);
      expect(e.message).toMatch(/does not support WebAssembly relaxed SIMD/);
      expect(lib.createKernel().relaxed).toBe(false);
      expect(lib.createKernel({ relaxed: false }).relaxed).toBe(false);
      expect(lib.defaultKernel().relaxed).toBe(false);
    };
    if (!RELAXED.supported) {
      expectError(api);
      return;
    }
    // Any small module with f32x4.relaxed_madd (0xfd 0x85 0x02) in it is the probe.
    const isProbe = (source: unknown) => {
      if (!ArrayBuffer.isView(source) || source.byteLength > 64) return false;
      const b = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
      return b.some((v, i) => v === 0xfd && b[i + 1] === 0x85 && b[i + 2] === 0x02);
    };
    const real = WebAssembly.validate.bind(WebAssembly);
    const spy = vi.spyOn(WebAssembly, 'validate').mockImplementation((source) => (isProbe(source) ? false : real(source)));
    try {
      vi.resetModules();
      const fresh = (await import('../../src/index.js')) as typeof api;
      expect(fresh.createKernel).not.toBe(createKernel); // a new module instance, with no cached support check
      expectError(fresh);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
      vi.resetModules();
    }
  });
});
