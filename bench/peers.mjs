/**
 * bench/peers.mjs: uniform adapters for the "peer" implementations a user might
 * pick instead of sigmoid-wasm, so the accuracy script and the benchmark script
 * can drive them all the same way.
 *
 * Peers (all loaded by `await loadPeers()`; pick some with `loadPeers(['tfjs-wasm'])`):
 *   - 'plain-js'         the plain loop `out[i] = 1 / (1 + Math.exp(-x[i]))`, Float32Array and
 *                        Float64Array; derivative `s * (1 - s)` from that s.
 *   - 'tfjs-wasm'        TensorFlow.js, wasm backend (XNNPACK), SIMD binary, one thread.
 *   - 'tfjs-cpu'         TensorFlow.js, pure-JS cpu backend.
 *   - 'onnxruntime-web'  onnxruntime-web, wasm execution provider, 1 thread, running a one-node
 *                        Sigmoid model encoded by hand below (no file, no network). No derivative.
 *
 * Exports:
 *   loadPeers(names?: string[]): Promise<Peer[]>  load the named peers (default: all, in PEER_NAMES
 *                                 order); throws an Error naming the peer that failed to load
 *   peerVersions(): Record<string, string>         installed versions (node, v8 and the packages)
 *   PEER_NAMES: readonly string[]                  every peer name
 *   buildSigmoidOnnxModel(): Uint8Array            the hand-encoded ONNX model ORT runs
 *
 * Run `node bench/peers.mjs [peer...]` to print each peer's results on [-20, -1, 0, 1, 20], its
 * info, and one (not benchmark-grade) timing of each kernel on 1e6 elements.
 *
 * @typedef {object} Peer
 * @property {string} name       e.g. 'tfjs-wasm'
 * @property {string} label      human label, e.g. 'TensorFlow.js 4.22.0 wasm (XNNPACK, SIMD, 1 thread)'
 * @property {Record<string, string | boolean>} info  versions, simd flag, etc.
 * @property {('float32' | 'float64')[]} dtypes  element types it accepts (TF.js and ORT: float32 only;
 *    any other input type makes sigmoid/derivative/kernel throw a TypeError)
 * @property {(x: Float32Array | Float64Array) => Promise<Float32Array | Float64Array>} sigmoid
 *    end to end: typed array in, typed array (read back) out; the output is a new array of the
 *    input's type
 * @property {null | ((x: Float32Array | Float64Array) => Promise<Float32Array | Float64Array>)} derivative
 *    d/dx sigmoid(x), end to end; TF.js: the gradient of tf.sigmoid through tf.grad
 * @property {null | ((x: Float32Array, op?: 'sigmoid' | 'tanh' | 'softplus') => {run: () => void | Promise<void>, dispose: () => void})} kernel
 *    "kernel alone": prepares an input tensor once; run() computes sigmoid (TF.js: or `op`) on it (the result is
 *    disposed, not read back). For the plain JS loop run() writes into a preallocated output
 *    array and consumes it (plain-js also accepts a Float64Array here). run() is synchronous for
 *    plain-js and TF.js and returns a Promise for onnxruntime-web (session.run is async).
 * @property {() => void | Promise<void>} dispose  frees what the peer holds; the peer is unusable after.
 *    onnxruntime-web returns a Promise (session.release()); awaiting it is harmless for the others.
 */

import { createRequire } from 'node:module';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** @typedef {typeof import('@tensorflow/tfjs-core')} Tf */
/** @typedef {import('@tensorflow/tfjs-core').Tensor} TfTensor */

const require = createRequire(import.meta.url);

/** Every peer, in the order `loadPeers()` returns them. */
export const PEER_NAMES = Object.freeze(['plain-js', 'tfjs-wasm', 'tfjs-cpu', 'onnxruntime-web']);

/** The npm packages behind the peers (devDependencies of this repo). */
const PEER_PACKAGES = Object.freeze([
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-cpu',
  'onnxruntime-web',
]);

// ---------------------------------------------------------------------------------------------
// Package lookup
// ---------------------------------------------------------------------------------------------

