// Reading the wasm binaries this package builds: sections, exports, function
// bodies and the data image. Used by the build (scripts/build-wasm.mjs: it
// strips each module's data, which the loader writes once for all of them)
// and by the accuracy sweep (scripts/verify: a kernel's code hash).
import { createHash } from 'node:crypto';

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
export function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

/** The sections of a module: { id, start, end, body } (body: where the payload starts). */
export function sections(bytes) {
  const out = [];
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    out.push({ id, start: at, end: body + size, body });
    at = body + size;
  }
  return out;
}

/** The module without its data (11) and data count (12) sections. */
export function withoutData(bytes) {
  const parts = [bytes.subarray(0, 8)];
  for (const s of sections(bytes)) if (s.id !== 11 && s.id !== 12) parts.push(bytes.subarray(s.start, s.end));
  return Buffer.concat(parts);
}

/** Reads a name (LEB length, UTF-8 bytes). */
function name(bytes, at) {
  const [length, start] = leb(bytes, at);
  return [Buffer.from(bytes.subarray(start, start + length)).toString('utf8'), start + length];
}

/** A module's parts this package cares about. */
export function parse(bytes) {
  const all = sections(bytes);
  let importedFunctions = 0;
  const imports = [];
  const exports = new Map(); // name -> function index
  const bodies = [];
  const data = []; // { offset, bytes }
  for (const s of all) {
    let at = s.body;
    if (s.id === 2) {
      let count;
      [count, at] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        let module;
        let field;
        [module, at] = name(bytes, at);
        [field, at] = name(bytes, at);
        const kind = bytes[at++];
        imports.push({ module, field, kind });
        if (kind === 0) {
          importedFunctions++;
          [, at] = leb(bytes, at);
        } else if (kind === 2) {
          const flags = bytes[at++];
          [, at] = leb(bytes, at);
          if (flags & 1) [, at] = leb(bytes, at);
        } else throw new Error(`wasm-binary: import kind ${kind} not handled`);
      }
    } else if (s.id === 7) {
      let count;
      [count, at] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        let field;
        [field, at] = name(bytes, at);
        const kind = bytes[at++];
        let index;
        [index, at] = leb(bytes, at);
        if (kind === 0) exports.set(field, index);
      }
    } else if (s.id === 10) {
      let count;
      [count, at] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        let size;
        [size, at] = leb(bytes, at);
        bodies.push(bytes.subarray(at, at + size));
        at += size;
      }
    } else if (s.id === 11) {
      let count;
      [count, at] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        let mode;
        [mode, at] = leb(bytes, at);
        if (mode !== 0) throw new Error(`wasm-binary: data segment mode ${mode} not handled (active segments of memory 0 only)`);
        // An i32.const offset expression, then end.
        if (bytes[at] !== 0x41) throw new Error('wasm-binary: a data offset that is not i32.const');
        let offset = 0;
        let shift = 0;
        let byte;
        at++;
        do {
          byte = bytes[at++];
          offset |= (byte & 0x7f) << shift;
          shift += 7;
        } while (byte & 0x80);
        if (bytes[at++] !== 0x0b) throw new Error('wasm-binary: a data offset expression longer than i32.const');
        let size;
        [size, at] = leb(bytes, at);
        data.push({ offset, bytes: bytes.subarray(at, at + size) });
        at += size;
      }
    }
  }
  return { sections: all, imports, exports, importedFunctions, bodies, data, hasGlobals: all.some((x) => x.id === 6) };
}

function sha256(...parts) {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/**
 * The bodies an export runs: its own and, transitively, those it may call. A
 * conservative scan: every 0x10 byte (the call opcode) followed by a LEB128
 * that names a defined function counts as a call, so a byte that only looks
 * like one adds a body, and no real call is missed.
 */
export function reachableBodies(module, field) {
  const first = module.exports.get(field);
  if (first === undefined) throw new Error(`wasm-binary: no export ${field}`);
  const seen = new Set([first]);
  const work = [first];
  while (work.length > 0) {
    const body = module.bodies[work.pop() - module.importedFunctions];
    if (body === undefined) continue;
    for (let i = 0; i < body.length; i++) {
      if (body[i] !== 0x10) continue;
      const [index] = leb(body, i + 1);
      if (index >= module.importedFunctions && index < module.importedFunctions + module.bodies.length && !seen.has(index)) {
        seen.add(index);
        work.push(index);
      }
    }
  }
  return [...seen].sort((a, b) => a - b).map((i) => module.bodies[i - module.importedFunctions]);
}

/** Reads a signed LEB128 (i32.const's immediate) at `at`, as a 32-bit value. */
function sleb32(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80 && shift < 35);
  if (shift < 32 && byte & 0x40) value |= -1 << shift;
  return value;
}

/**
 * The segments of the data image an export may read: those that hold an
 * address its bodies name. A conservative scan again: every byte of every
 * body it runs is read as the start of an unsigned LEB128 (a load's or
 * store's offset) and of a signed one (an i32.const), and each value that
 * falls in a segment selects it, so a byte that only looks like an address
 * adds a segment, and no named table is missed. It counts on what the
 * kernels do with their tables (assembly/data.ts): a table is read at its
 * own address plus an offset inside it, never reached from another table's
 * address, and no address comes from a global (a module with globals reads
 * the whole image).
 * `data`: { offset, bytes, segments: [[offset, length], ...] }, build/wasm.json's.
 */
export function dataRead(module, field, data) {
  if (module.hasGlobals) return [data.bytes];
  const picked = new Set();
  for (const body of reachableBodies(module, field)) {
    for (let i = 0; i < body.length; i++) {
      for (const v of [leb(body, i)[0], sleb32(body, i)]) {
        for (const [k, [offset, length]] of data.segments.entries()) if (v >= offset && v < offset + length) picked.add(k);
      }
    }
  }
  return [...picked].sort((a, b) => a - b).flatMap((k) => {
    const [offset, length] = data.segments[k];
    return [`segment ${offset} ${length}\n`, data.bytes.subarray(offset - data.offset, offset - data.offset + length)];
  });
}

/** A hash of what an export computes: the bodies it runs (reachableBodies) and the segments of the data image they read (dataRead). */
export function codeHash(module, field, data) {
  return sha256(...reachableBodies(module, field), ...dataRead(module, field, data));
}
