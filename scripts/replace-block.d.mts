// Types of scripts/replace-block.mjs, for the TypeScript tests that import it.

/** What replaceBlock saw of one block in check mode. */
export interface CheckedBlock {
  /** The page that holds the block. */
  file: string;
  name: string;
  /** Whether the page's block is what the generator renders. */
  same: boolean;
  expected: string | undefined;
  actual: string | undefined;
}

export function blockOf(text: string, name: string): string | undefined;
export function withBlock(text: string, name: string, body: string, file?: string): string;
export function docPages(root: string): string[];
export function pageOf(file: string, name: string): string;
export function relocateLinks(body: string, from: string, to: string): string;
export function checkBlocks(run: () => unknown): Promise<CheckedBlock[]>;
export function replaceBlock(file: string, name: string, body: string): void;
