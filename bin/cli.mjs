// The sigmoid-wasm command line: eval, plot, bench. Plain ESM over the built
// package (../dist), so it runs from an installed package with no build
// step. bin/sigmoid-wasm.mjs is the entry; scripts/demo.mjs reuses these
// functions, so `npm start` shows exactly what the command line does.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { defaultKernel } from '../dist/index.js';
import { PLOT_FUNCTIONS, sigmoidPlotSvg } from '../dist/plot.js';
import { formatQuickBenchmark, quickBenchmark } from '../dist/quickbench.js';
import { OPS, opNamed } from '../dist/table.js';

const TOOL = 'sigmoid-wasm';

/** The repository's full benchmark, present in a checkout, absent from the npm package. */
export const REPO_BENCH = fileURLToPath(new URL('../bench/run.mjs', import.meta.url));

/**
 * A bad command line: reported as one line on stderr, exit code 2.
 *
 * @example
 * throw new UsageError('eval', "'abc' is not a number");
 */
export class UsageError extends Error {
  /** @param {string | null} command @param {string} message */
  constructor(command, message) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

/**
 * What --fn can name, from the table of operations (src/ops.ts): `eval`
 * takes every function of one input, `plot` those with a curve (PLOT_FUNCTIONS).
 */
const FUNCTIONS = {
  eval: OPS.filter((s) => s.shape === 'unary').map((s) => s.name),
  plot: [...PLOT_FUNCTIONS],
};

/**
 * Other names --fn accepts: `derivative`, the name this command took for
 * `sigmoidDerivative` before every name came from the table.
 */
const ALIASES = { derivative: 'sigmoidDerivative' };

/** A single name draws or prints the function its table entry pairs it with (`sigmoid` with `sigmoidDerivative`). */
const partnerOf = (name) => opNamed(name)?.plot?.with;

/** The functions of the default --fn. */
const DEFAULT_FUNCTIONS = ['sigmoid', partnerOf('sigmoid')].filter(Boolean);

/** The names with a partner, for the help: 'sigmoid, tanh and silu'. */
const withPartners = (command) => {
  const names = FUNCTIONS[command].filter((n) => partnerOf(n) !== undefined);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names.join('');
};

/** The functions of a probability (logit), whose x is p in [0, 1]. */
const PROBABILITY = OPS.filter((s) => s.domain === 'probability').map((s) => s.name);

/** A list of names wrapped at `width` columns, each line after the first indented by `indent`. */
function wrapList(names, indent, width = 76) {
  const lines = [];
  let line = '';
  for (const [i, name] of names.entries()) {
    const word = `${name}${i < names.length - 1 ? ',' : ';'}`;
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${indent}`);
}

const HELP = {
  main: `Usage: ${TOOL} <command> [options]

The logistic sigmoid 1/(1+e^-x), its derivative and its family (tanh, SiLU,
softplus, log-sigmoid, logit), in WebAssembly SIMD.

Commands:
  eval <x...>     print sigmoid(x) and its derivative (or --fn) at the given points
  plot --out F    write the figure of the sigmoid and its derivative (or --fn), SVG
  bench           compare the speed with the plain JS loop

Options:
  -h, --help      show this help (or '${TOOL} <command> --help')
  -v, --version   print the version

Examples:
  ${TOOL} eval 0 1 -3
  ${TOOL} eval 40 --type f32 --json
  ${TOOL} eval --fn tanh 0 1
  ${TOOL} plot --out sigmoid.svg --tanh
  ${TOOL} plot --fn silu --out silu.svg
  ${TOOL} bench --quick
`,
  eval: `Usage: ${TOOL} eval <x...> [--fn <name>[,<name>...]] [--type f32|f64] [--json]

Prints x, sigmoid(x) and the derivative sigmoid(x) * (1 - sigmoid(x)) as a
table, each number in the shortest form that reads back to the same value;
with --fn, other functions of the package.

Options:
  --fn <name>     the function (default sigmoid): one of
                  ${wrapList(FUNCTIONS.eval, '                  ')}
                  ${withPartners('eval')} come with their derivative, a
                  comma-separated list gives exactly those columns
                  (derivative: another name for sigmoidDerivative)
  --type f32|f64  element type (default f64); f32 rounds x to float32 first
  --json          print JSON: { type, simd, functions, values: [{ x, sigmoid,
                  sigmoidDerivative }] } (a key per function; Infinity and
                  NaN appear as strings)
  -h, --help      show this help

x may be any decimal number, Infinity, -Infinity or NaN (${PROBABILITY.join(', ')} takes p in
[0, 1]). Put '--' before the numbers if one of them could read as an option.

Examples:
  ${TOOL} eval 0 1 -3 -745 --type f64
  ${TOOL} eval --fn tanh 0 1 20
  ${TOOL} eval --fn softplus,logSigmoid -800 0 800
  ${TOOL} eval --fn logit 0 0.25 0.5 1
`,
  plot: `Usage: ${TOOL} plot --out <file.svg> [options]

Writes the figure of the sigmoid and its derivative (a standalone SVG); with
--fn, of other functions of the package.

Options:
  --out <file>      where to write ('-' for stdout); required
  --fn <name>       the function (default sigmoid): one of
                    ${wrapList(FUNCTIONS.plot, '                    ')}
                    ${withPartners('plot')} come with their derivative, a
                    comma-separated list gives exactly those curves
                    (derivative: another name for sigmoidDerivative)
  --from <x>        first x (default -6; 0 for ${PROBABILITY.join(", ")} alone)
  --to <x>          last x (default 6; 1 for ${PROBABILITY.join(", ")} alone)
  --step <dx>       distance between points (default 0.01; 0.001 for ${PROBABILITY.join(", ")} alone)
  --tanh            also draw tanh and its derivative, dashed, for contrast
  --width <px>      width (default 900)
  --height <px>     height (default 500)
  --line-width <px> curve width (default 3)
  -h, --help        show this help

Examples:
  ${TOOL} plot --out sigmoid.svg --from -8 --to 8 --tanh
  ${TOOL} plot --fn silu --out silu.svg
  ${TOOL} plot --fn logit --out logit.svg
`,
  bench: `Usage: ${TOOL} bench [--quick] [--json] [--builtin]

Compares this package with the plain JS loop 1/(1+Math.exp(-x)) on float32
arrays: interleaved rounds, medians, ratios measured in the same round.

In a repository checkout (bench/run.mjs next to the package) this runs the
full benchmark, node bench/run.mjs, with the same flags; otherwise it runs
the built-in quick benchmark (about 1.5 s).

Options:
  --quick     shorter run
  --json      print the results as JSON
  --builtin   run the built-in quick benchmark even in a checkout
  -h, --help  show this help
`,
};

/** Which flags each command takes: 'boolean' flags stand alone, the others take a value. */
const FLAGS = {
  eval: { fn: 'string', type: 'string', json: 'boolean' },
  plot: { out: 'string', fn: 'string', from: 'number', to: 'number', step: 'number', tanh: 'boolean', width: 'number', height: 'number', 'line-width': 'number' },
  bench: { quick: 'boolean', json: 'boolean', builtin: 'boolean' },
};

/** A decimal number, or Infinity/NaN spelled out: what a user can mean on a command line. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$|^[+-]?(?:infinity|inf)$|^nan$/i;

/**
 * Parses a number argument strictly ('12abc', '' and '0x10' are errors).
 *
 * @example
 * parseNumber('-1e3', 'eval', 'x'); // -1000
 * @param {string} text @param {string} command @param {string} what
 * @returns {number}
 */
export function parseNumber(text, command, what) {
  if (!NUMBER.test(text)) throw new UsageError(command, `${what} must be a number (got '${text}')`);
  const t = text.toLowerCase().replace(/^\+/, '');
  if (t === 'nan') return NaN;
  if (/inf/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  return Number(t);
}

/**
 * Splits a command's arguments into flags and positionals, checking each
 * flag against FLAGS. A value flag takes the next argument even when it
 * starts with '-' (`--from -6`); '--name=value' works too. A token that is
 * a negative number is a positional (`eval -3`).
 *
 * @example
 * parseArgs('plot', ['--out', 'a.svg', '--tanh']); // { flags: { out: 'a.svg', tanh: true }, positionals: [], help: false }
 * @param {'eval' | 'plot' | 'bench'} command @param {string[]} argv
 */
export function parseArgs(command, argv) {
  const spec = FLAGS[command];
  /** @type {Record<string, string | number | boolean>} */
  const flags = {};
  const positionals = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-') || NUMBER.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq < 0 ? undefined : eq) : '';
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (kind === undefined) throw new UsageError(command, `unknown option '${eq < 0 ? arg : arg.slice(0, eq)}'`);
    if (kind === 'boolean') {
      if (eq >= 0) throw new UsageError(command, `--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    let value;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length) value = argv[++i];
    else throw new UsageError(command, `--${name} needs a value`);
    flags[name] = kind === 'number' ? parseNumber(value, command, `--${name}`) : value;
  }
  return { flags, positionals, help };
}

