// npm run build:wasm: every op module (assembly/ops/<name>.ts, one per
// function) in its three builds, then src/generated/wasm.ts, which embeds
// them, so that the package loads with no fetch and no file path.
//
//   simd     WebAssembly 128-bit SIMD (the default path)
//   relaxed  simd plus relaxed SIMD: fused multiply-add in the fast tier's
//            float32 kernels; a module whose relaxed build is byte for byte
//            its simd build (no relaxed operation in it) ships once
//   scalar   no SIMD: the fallback for an engine without it
//
// One module per function, so that a page ships the kernels of the functions
// it calls (a bundler drops the others: src/ops.ts). The modules import one
// memory (env.memory); their constant tables sit at the same addresses in
// every module (assembly/data.ts), so the build takes each module's data out
// (after checking that all agree) and the loader writes it once into the
// memory (src/wasm.ts).
//
// Builds what changed, once: the inputs (assembly/**, asconfig.json, the
// compiler's version, this script) are hashed into build/wasm.json; when the
// hash is the same and every output is there, nothing is compiled. The
// compiles run on worker threads, one per core (at most 4).
//
// Usage: node scripts/build-wasm.mjs [--force]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';

import { parse, withoutData } from './wasm-binary.mjs';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = join(dirname(SCRIPT), '..');
const BUILD = join(ROOT, 'build');
const OPS = join(ROOT, 'assembly', 'ops');
const MANIFEST = join(BUILD, 'wasm.json');
const GENERATED = join(ROOT, 'src', 'generated', 'wasm.ts');
export const TARGETS = ['simd', 'relaxed', 'scalar'];

/** Every file under a folder, sorted, as paths relative to ROOT. */
function filesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else out.push(relative(ROOT, path));
  }
  return out.sort();
}

/** The hash of everything a build depends on. */
function inputsHash() {
  const h = createHash('sha256');
  const asc = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'assemblyscript', 'package.json'), 'utf8')).version;
  h.update(`assemblyscript ${asc}\n`);
  for (const file of [...filesUnder(join(ROOT, 'assembly')), 'asconfig.json', relative(ROOT, SCRIPT), 'scripts/wasm-binary.mjs']) {
    h.update(`${file}\n`);
    h.update(readFileSync(join(ROOT, file)));
  }
  return h.digest('hex');
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** The op modules, by name (assembly/ops/<name>.ts), sorted. */
export function moduleNames() {
  return readdirSync(OPS).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
}

/** Whether the outputs of the current inputs are all there. */
function upToDate(hash) {
  if (!existsSync(MANIFEST) || !existsSync(GENERATED)) return false;
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  if (manifest.inputs !== hash) return false;
  return Object.keys(manifest.modules).every((name) => TARGETS.every((t) => existsSync(join(BUILD, `${name}.${t}.wasm`))));
}

/** Compiles the jobs on worker threads; resolves to a Map "name.target" -> bytes. */
async function compileAll(jobs) {
  const results = new Map();
  const workers = Math.max(1, Math.min(4, availableParallelism(), jobs.length));
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, () =>
      new Promise((resolve, reject) => {
        const worker = new Worker(SCRIPT);
        const give = () => {
          if (next < jobs.length) worker.postMessage(jobs[next++]);
          else void worker.terminate().then(resolve);
        };
        worker.on('message', (m) => {
          if (m.error) {
            reject(new Error(`asc ${m.job.name} (${m.job.target}):\n${m.error}`));
            void worker.terminate();
            return;
          }
          results.set(`${m.job.name}.${m.job.target}`, Buffer.from(m.bytes));
          give();
        });
        worker.on('error', reject);
        give();
      }),
    ),
  );
  return results;
}

/** A worker: compiles one { name, target } at a time with asc's API (one process, no start-up per compile). */
async function worker() {
  const asc = (await import('assemblyscript/asc')).default;
  parentPort.on('message', async (job) => {
    let bytes = null;
    let text = '';
    const out = { write: (s) => void (text += s) };
    const { error } = await asc.main(
      [relative(ROOT, join(OPS, `${job.name}.ts`)), '--config', 'asconfig.json', '--target', job.target, '--outFile', 'out.wasm'],
      {
        stdout: out,
        stderr: out,
        readFile: (file, base) => {
          const path = join(base, file);
          return existsSync(path) ? readFileSync(path, 'utf8') : null;
        },
        writeFile: (file, contents) => {
          if (file.endsWith('.wasm')) bytes = contents;
        },
        listFiles: (dir, base) => {
          const path = join(base, dir);
          return existsSync(path) ? readdirSync(path).filter((f) => f.endsWith('.ts')) : null;
        },
      },
    );
    if (error || bytes === null) parentPort.postMessage({ job, error: `${error?.message ?? 'no output'}\n${text}` });
    else parentPort.postMessage({ job, bytes });
  });
}

/**
 * The one data image of all the modules: every module's segments must agree
 * byte for byte where they overlap (assembly/data.ts fixes the order).
 */
