// The demo page's dev server (npm run demo): demo/ is the root, and the page
// imports 'sigmoid-wasm' and its subpaths exactly as users do; the aliases
// point those names at the TypeScript sources, so edits show up live.
import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const src = (file: string): string => fileURLToPath(new URL(`../src/${file}`, import.meta.url));

export default defineConfig({
  root: here,
  clearScreen: false,
  resolve: {
    // Anchored patterns: a plain 'sigmoid-wasm' alias would also rewrite
    // 'sigmoid-wasm/plot' to '../src/index.ts/plot'.
    alias: [
      { find: /^sigmoid-wasm$/, replacement: src('index.ts') },
      { find: /^sigmoid-wasm\/plot$/, replacement: src('plot.ts') },
      { find: /^sigmoid-wasm\/quickbench$/, replacement: src('quickbench.ts') },
    ],
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    // Serve ../src (outside the root) and nothing above the repository.
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});
