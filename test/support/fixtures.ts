// The 200-bit mpmath reference values (test/fixtures, made by
// scripts/reference.py): for each point the true result as a float64 pair
// hi + lo. f32.bin and f64.bin: rows x, sigmoid (hi, lo), derivative
// (hi, lo); family-f32.bin and family-f64.bin: rows x, y, then (hi, lo) for
// each function of FAMILY. The x (and y) of the f32 files are float32
// values. Runs under Node and in the browsers: the files are read once, at
// import (top-level await), so the look-ups stay synchronous.
import type { DType, OpSpec } from '../../src/op.js';


/**
 * A fixture's bytes. Under Node the module URL is a file: URL and the file is
 * read from disk; in the browser it is an http: URL on vitest's Vite server,
 * which serves the file as it is.
 */
async function read(name: string, rowBytes: number): Promise<Float64Array> {
  const url = new URL(`../fixtures/${name}`, import.meta.url);
  let bytes: ArrayBuffer;
  if (url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    const file = await readFile(url);
    bytes = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  } else {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`fixture ${url}: HTTP ${response.status} ${response.statusText}`);
    bytes = await response.arrayBuffer();
  }
  if (bytes.byteLength === 0 || bytes.byteLength % rowBytes !== 0) throw new Error(`fixture ${url}: ${bytes.byteLength} bytes is not a whole number of ${rowBytes}-byte rows`);
  return new Float64Array(bytes);
}

/** The family files' columns by the table's names (family-columns.json, written by scripts/reference.py with the files). */
const FAMILY: readonly string[] = await (async () => {
  const url = new URL('../fixtures/family-columns.json', import.meta.url);
  const text = url.protocol === 'file:' ? await (await import('node:fs/promises')).readFile(url, 'utf8') : await (await fetch(url)).text();
  return (JSON.parse(text) as { columns: string[] }).columns;
})();
const FAMILY_ROW = 8 * (2 + 2 * FAMILY.length);

const FILES = {
  float32: { sigmoid: await read('f32.bin', 40), family: await read('family-f32.bin', FAMILY_ROW) },
  float64: { sigmoid: await read('f64.bin', 40), family: await read('family-f64.bin', FAMILY_ROW) },
};

/** The reference points of one function and type: inputs, and per output its true values as hi + lo. */
export interface Fixture {
  readonly x: Float64Array;
  /** The second input (a binary function's), or null. */
  readonly y: Float64Array | null;
  readonly outputs: ReadonlyArray<readonly [Float64Array, Float64Array]>;
}

function column(rows: Float64Array, width: number, c: number): Float64Array {
  const n = rows.length / width;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rows[width * i + c]!;
  return out;
}

/** The fixture of an entry in a type, or null when there is none (the backward step: exact products instead). */
export function fixtureOf(spec: OpSpec, dtype: DType): Fixture | null {
  const files = FILES[dtype];
  const own = ['sigmoid', 'sigmoidDerivative', 'sigmoidWithDerivative'].indexOf(spec.name);
  if (own >= 0) {
    const pair = (c: number) => [column(files.sigmoid, 5, c), column(files.sigmoid, 5, c + 1)] as const;
    const outputs = own === 0 ? [pair(1)] : own === 1 ? [pair(3)] : [pair(1), pair(3)];
    return { x: column(files.sigmoid, 5, 0), y: null, outputs };
  }
  const k = FAMILY.indexOf(spec.name);
  if (k < 0) return null;
  const binary = spec.shape === 'binary' || spec.shape === 'loss';
  return {
    x: column(files.family, FAMILY_ROW / 8, 0),
    y: binary ? column(files.family, FAMILY_ROW / 8, 1) : null,
    outputs: [[column(files.family, FAMILY_ROW / 8, 2 + 2 * k), column(files.family, FAMILY_ROW / 8, 3 + 2 * k)]],
  };
}