function mergeData(parsed) {
  const image = new Map();
  const owner = new Map();
  for (const [key, module] of parsed) {
    for (const segment of module.data) {
      for (let i = 0; i < segment.bytes.length; i++) {
        const at = segment.offset + i;
        const byte = segment.bytes[i];
        const had = image.get(at);
        if (had !== undefined && had !== byte) {
          throw new Error(
            `build-wasm: ${key} places other data at byte ${at} than ${owner.get(at)}: every module must lay out ` +
              'the constant tables in the order of assembly/data.ts (static data belongs in the files it imports)',
          );
        }
        image.set(at, byte);
        owner.set(at, key);
      }
    }
  }
  if (image.size === 0) return { offset: 0, bytes: Buffer.alloc(0), segments: [] };
  const offsets = [...image.keys()];
  const lo = Math.min(...offsets);
  const hi = Math.max(...offsets) + 1;
  const bytes = Buffer.alloc(hi - lo);
  for (const [at, byte] of image) bytes[at - lo] = byte;
  // Every module's segments (the same ones, where Binaryen packed them alike):
  // what a kernel's record key hashes of the image is the segments it reads
  // (scripts/wasm-binary.mjs dataRead), so a table added or changed re-sweeps
  // only the kernels that read its segment.
  const segments = new Map();
  for (const module of parsed.values()) for (const s of module.data) segments.set(`${s.offset} ${s.bytes.length}`, [s.offset, s.bytes.length]);
  return { offset: lo, bytes, segments: [...segments.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]) };
}

/** The exports every module must have: a kernel per type and tier; a module whose targets may be class indices has each of them again as `<export>_classes`. */
const KERNEL_EXPORTS = ['f32_fast', 'f32_accurate', 'f64_fast', 'f64_accurate'];

function check(key, module) {
  const imports = module.imports.map((i) => `${i.module}.${i.field}`);
  if (imports.length !== 1 || imports[0] !== 'env.memory' || module.imports[0].kind !== 2) {
    throw new Error(`build-wasm: ${key} must import env.memory and nothing else (imports: ${imports.join(', ') || 'none'})`);
  }
  const names = [...module.exports.keys()].sort();
  const classes = names.some((n) => n.endsWith('_classes'));
  const want = [...KERNEL_EXPORTS, ...(classes ? KERNEL_EXPORTS.map((e) => `${e}_classes`) : [])].sort();
  if (names.join() !== want.join()) throw new Error(`build-wasm: ${key} exports ${names.join(', ')}; expected ${want.join(', ')}`);
}

async function main() {
  const force = process.argv.includes('--force');
  const hash = inputsHash();
  if (!force && upToDate(hash)) {
    console.log('wasm builds up to date (build/wasm.json)');
    return;
  }
  const started = performance.now();
  const names = moduleNames();
  const jobs = names.flatMap((name) => TARGETS.map((target) => ({ name, target })));
  const compiled = await compileAll(jobs);
  const parsed = new Map([...compiled].map(([key, bytes]) => [key, parse(bytes)]));
  for (const [key, module] of parsed) check(key, module);
  const data = mergeData(parsed);

  mkdirSync(BUILD, { recursive: true });
  const manifest = { inputs: hash, data: { offset: data.offset, length: data.bytes.length, sha256: sha256(data.bytes), segments: data.segments }, modules: {} };
  writeFileSync(join(BUILD, 'data.bin'), data.bytes);
  const lines = [
    '// Generated by scripts/build-wasm.mjs from assembly/ops/*.ts (npm run build:wasm). Do not edit.',
    '// Each op module in its builds, base64 (relaxed: null where it is byte for byte the simd build),',
    '// and the static data that every module expects at DATA_OFFSET.',
    '',
    "import type { ModuleBytes } from '../wasm.js';",
    '',
    `/** The modules' static data (${data.bytes.length} bytes, sha256 ${sha256(data.bytes)}), at byte DATA_OFFSET of the memory. */`,
    `export const DATA: string = '${data.bytes.toString('base64')}';`,
    `export const DATA_OFFSET = ${data.offset};`,
    '',
  ];
  for (const name of names) {
    const entry = {};
    const builds = {};
    for (const target of TARGETS) {
      const bytes = withoutData(compiled.get(`${name}.${target}`));
      writeFileSync(join(BUILD, `${name}.${target}.wasm`), bytes);
      builds[target] = bytes;
      entry[target] = { bytes: bytes.length, sha256: sha256(bytes) };
    }
    const relaxedIsSimd = builds.relaxed.equals(builds.simd);
    if (relaxedIsSimd) entry.relaxed.sameAs = 'simd';
    manifest.modules[name] = entry;
    lines.push(`/** ${name}: simd ${builds.simd.length} bytes, relaxed ${relaxedIsSimd ? '= simd' : `${builds.relaxed.length} bytes`}, scalar ${builds.scalar.length} bytes */`);
    lines.push(`export const ${name}: ModuleBytes = {`);
    lines.push(`  simd: '${builds.simd.toString('base64')}',`);
    lines.push(`  relaxed: ${relaxedIsSimd ? 'null' : `'${builds.relaxed.toString('base64')}'`},`);
    lines.push(`  scalar: '${builds.scalar.toString('base64')}',`);
    lines.push('};');
    lines.push('');
  }
  mkdirSync(dirname(GENERATED), { recursive: true });
  writeFileSync(GENERATED, lines.join('\n'));
  writeFileSync(MANIFEST, JSON.stringify(manifest, null, 2) + '\n');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`built ${names.length} op modules x ${TARGETS.length} builds in ${seconds} s; wrote ${relative(ROOT, GENERATED)}`);
}

if (isMainThread) await main();
else await worker();
