// A vitest browser provider for a stock Firefox (Debian's firefox-esr),
// driven by puppeteer-core over WebDriver BiDi: Playwright, vitest's usual
// provider, only drives its own patched Firefox builds.
//
// A provider only has to open the page vitest asks for: vitest's Vite server
// serves that page, whose orchestrator connects back to vitest over a
// websocket and runs every test file in an iframe of its own, reporting to
// vitest as in any browser project. So this provider launches Firefox once
// (on the first page asked for), opens one tab per vitest session, and
// closes Firefox when vitest closes the provider. It does not implement
// vitest's provider-specific extras (userEvent and locator actions,
// screenshots, CDP, traces): the suite uses none of them. vi.mock works
// without one, through the module mocker vitest falls back on (checked).
import type { ChildProcess } from 'node:child_process';

import { defineBrowserProvider } from '@vitest/browser';
import type { Browser, LaunchOptions, Page } from 'puppeteer-core';
import type { BrowserProvider, BrowserProviderOption, TestProject } from 'vitest/node';

const PROVIDER_NAME = 'puppeteer-firefox';

declare module 'vitest/node' {
  // Lets `instances: [{ browser: 'firefox' }]` type-check with this provider.
  interface _BrowserNames {
    [PROVIDER_NAME]: 'firefox';
  }
}

export interface PuppeteerFirefoxOptions {
  /**
   * puppeteer.launch options. puppeteer-core has no browser of its own, so
   * the executable is required. `headless` comes from the project's
   * `browser.headless`, as with vitest's own providers.
   */
  readonly launchOptions: LaunchOptions & { readonly browser: 'firefox'; readonly executablePath: string };
  /** How long loading the test page may take (ms; default 60 s). */
  readonly pageTimeout?: number;
  /** How long closing Firefox may take before its processes are killed (ms; default 15 s). */
  readonly closeTimeout?: number;
}

export function puppeteerFirefox(options: PuppeteerFirefoxOptions): BrowserProviderOption {
  return defineBrowserProvider({
    name: PROVIDER_NAME,
    supportedBrowser: ['firefox'],
    options,
    providerFactory: (project) => new PuppeteerFirefoxProvider(project, options),
  });
}

class PuppeteerFirefoxProvider implements BrowserProvider {
  readonly name = PROVIDER_NAME;
  // One tab, so vitest runs the files one after another in it. (Parallel
  // tabs would also need a provider-side module mocker: vitest runs a
  // project in parallel only when the provider has both.)
  readonly supportsParallelism = false;

  readonly #project: TestProject;
  readonly #options: PuppeteerFirefoxOptions;
  #browser: Promise<Browser> | null = null;
  readonly #pages = new Map<string, Page>();
  #closing = false;

  constructor(project: TestProject, options: PuppeteerFirefoxOptions) {
    this.#project = project;
    this.#options = options;
  }

  getCommandsContext(): Record<string, unknown> {
    // Merged into the context of vitest's built-in commands (readFile and the
    // like), which need nothing from the provider.
    return {};
  }

  async openPage(sessionId: string, url: string): Promise<void> {
    this.#throwIfClosing();
    const browser = await this.#launch();
    this.#throwIfClosing();
    // vitest reopens a session's page on a rerun (watch mode).
    const previous = this.#pages.get(sessionId);
    this.#pages.delete(sessionId);
    await previous?.close();
    const page = await browser.newPage();
    this.#pages.set(sessionId, page);
    this.#throwIfClosing();
    await page.goto(url, { waitUntil: 'load', timeout: this.#options.pageTimeout ?? 60_000 });
  }

  async close(): Promise<void> {
    this.#closing = true;
    const launching = this.#browser;
    this.#browser = null;
    this.#pages.clear();
    // A failed launch has already failed openPage, which vitest reports.
    const browser = await launching?.catch(() => null);
    if (!browser) return;
    const child = browser.process();
    // browser.close() ends the BiDi session, then gives Firefox 5 s to exit
    // before puppeteer kills it. A wedged connection could still hold it up
    // (each BiDi command may wait protocolTimeout), so bound the whole close:
    // no Firefox may outlive the run.
    const closed = await settlesWithin(browser.close(), this.#options.closeTimeout ?? 15_000);
    if (!closed) killProcessGroup(child);
  }

  #launch(): Promise<Browser> {
    this.#browser ??= (async () => {
      // Imported on first use: the config, which imports this file, is also
      // loaded by runs without the firefox project (`--project node`).
      const { launch } = await import('puppeteer-core');
      const { executablePath } = this.#options.launchOptions;
      try {
        return await launch({ ...this.#options.launchOptions, headless: this.#project.config.browser.headless });
      } catch (error) {
        // vitest reports this as an unhandled error of the run, without the
        // project: say which browser (puppeteer's message has its stderr).
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`[${this.#project.name}] could not launch ${executablePath}: ${reason}`, { cause: error });
      }
    })();
    return this.#browser;
  }

  #throwIfClosing(): void {
    if (this.#closing) throw new Error(`[${PROVIDER_NAME}] the provider was closed`);
  }
}

/** Whether the promise fulfilled within `ms` (false if it rejected or took longer). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function killProcessGroup(child: ChildProcess | null): void {
  if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // puppeteer starts Firefox detached, as the leader of its own process
    // group: this takes its content processes too.
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
