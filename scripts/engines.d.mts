// Types of scripts/engines.mjs, for the TypeScript tests that import it.
export type EngineName = 'node20' | 'node22' | 'node24' | 'node26' | 'deno' | 'bun' | 'chromium' | 'firefox';
export type EngineKind = 'node' | 'deno' | 'bun' | 'browser';

export interface EngineInfo {
  readonly name: EngineName;
  readonly label: string;
  readonly kind: EngineKind;
  readonly system?: true;
  readonly npm?: string;
  readonly bin?: string;
  readonly apt?: string;
  readonly path?: string;
}

export interface FoundEngine {
  name: EngineName;
  label: string;
  kind: EngineKind;
  path: string;
  version: string;
}

export const ROOT: string;
export const CACHE: string;
export const ENGINES: readonly EngineInfo[];
export const ENGINE_NAMES: readonly EngineName[];
export const chromiumLaunchOptions: {
  readonly executablePath: string;
  readonly headless: true;
  readonly args: readonly string[];
};
export const firefoxLaunchOptions: {
  readonly browser: 'firefox';
  readonly executablePath: string;
  readonly headless: true;
  readonly env: Record<string, string | undefined>;
};
export function engineInfo(name: string): EngineInfo;
export function enginePath(name: EngineName): string;
export function findEngine(name: EngineName): FoundEngine | null;
export function missingLine(name: EngineName): string;
export function installEngine(name: EngineName): void;