/**
 * Root folder of an installed package. Walks up from its resolved entry point, because
 * onnxruntime-web's "exports" map does not expose './package.json' to require.resolve.
 * @param {string} name
 * @returns {string}
 */
function packageDir(name) {
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).name === name) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package.json of ${name}`);
    dir = parent;
  }
}

/** @param {string} name @returns {string} */
function packageVersion(name) {
  return JSON.parse(readFileSync(path.join(packageDir(name), 'package.json'), 'utf8')).version;
}

/**
 * Installed versions of the peer packages, plus Node's and V8's.
 * A package that cannot be resolved is reported as 'not installed'.
 * @returns {Record<string, string>}
 */
export function peerVersions() {
  /** @type {Record<string, string>} */
  const versions = { node: process.versions.node, v8: process.versions.v8 };
  for (const name of PEER_PACKAGES) {
    try {
      versions[name] = packageVersion(name);
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'MODULE_NOT_FOUND') throw err;
      versions[name] = 'not installed';
    }
  }
  return versions;
}

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/**
 * @param {string} peer
 * @param {unknown} x
 * @returns {asserts x is Float32Array}
 */
function requireFloat32(peer, x) {
  if (!(x instanceof Float32Array)) {
    const got = /** @type {any} */ (x)?.constructor?.name ?? typeof x;
    throw new TypeError(`${peer}: only Float32Array input is supported (got ${got})`);
  }
}

/** @param {string} peer @param {boolean} disposed */
function requireLive(peer, disposed) {
  if (disposed) throw new Error(`${peer}: used after dispose()`);
}

// ---------------------------------------------------------------------------------------------
// Peer 1: plain JS
// ---------------------------------------------------------------------------------------------

// One function per element type so each loop stays monomorphic in V8 (a shared loop seeing
// both Float32Array and Float64Array would be slower than what a user writes for one type).

/** @param {Float32Array} x @param {Float32Array} out */
function sigmoidLoopF32(x, out) {
  for (let i = 0; i < x.length; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
  return out;
}

/** @param {Float64Array} x @param {Float64Array} out */
function sigmoidLoopF64(x, out) {
  for (let i = 0; i < x.length; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
  return out;
}

/** @param {Float32Array} x @param {Float32Array} out */
function derivativeLoopF32(x, out) {
  for (let i = 0; i < x.length; i++) {
    const s = 1 / (1 + Math.exp(-x[i]));
    out[i] = s * (1 - s);
  }
  return out;
}

/** @param {Float64Array} x @param {Float64Array} out */
function derivativeLoopF64(x, out) {
  for (let i = 0; i < x.length; i++) {
    const s = 1 / (1 + Math.exp(-x[i]));
    out[i] = s * (1 - s);
  }
  return out;
}

/** Written by the plain-js kernel's run() so the loop's output is observably consumed. */
let sink = 0;

/**
 * @param {Float32Array | Float64Array} x
 * @param {'sigmoid' | 'derivative'} which
 */
function plainJs(x, which) {
  if (x instanceof Float64Array) {
    const out = new Float64Array(x.length);
    return which === 'sigmoid' ? sigmoidLoopF64(x, out) : derivativeLoopF64(x, out);
  }
  if (x instanceof Float32Array) {
    const out = new Float32Array(x.length);
    return which === 'sigmoid' ? sigmoidLoopF32(x, out) : derivativeLoopF32(x, out);
  }
  throw new TypeError(`plain-js: expected a Float32Array or Float64Array`);
}

/** @returns {Promise<Peer>} */
async function loadPlainJs() {
  return {
    name: 'plain-js',
    label: 'plain JS loop 1/(1+Math.exp(-x))',
    info: {
      node: process.versions.node,
      v8: process.versions.v8,
      arithmetic: 'float64 Math.exp; Float32Array output rounded to float32 on store',
      derivative: 's = 1/(1+Math.exp(-x)); s*(1-s)',
    },
    dtypes: ['float32', 'float64'],
    sigmoid: async (x) => plainJs(x, 'sigmoid'),
    derivative: async (x) => plainJs(x, 'derivative'),
    // Wider than Peer.kernel requires: plain-js also takes a Float64Array here.
    kernel: (/** @type {Float32Array | Float64Array} */ x) => {
      if (x instanceof Float64Array) {
        const out = new Float64Array(x.length);
        return { run: () => { sink = sigmoidLoopF64(x, out)[out.length - 1]; }, dispose: () => {} };
      }
      requireFloat32('plain-js', x);
      const out = new Float32Array(x.length);
      return { run: () => { sink = sigmoidLoopF32(x, out)[out.length - 1]; }, dispose: () => {} };
    },
    dispose: () => {},
  };
}

// ---------------------------------------------------------------------------------------------
// Peers 2 and 3: TensorFlow.js (wasm and cpu backends)
// ---------------------------------------------------------------------------------------------

/** @type {Promise<{tf: Tf, gradient: string}> | undefined} */
let tfCorePromise;

/**
 * tfjs-core, loaded once and shared by both TF.js peers (TF.js keeps one global engine).
 * In Node, `@tensorflow/tfjs-core` resolves to its CommonJS bundle (dist/tf-core.node.js), and
 * the backend packages require() that same instance, so they register into our engine.
 */
function loadTfCore() {
  tfCorePromise ??= (async () => {
    /** @type {Tf} */
    const tf = await import('@tensorflow/tfjs-core');
    // Production mode only silences warnings in 4.22 (e.g. the cpu backend's "install
    // tfjs-node" banner on first use); no computation changes.
    tf.enableProdMode();
    return { tf, gradient: registerSigmoidGradient(tf) };
  })();
  tfCorePromise.catch(() => { tfCorePromise = undefined; }); // let a later loadPeers retry
  return tfCorePromise;
}

/**
 * tf.grad needs the gradient registry filled. tfjs-core alone registers no gradients: the
 * `@tensorflow/tfjs` umbrella package does it by importing tfjs-core's
 * dist/register_all_gradients.js, an ES module with extension-less imports that Node cannot
 * load. So, unless something else registered one already, register the Sigmoid gradient
 * exactly as tfjs-core 4.22.0 defines it (dist/gradients/Sigmoid_grad.js):
 *   dx = dy * (y * (1 - y)), with y the saved forward output.
 * TF.js has no fused SigmoidGrad kernel: the backward pass runs Sub and Multiply kernels.
 * @param {Tf} tf
 * @returns {string} where the gradient came from, for `info`
 */
function registerSigmoidGradient(tf) {
  if (tf.getGradient('Sigmoid') != null) return 'pre-registered (not by peers.mjs)';
  tf.registerGradient({
    kernelName: 'Sigmoid',
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [y] = saved;
      return { x: () => tf.mul(/** @type {TfTensor} */ (dy), tf.mul(y, tf.sub(tf.scalar(1), y))) };
    },
  });
  return 'tfjs-core 4.22 Sigmoid_grad (dy*y*(1-y)), registered by peers.mjs';
}

/** @type {Map<string, Promise<Record<string, string | boolean>>>} */
const tfBackendPromises = new Map();

/**
 * Imports and initialises one TF.js backend, once per process.
 * @param {Tf} tf
 * @param {'wasm' | 'cpu'} backend
 * @returns {Promise<Record<string, string | boolean>>} backend facts for `info`
 */
function initTfBackend(tf, backend) {
  let promise = tfBackendPromises.get(backend);
  if (promise == null) {
    promise = backend === 'wasm' ? initTfWasm(tf) : initTfCpu(tf);
    tfBackendPromises.set(backend, promise);
    promise.catch(() => tfBackendPromises.delete(backend)); // let a later loadPeers retry
  }
  return promise;
}

/** @param {Tf} tf */
async function initTfWasm(tf) {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // In Node the backend's Emscripten glue reads the binary with fs.readFileSync(prefix + file)
  // (a plain path or a file: URL both work; no fetch is involved), so point the prefix at the
  // package's own dist/ folder. Must happen before the backend is initialised.
  const distDir = path.join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist') + path.sep;
  wasm.setWasmPaths(distDir);
  // Only matters for the threaded binary, which TF.js never selects in Node
  // (WASM_HAS_MULTITHREAD_SUPPORT is hard-wired to false there); stated for clarity.
  wasm.setThreadsCount(1);
  const ok = await tf.setBackend('wasm');
  if (!ok) throw new Error(`tf.setBackend('wasm') returned false (see the warning above)`);
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threaded = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  // The same choice tfjs-backend-wasm's getPathToWasmBinary() makes.
  const binary = simd
    ? threaded ? 'tfjs-backend-wasm-threaded-simd.wasm' : 'tfjs-backend-wasm-simd.wasm'
    : 'tfjs-backend-wasm.wasm';
  return {
    '@tensorflow/tfjs-backend-wasm': wasm.version_wasm,
    simd: Boolean(simd),
    multithreadSupport: Boolean(threaded),
    threads: String(wasm.getThreadsCount()),
    wasmBinary: distDir + binary,
    sigmoidKernel: 'XNNPACK xnn_create_sigmoid_nc_f32',
  };
}

/** @param {Tf} tf */
async function initTfCpu(tf) {
  const cpu = await import('@tensorflow/tfjs-backend-cpu');
  const ok = await tf.setBackend('cpu');
  if (!ok) throw new Error(`tf.setBackend('cpu') returned false (see the warning above)`);
  return {
    '@tensorflow/tfjs-backend-cpu': cpu.version_cpu,
    sigmoidKernel: 'JS loop 1/(1+Math.exp(-x)) into a Float32Array',
  };
}

/**
 * Makes `backend` TF.js's active backend. Both TF.js peers share tfjs-core's single global
 * engine, so every entry point calls this. Once a backend has been initialised (loadPeers
 * did that), Engine.setBackend (tfjs-core dist/engine.js) reaches no `await` and switches
 * synchronously; the promise it returns is already settled. A switch re-runs the backend's
 * kernel setup (cheap, but not free): benchmark one TF.js peer at a time.
 * @param {Tf} tf
 * @param {'wasm' | 'cpu'} backend
 */
function activate(tf, backend) {
  if (tf.getBackend() === backend) return;
  void tf.setBackend(backend);
  if (tf.getBackend() !== backend) throw new Error(`TF.js did not switch to the '${backend}' backend`);
}

/**
 * Runs one op on a fresh 1-D float32 tensor holding x and reads the result back.
 * @param {Tf} tf
 * @param {Float32Array} x
 * @param {(t: TfTensor) => TfTensor} op
 * @returns {Promise<Float32Array>}
 */
async function runAndRead(tf, x, op) {
  const t = tf.tensor1d(x, 'float32');
  let y;
  try {
    y = op(t);
  } finally {
    t.dispose();
  }
  try {
    // data() returns a copy (wasm) or the backend's own result array (cpu); either way it
    // stays valid after the tensor is disposed.
    return /** @type {Float32Array} */ (await y.data());
  } finally {
    y.dispose();
  }
}

/**
 * @param {'tfjs-wasm' | 'tfjs-cpu'} name
 * @param {'wasm' | 'cpu'} backend
 * @returns {Promise<Peer>}
 */
async function loadTfPeer(name, backend) {
  const { tf, gradient } = await loadTfCore();
  const backendInfo = await initTfBackend(tf, backend);
  activate(tf, backend);

  /** d sigmoid / dx via autodiff, i.e. the backward pass of tf.sigmoid with dy = 1. */
  const dSigmoid = tf.grad((/** @type {TfTensor} */ t) => tf.sigmoid(t));

  // Record which kernels the derivative really runs, for `info`.
  const probe = tf.tensor1d([0.5]);
  const profile = await tf.profile(() => dSigmoid(probe));
  /** @type {TfTensor} */ (profile.result).dispose();
  probe.dispose();
  const derivativeKernels = profile.kernels.map((k) => k.name).join(', ');

  const version = tf.version_core;
  const label = backend === 'wasm'
    ? `TensorFlow.js ${version} wasm (XNNPACK, ${backendInfo.simd ? 'SIMD' : 'no SIMD'}, ${backendInfo.threads} thread${backendInfo.threads === '1' ? '' : 's'})`
    : `TensorFlow.js ${version} cpu (pure JS)`;

  /** Input tensors held by live kernels, freed by dispose(). @type {Set<TfTensor>} */
  const held = new Set();
  let disposed = false;

  /** @param {unknown} x @returns {asserts x is Float32Array} */
  const enter = (x) => {
    requireLive(name, disposed);
    requireFloat32(name, x);
    activate(tf, backend);
  };

  return {
    name,
    label,
    info: {
      '@tensorflow/tfjs-core': version,
      backend,
      ...backendInfo,
      prodMode: true,
      derivative: 'tf.grad(tf.sigmoid)',
      derivativeKernels,
      gradient,
    },
    dtypes: ['float32'],
    sigmoid: async (x) => {
      enter(x);
      return runAndRead(tf, x, (t) => tf.sigmoid(t));
    },
    derivative: async (x) => {
      enter(x);
      return runAndRead(tf, x, (t) => /** @type {TfTensor} */ (dSigmoid(t)));
    },
    kernel: (x, op = 'sigmoid', rowLength = 0) => {
      enter(x);
      const f = { sigmoid: tf.sigmoid, tanh: tf.tanh, softplus: tf.softplus, softmax: tf.softmax, logSoftmax: tf.logSoftmax }[op];
      if (f === undefined) throw new TypeError(`${name}: no kernel for '${op}' (sigmoid, tanh, softplus, softmax, logSoftmax)`);
      // wasm: copied into the wasm heap once, here; rows (softmax, logSoftmax): [rows, rowLength], over the last axis
      const t = rowLength > 0 ? tf.tensor2d(x, [x.length / rowLength, rowLength], 'float32') : tf.tensor1d(x, 'float32');
      held.add(t);
      return {
        run: () => {
          activate(tf, backend);
          f(t).dispose();
        },
        dispose: () => {
          if (held.delete(t)) t.dispose();
        },
      };
    },
    // The backend stays registered and initialised: the engine is global and the other TF.js
    // peer (or a later loadPeers call) may still use it.
    dispose: () => {
      disposed = true;
      for (const t of held) t.dispose();
      held.clear();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Peer 4: onnxruntime-web, with a hand-encoded one-node Sigmoid model
// ---------------------------------------------------------------------------------------------

// A minimal protobuf writer: https://protobuf.dev/programming-guides/encoding/
// A field is a varint key (field_number << 3 | wire_type) followed by its payload.
// Only wire types 0 (varint) and 2 (length-delimited: strings and embedded messages) are needed.
// Every helper returns a plain byte array; messages are concatenations of fields.

const WIRE_VARINT = 0;
const WIRE_LEN = 2;
const utf8 = new TextEncoder();

/** Base-128 varint of a non-negative safe integer. @param {number} n @returns {number[]} */
function varint(n) {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`varint: bad value ${n}`);
  const bytes = [];
  while (n >= 0x80) {
    bytes.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  bytes.push(n);
  return bytes;
}

const pb = {
  /** @param {number} field @param {number} value */
  varint: (field, value) => [...varint((field << 3) | WIRE_VARINT), ...varint(value)],
  /** @param {number} field @param {ArrayLike<number>} bytes */
  bytes: (field, bytes) => [...varint((field << 3) | WIRE_LEN), ...varint(bytes.length), ...Array.from(bytes)],
  /** @param {number} field @param {string} text */
  string: (field, text) => pb.bytes(field, utf8.encode(text)),
  /** An embedded message made of the given encoded fields. @param {number} field @param {...number[]} fields */
  message: (field, ...fields) => pb.bytes(field, fields.flat()),
};

// Field numbers from the ONNX schema, onnx/onnx.proto3 (identical in onnx.proto); checked against
// the decoder generated from it that onnxruntime-web ships, lib/onnxjs/ort-schema/protobuf/onnx.js.
const ModelProto = { ir_version: 1, producer_name: 2, graph: 7, opset_import: 8 };
const OperatorSetIdProto = { domain: 1, version: 2 };
const GraphProto = { node: 1, name: 2, input: 11, output: 12 };
const NodeProto = { input: 1, output: 2, name: 3, op_type: 4 };
const ValueInfoProto = { name: 1, type: 2 };
const TypeProto = { tensor_type: 1 };
const TypeProtoTensor = { elem_type: 1, shape: 2 }; // TypeProto.Tensor
const TensorShapeProto = { dim: 1 };
const Dimension = { dim_value: 1, dim_param: 2 }; // TensorShapeProto.Dimension
const FLOAT = 1; // TensorProto.DataType.FLOAT
// IR version 7 is the one released with opset 13 (ONNX 1.8; onnx/docs/Versioning.md).
const IR_VERSION = 7;
const OPSET = 13;

/**
 * The ONNX model `y = Sigmoid(x)`: x and y are float tensors of shape [N], N a symbolic dim.
 * @returns {Uint8Array} ModelProto bytes
 */
export function buildSigmoidOnnxModel() {
  /** ValueInfoProto for a float tensor of shape [N]. @param {string} name */
  const floatVectorInfo = (name) => [
    ...pb.string(ValueInfoProto.name, name),
    ...pb.message(ValueInfoProto.type,
      pb.message(TypeProto.tensor_type,
        pb.varint(TypeProtoTensor.elem_type, FLOAT),
        pb.message(TypeProtoTensor.shape,
          pb.message(TensorShapeProto.dim, pb.string(Dimension.dim_param, 'N'))))),
  ];
  const node = [
    ...pb.string(NodeProto.input, 'x'),
    ...pb.string(NodeProto.output, 'y'),
    ...pb.string(NodeProto.name, 'sigmoid'),
    ...pb.string(NodeProto.op_type, 'Sigmoid'),
  ];
  const graph = [
    ...pb.message(GraphProto.node, node),
    ...pb.string(GraphProto.name, 'sigmoid'),
    ...pb.message(GraphProto.input, floatVectorInfo('x')),
    ...pb.message(GraphProto.output, floatVectorInfo('y')),
  ];
  return Uint8Array.from([
    ...pb.varint(ModelProto.ir_version, IR_VERSION),
    ...pb.string(ModelProto.producer_name, 'sigmoid-wasm bench/peers.mjs'),
    ...pb.message(ModelProto.graph, graph),
    // The domain is left unset: the empty string, i.e. the default 'ai.onnx' domain.
    ...pb.message(ModelProto.opset_import, pb.varint(OperatorSetIdProto.version, OPSET)),
  ]);
}

/** @returns {Promise<Peer>} */
async function loadOrt() {
  const ort = await import('onnxruntime-web'); // Node: dist/ort.node.min.mjs
  const distDir = path.join(packageDir('onnxruntime-web'), 'dist') + path.sep;
  // onnxruntime-web >= 1.19 ships one wasm binary, ort-wasm-simd-threaded.wasm (SIMD always;
  // threads only if numThreads > 1). By default it is found next to the bundle via
  // import.meta.url; setting the prefix explicitly makes that independent of bundling.
  // In Node the Emscripten glue reads a file: URL with fs.readFileSync.
  const wasmFile = 'ort-wasm-simd-threaded.wasm';
  if (!existsSync(distDir + wasmFile)) throw new Error(`missing ${distDir + wasmFile}`);
  ort.env.wasm.numThreads = 1; // no worker threads: runs on the calling thread
  ort.env.wasm.wasmPaths = pathToFileURL(distDir).href;

  const session = await ort.InferenceSession.create(buildSigmoidOnnxModel(), {
    executionProviders: ['wasm'],
  });
  const version = ort.env.versions.web ?? packageVersion('onnxruntime-web');
  let disposed = false;

  /** @param {Float32Array} x */
  const feeds = (x) => ({ x: new ort.Tensor('float32', x, [x.length]) });

  return {
    name: 'onnxruntime-web',
    label: `onnxruntime-web ${version} wasm EP (MLAS, SIMD, 1 thread)`,
    info: {
      'onnxruntime-web': version,
      executionProvider: 'wasm',
      simd: true,
      numThreads: String(ort.env.wasm.numThreads),
      wasmBinary: distDir + wasmFile,
      model: `hand-encoded ONNX: y = Sigmoid(x), x,y float32 [N], opset ${OPSET}, IR ${IR_VERSION}`,
    },
    dtypes: ['float32'],
    sigmoid: async (x) => {
      requireLive('onnxruntime-web', disposed);
      requireFloat32('onnxruntime-web', x);
      const { y } = await session.run(feeds(x));
      // A CPU-located output owns a fresh copy of the wasm heap data, so it outlives dispose().
      const data = /** @type {Float32Array} */ (y.data);
      y.dispose();
      return data;
    },
    derivative: null,
    kernel: (x) => {
      requireLive('onnxruntime-web', disposed);
      requireFloat32('onnxruntime-web', x);
      const input = feeds(x);
      return {
        // ORT's wasm EP still copies x into the wasm heap and y out of it on every run.
        run: async () => {
          const { y } = await session.run(input);
          y.dispose();
        },
        dispose: () => {},
      };
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      return session.release();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// loadPeers
// ---------------------------------------------------------------------------------------------

/** @type {Record<string, () => Promise<Peer>>} */
const LOADERS = {
  'plain-js': loadPlainJs,
  'tfjs-wasm': () => loadTfPeer('tfjs-wasm', 'wasm'),
  'tfjs-cpu': () => loadTfPeer('tfjs-cpu', 'cpu'),
  'onnxruntime-web': loadOrt,
};

/**
 * Loads the named peers (default: all of PEER_NAMES), in the order given, one after another.
 * If one fails, the ones already loaded are disposed and an Error naming the failing peer is
 * thrown (the original error is its `cause`); nothing is skipped silently.
 * @param {string[]} [names]
 * @returns {Promise<Peer[]>}
 */
export async function loadPeers(names = [...PEER_NAMES]) {
  const unknown = names.filter((n) => !Object.hasOwn(LOADERS, n));
  if (unknown.length > 0) {
    throw new Error(`loadPeers: unknown peer(s) ${unknown.join(', ')}; known: ${PEER_NAMES.join(', ')}`);
  }
  /** @type {Peer[]} */
  const peers = [];
  for (const name of names) {
    try {
      peers.push(await LOADERS[name]());
    } catch (err) {
      await Promise.allSettled(peers.map(async (p) => p.dispose()));
      const message = /** @type {any} */ (err)?.message ?? String(err);
      throw new Error(`loadPeers: peer '${name}' failed to load: ${message}`, { cause: err });
    }
  }
  return peers;
}

// ---------------------------------------------------------------------------------------------
// `node bench/peers.mjs`: a quick human check, not a benchmark
// ---------------------------------------------------------------------------------------------

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

async function main() {
  console.log('versions', peerVersions());
  const peers = await loadPeers(process.argv.length > 2 ? process.argv.slice(2) : undefined);
  try {
    const xs = [-20, -1, 0, 1, 20];
    /** @param {ArrayLike<number>} a */
    const show = (a) => `[${Array.from(a, (v) => String(v)).join(', ')}]`;
    for (const peer of peers) {
      console.log(`\n${peer.name}: ${peer.label}`);
      console.log('  info', peer.info);
      for (const dtype of peer.dtypes) {
        const x = dtype === 'float64' ? Float64Array.from(xs) : Float32Array.from(xs);
        console.log(`  ${dtype} x          ${show(x)}`);
        console.log(`  ${dtype} sigmoid    ${show(await peer.sigmoid(x))}`);
        if (peer.derivative) console.log(`  ${dtype} derivative ${show(await peer.derivative(x))}`);
      }
    }

    // Speed sanity only: one warm-up run and ONE timed run of each kernel on 1e6 float32s.
    const n = 1e6;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = -10 + (20 * i) / n;
    console.log(`\nkernel alone, 1 timed run on ${n} float32 (sanity check, not a benchmark):`);
    for (const peer of peers) {
      if (!peer.kernel) continue;
      const k = peer.kernel(x);
      try {
        await k.run();
        const t0 = performance.now();
        await k.run();
        const ms = performance.now() - t0;
        console.log(`  ${peer.name.padEnd(16)} ${ms.toFixed(2).padStart(8)} ms`);
      } finally {
        k.dispose();
      }
    }
  } finally {
    for (const peer of peers) await peer.dispose();
  }
}

if (isMain()) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