// ---- number formatting --------------------------------------------------------

/**
 * The shortest text that reads back to the same float32 (or float64) value:
 * `0.1` rather than `0.10000000149011612` for the float32 nearest 0.1;
 * exponent form below 1e-4.
 *
 * @example
 * formatNumber(Math.fround(0.1), 'f32'); // '0.1'
 * formatNumber(0.1, 'f64');              // '0.1'
 * @param {number} v @param {'f32' | 'f64'} type
 */
export function formatNumber(v, type) {
  if (!Number.isFinite(v) || v === 0) return Object.is(v, -0) ? '-0' : String(v);
  let shortest = v;
  if (type === 'f32') {
    for (let digits = 1; digits <= 9; digits++) {
      shortest = Number(v.toPrecision(digits));
      if (Math.fround(shortest) === v) break;
    }
  }
  // Exponent form below 1e-4 (JS waits until 1e-7): 4.5e-5, not 0.000045.
  return Math.abs(v) < 1e-4 ? shortest.toExponential() : String(shortest);
}

/**
 * Left-aligned columns separated by two spaces, with a header row.
 *
 * @example
 * formatTable(['x', 'y'], [['1', '2'], ['10', '20']]);
 * // 'x   y\n1   2\n10  20'
 * @param {string[]} headers @param {string[][]} rows
 */
