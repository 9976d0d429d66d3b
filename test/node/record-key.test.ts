// What a kernel's record key hashes of the data image (scripts/wasm-binary.mjs
// dataRead): the segments its code names, so that a table added or changed
// re-sweeps in full only the kernels that read it (npm run verify:f32), and
// CI stays incremental as functions are added. Checked on the real build:
// a byte changed in a segment a kernel reads changes its hash, a byte
// changed elsewhere does not, and the fast float32 sigmoid does not read the
// family's tables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Data { offset: number; bytes: Uint8Array; segments: [number, number][] }
interface Module { data: unknown[]; hasGlobals: boolean }
interface WasmBinary {
  parse(bytes: Uint8Array): Module;
  dataRead(module: Module, field: string, data: Data): (string | Uint8Array)[];
  codeHash(module: Module, field: string, data: Data): string;
}

let wasm: WasmBinary;
let data: Data;
const moduleOf = (name: string, build = 'simd') => wasm.parse(readFileSync(join(root, 'build', `${name}.${build}.wasm`)));
/** The segments (their offsets) an export reads. */
const read = (m: Module, field: string, d = data) => wasm.dataRead(m, field, d).filter((p): p is string => typeof p === 'string').map((s) => Number(s.split(' ')[1]));

beforeAll(async () => {
  wasm = (await import(pathToFileURL(join(root, 'scripts', 'wasm-binary.mjs')).href)) as WasmBinary;
  const manifest = JSON.parse(readFileSync(join(root, 'build', 'wasm.json'), 'utf8')) as { data: { offset: number; segments: [number, number][] } };
  data = { offset: manifest.data.offset, bytes: readFileSync(join(root, 'build', 'data.bin')), segments: manifest.data.segments };
});

/** The image with one byte of the segment at `offset` flipped. */
function flipped(offset: number): Data {
  const bytes = Uint8Array.from(data.bytes);
  const at = offset - data.offset;
  bytes[at] = (bytes[at] ?? 0) ^ 1;
  return { ...data, bytes };
}

describe('the record key and the data image', () => {
  it('the build lists the segments of the image, which cover it without overlapping one another', () => {
    expect(data.segments.length).toBeGreaterThan(1);
    let end = data.offset;
    for (const [offset, length] of data.segments) {
      expect(offset).toBeGreaterThanOrEqual(end);
      end = offset + length;
    }
    expect(end).toBeLessThanOrEqual(data.offset + data.bytes.length);
  });

  it('the stripped modules have no globals (else a key hashes the whole image)', () => {
    for (const name of ['sigmoid', 'tanh', 'logit']) for (const build of ['simd', 'scalar', 'relaxed']) expect(moduleOf(name, build).hasGlobals, `${name}.${build}`).toBe(false);
  });

  it('every kernel reads some segment; the fast float32 sigmoid does not read every one', () => {
    const sigmoid = moduleOf('sigmoid');
    for (const field of ['f32_fast', 'f32_accurate', 'f64_fast', 'f64_accurate']) expect(read(sigmoid, field).length, field).toBeGreaterThan(0);
    expect(read(sigmoid, 'f32_fast').length).toBeLessThan(data.segments.length);
  });

  it('a byte changed in a segment a kernel reads changes its hash; in one it does not read, not', () => {
    const sigmoid = moduleOf('sigmoid');
    const before = wasm.codeHash(sigmoid, 'f32_fast', data);
    const reads = new Set(read(sigmoid, 'f32_fast'));
    for (const [offset] of data.segments) {
      const after = wasm.codeHash(sigmoid, 'f32_fast', flipped(offset));
      if (reads.has(offset)) expect(after, `segment at ${offset}`).not.toBe(before);
      else expect(after, `segment at ${offset}`).toBe(before);
    }
  });
});
