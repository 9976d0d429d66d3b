// The docs against their sources. Every generated block (<!-- name:start -->
// ... <!-- name:end --> in README.md, CONTRIBUTING.md, docs/*.md) and every
// generated page (BENCHMARKS.md, ACCURACY.md, docs/benchmark.svg) must be
// what its generator writes from the committed JSON and the table of
// operations: each generator runs, unchanged, on a copy of the docs and the
// JSON, with scripts/replace-block.mjs in check mode, and a block or page
// that differs fails the test by name. Then what a newcomer needs: README
// under 12 KB with the install and set-up commands, a docs section for every
// function, and relative links that lead somewhere.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { writeDocs } from '../../scripts/docs.mjs';
import { blockOf, checkBlocks, docPages, type CheckedBlock } from '../../scripts/replace-block.mjs';
import { OPS } from '../../src/table.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What the generators read and write, copied into a scratch root for each run. */
const INPUTS = ['README.md', 'CONTRIBUTING.md', 'BENCHMARKS.md', 'ACCURACY.md', 'docs', 'bench/engines.json', 'bench/pool.json', 'bench/results.json', 'accuracy/f32.json', 'accuracy/f64.json', 'accuracy/softmax.json'];

/** A generator's entry point, called with the root to write under. */
type Generator = (root: string) => unknown;

async function exported(script: string, name: string): Promise<Generator> {
  const module = (await import(pathToFileURL(join(root, script)).href)) as Record<string, unknown>;
  const fn = module[name];
  if (typeof fn !== 'function') throw new Error(`${script} exports no function ${name}`);
  return fn as Generator;
}

/** Every generator of the docs: the script, how to run it again, and its entry point. */
const GENERATORS: { script: string; command: string; load: () => Promise<Generator> }[] = [
  { script: 'scripts/docs.mjs', command: 'npm run docs', load: async () => writeDocs },
  { script: 'bench/report.mjs', command: 'node bench/report.mjs', load: () => exported('bench/report.mjs', 'writeBenchmarksMd') },
  { script: 'scripts/verify/report.mjs', command: 'node scripts/verify/report.mjs', load: () => exported('scripts/verify/report.mjs', 'writeReport') },
];

/** Every file under a folder, relative to it. */
function filesUnder(dir: string, at = dir): string[] {
  return readdirSync(at).flatMap((f) => {
    const path = join(at, f);
    return statSync(path).isDirectory() ? filesUnder(dir, path) : [relative(dir, path)];
  });
}

/** Where two texts first differ, as a line of each. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const i = a.findIndex((line, k) => line !== b[k]);
  const k = i < 0 ? a.length : i;
  const cut = (s: string | undefined) => (s === undefined ? '(nothing)' : s.length > 160 ? `${s.slice(0, 160)}...` : s);
  return `line ${k + 1} of the block: the generator writes ${JSON.stringify(cut(a[k]))}, the page has ${JSON.stringify(cut(b[k]))}`;
}

describe('generated docs match the JSON they come from', () => {
  const scratch: string[] = [];
  /** The blocks each generator wrote, by page and name. */
  const written = new Set<string>();

  afterAll(() => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  for (const g of GENERATORS) {
    it(`${g.script}: every block and page it writes`, async () => {
      const shadow = mkdtempSync(join(tmpdir(), 'sigmoid-wasm-docs-'));
      scratch.push(shadow);
      for (const input of INPUTS) {
        if (existsSync(join(root, input))) cpSync(join(root, input), join(shadow, input), { recursive: true });
      }
      const generate = await g.load();
      const checked: CheckedBlock[] = await checkBlocks(() => generate(shadow));
      const problems: string[] = [];
      for (const b of checked) {
        const page = relative(shadow, b.file);
        written.add(`${page}#${b.name}`);
        if (!b.same) problems.push(`${page}: block ${b.name} differs (${firstDifference(b.expected ?? '', b.actual ?? '')})`);
      }
      // Whole pages the generator writes (and blocks it moved by itself): the copy must not have changed.
      for (const file of filesUnder(shadow)) {
        const mine = join(root, file);
        if (!existsSync(mine)) problems.push(`${file}: written by the generator, missing from the repository`);
        else if (!readFileSync(join(shadow, file)).equals(readFileSync(mine))) problems.push(`${file} differs from what the generator writes`);
      }
      expect(problems, `${problems.join('\n')}\nrun \`${g.command}\` (after \`npm run build\`) and commit the result`).toEqual([]);
    });
  }

  it('every block in the docs has a generator', () => {
    const orphans = docPages(root).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const names = [...text.matchAll(/<!-- ([\w-]+):start -->/g)].map((m) => m[1]!);
      return names.filter((name) => blockOf(text, name) !== undefined && !written.has(`${relative(root, file)}#${name}`)).map((name) => `${relative(root, file)}: ${name}`);
    });
    expect(orphans, 'blocks no generator wrote in this run (a block written by hand, or its generator failed above)').toEqual([]);
  });
});

describe('README, for a newcomer', () => {
  let readme: string;
  beforeAll(() => {
    readme = readFileSync(join(root, 'README.md'), 'utf8');
  });

  it('is under 12 KB', () => {
    expect(Buffer.byteLength(readme)).toBeLessThan(12_000);
  });

  it('says how to install, set up and test', () => {
    for (const command of ['npm install sigmoid-wasm', 'npm start', 'npm test']) expect(readme).toContain(command);
  });

  it('lists every function in its table', () => {
    const table = blockOf(readme, 'function-table') ?? '';
    for (const op of OPS) expect(table, op.name).toContain(`\`${op.name}(`);
  });
});

describe('the docs pages', () => {
  it('docs/api.md has a section for every function (its docs row)', () => {
    const api = readFileSync(join(root, 'docs', 'api.md'), 'utf8');
    const missing = OPS.map((op) => op.name).filter((name) => !api.includes(`\n### \`${name}\`\n`));
    expect(missing, 'add a "### `name`" section to docs/api.md for each').toEqual([]);
  });

  it('every relative link leads to a file of the repository', () => {
    const broken = docPages(root).flatMap((file) => {
      // Links outside code: drop fenced blocks and inline code first.
      const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
      return [...text.matchAll(/\]\(([^)\s#]+)(#[^)\s]*)?\)/g)]
        .map((m) => m[1]!)
        .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !existsSync(join(dirname(file), target)))
        .map((target) => `${relative(root, file)}: ${target}`);
    });
    expect(broken).toEqual([]);
  });
});