export function formatTable(headers, rows) {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  return [headers, ...rows].map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

// ---- functions ---------------------------------------------------------------

/**
 * Parses --fn: one name gives it and the function its table entry pairs it
 * with (sigmoid, tanh and silu: their derivatives), a comma-separated list
 * exactly those. `command` says which names count (eval: every function of
 * one input; plot: those with a curve).
 *
 * @example
 * parseFunctions('tanh', 'eval');           // ['tanh', 'tanhDerivative']
 * parseFunctions('softplus,logit', 'eval'); // ['softplus', 'logit']
 * parseFunctions('derivative', 'plot');     // ['sigmoidDerivative']
 * @param {string | undefined} text @param {'eval' | 'plot'} command
 * @returns {string[]}
 */
export function parseFunctions(text, command) {
  if (text === undefined) return [...DEFAULT_FUNCTIONS];
  const known = FUNCTIONS[command];
  const names = text.split(',').map((s) => s.trim()).map((name) => (Object.hasOwn(ALIASES, name) ? ALIASES[name] : name));
  for (const [i, name] of names.entries()) {
    if (!known.includes(name)) {
      throw new UsageError(command, `unknown function '${text.split(',')[i].trim()}' for --fn (one of ${known.join(', ')})`);
    }
  }
  if (new Set(names).size !== names.length) throw new UsageError(command, `--fn names a function twice (${text})`);
  const partner = partnerOf(names[0]);
  return names.length === 1 && partner !== undefined ? [names[0], partner] : names;
}

// ---- commands ----------------------------------------------------------------

/**
 * The functions (default: sigmoid and its derivative) at the given points,
 * computed by the package: one row per x, a key per function (the table's
 * names).
 *
 * @example
 * evaluate([0, 1], 'f64');            // [{ x: 0, sigmoid: 0.5, sigmoidDerivative: 0.25 }, { x: 1, ... }]
 * evaluate([0], 'f32', ['tanh']);     // [{ x: 0, tanh: 0 }]
 * @param {number[]} xs @param {'f32' | 'f64'} type @param {string[]} [functions]
 */
export function evaluate(xs, type, functions = DEFAULT_FUNCTIONS) {
  const x = type === 'f32' ? Float32Array.from(xs) : Float64Array.from(xs);
  const kernel = defaultKernel();
  const columns = functions.map((fn) => kernel[fn](x));
  return Array.from(x, (v, i) => Object.fromEntries([['x', v], ...functions.map((fn, c) => [fn, columns[c][i]])]));
}

/** @param {number} v JSON has no Infinity or NaN: those become strings. */
const jsonNumber = (v) => (Number.isFinite(v) ? v : String(v));

/**
 * `eval`: prints a table (or JSON) of x, sigmoid(x) and the derivative.
 *
 * @example
 * runEval(['0', '1', '-3', '--type', 'f32']);
 * @param {string[]} argv @param {(text: string) => void} [print]
 */
export function runEval(argv, print = console.log) {
  const { flags, positionals, help } = parseArgs('eval', argv);
  if (help) return print(HELP.eval.trimEnd());
  const type = flags.type ?? 'f64';
  if (type !== 'f32' && type !== 'f64') throw new UsageError('eval', `--type must be f32 or f64 (got '${type}')`);
  const functions = parseFunctions(flags.fn, 'eval');
  if (positionals.length === 0) throw new UsageError('eval', 'give at least one x, e.g. sigmoid-wasm eval 0 1 -3');
  const xs = positionals.map((p) => parseNumber(p, 'eval', 'x'));
  const rows = evaluate(xs, type, functions);
  const keys = ['x', ...functions];
  if (flags.json) {
    const values = rows.map((r) => Object.fromEntries(keys.map((k) => [k, jsonNumber(r[k])])));
    return print(JSON.stringify({ type, simd: defaultKernel().simd, functions, values }, null, 2));
  }
  const f = (v) => formatNumber(v, type);
  print(formatTable(keys.map((k) => (k === 'x' ? k : `${k}(x)`)), rows.map((r) => keys.map((k) => f(r[k])))));
}

/**
 * Writes the plot (see sigmoidPlotSvg) to a file; returns what it wrote.
 *
 * @example
 * writePlot('docs/sigmoid.svg', { tanh: true });
 * @param {string} file @param {import('../dist/plot.js').PlotOptions} options
 */
export function writePlot(file, options) {
  const svg = sigmoidPlotSvg(options);
  writeFileSync(file, svg);
  return { file, bytes: Buffer.byteLength(svg), points: Number(/data-points="(\d+)"/.exec(svg)?.[1] ?? 0) };
}

/**
 * `plot`: writes the figure to --out (or stdout for '-').
 *
 * @example
 * runPlot(['--out', 'sigmoid.svg', '--tanh']);
 * @param {string[]} argv @param {(text: string) => void} [print]
 */
export function runPlot(argv, print = console.log) {
  const { flags, positionals, help } = parseArgs('plot', argv);
  if (help) return print(HELP.plot.trimEnd());
  if (positionals.length > 0) throw new UsageError('plot', `unexpected argument '${positionals[0]}'`);
  if (typeof flags.out !== 'string' || flags.out === '') throw new UsageError('plot', 'missing --out <file.svg> (use --out - for stdout)');
  /** @type {Record<string, number | boolean | string[]>} */
  const options = {};
  // The curves, the pair already expanded (as sigmoidPlotSvg would for one name).
  if ('fn' in flags) options.fn = parseFunctions(flags.fn, 'plot');
  for (const key of ['from', 'to', 'step', 'width', 'height', 'tanh']) if (key in flags) options[key] = flags[key];
  if ('line-width' in flags) options.lineWidth = flags['line-width'];
  try {
    if (flags.out === '-') {
      process.stdout.write(sigmoidPlotSvg(options));
      return;
    }
    const { file, bytes, points } = writePlot(flags.out, options);
    print(`wrote ${file} (${points} points per curve, ${bytes} bytes)`);
  } catch (error) {
    // The plot's option checks (RangeError, TypeError) are usage errors here.
    if (error instanceof RangeError || error instanceof TypeError) {
      throw new UsageError('plot', error.message.replace(/^sigmoidPlotSvg: /, '').replace(/options\.lineWidth/, '--line-width').replace(/options\./, '--'));
    }
    throw error;
  }
}

/**
 * `bench`: the repository's benchmark when present (same flags, its exit
 * code), else the built-in quick benchmark. Resolves to the exit code.
 *
 * @example
 * process.exitCode = await runBench(['--quick']);
 * @param {string[]} argv @param {(text: string) => void} [print]
 * @returns {Promise<number>}
 */
export async function runBench(argv, print = console.log) {
  const { flags, positionals, help } = parseArgs('bench', argv);
  if (help) {
    print(HELP.bench.trimEnd());
    return 0;
  }
  if (positionals.length > 0) throw new UsageError('bench', `unexpected argument '${positionals[0]}'`);
  if (!flags.builtin && existsSync(REPO_BENCH)) {
    const forwarded = argv.filter((a) => a !== '--builtin');
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [REPO_BENCH, ...forwarded], { stdio: 'inherit' });
      child.on('error', reject);
      // A child killed by a signal has no code: report it the shell's way (128 + n).
      child.on('exit', (code, signal) => resolve(code ?? 128 + (signalNumber(signal) ?? 1)));
    });
  }
  const result = await quickBenchmark(flags.quick ? { sizes: [1e3, 1e5, 1e6], rounds: 9, timeBudgetMs: 600 } : {});
  print(flags.json ? JSON.stringify(result, null, 2) : formatQuickBenchmark(result));
  return 0;
}

/** @param {string | null} signal */
function signalNumber(signal) {
  return { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 }[signal ?? ''];
}

/**
 * The whole command line; resolves to the exit code. Usage errors print one
 * line on stderr and give 2; other failures print one line and give 1.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 * @param {string[]} argv
 * @returns {Promise<number>}
 */
export async function main(argv) {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'eval':
        runEval(rest);
        return 0;
      case 'plot':
        runPlot(rest);
        return 0;
      case 'bench':
        return await runBench(rest);
      case 'help':
        if (rest[0] !== undefined && !Object.hasOwn(HELP, rest[0])) throw new UsageError(null, `unknown command '${rest[0]}'`);
        console.log(HELP[rest[0] ?? 'main'].trimEnd());
        return 0;
      case '-h':
      case '--help':
        console.log(HELP.main.trimEnd());
        return 0;
      case '-v':
      case '--version':
        console.log(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
        return 0;
      case undefined:
        throw new UsageError(null, 'missing command (eval, plot or bench)');
      default:
        throw new UsageError(null, `unknown command '${command}' (eval, plot or bench)`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      const where = error.command === null ? TOOL : `${TOOL} ${error.command}`;
      console.error(`${where}: ${error.message}; see '${where} --help'`);
      return 2;
    }
    console.error(`${TOOL}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
