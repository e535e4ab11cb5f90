// Shared set-up for the browser suite: find Debian's Chromium, start the app on a free
// 127.0.0.1 port with a fresh database, launch one browser per test file, inject
// axe-core, and save screenshots when a test fails. No browser is ever downloaded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../../server/app.ts';
import { removeDbFile, tempDbFile, testConfig, createTestDatabase } from '../helpers/app.ts';
import type { CatalogueInput } from '../../server/domain/import-catalogue.ts';

const require = createRequire(import.meta.url);

/** CHROME_PATH when set (and only it), else Debian's /usr/bin/chromium; null when missing. */
export function findChromium(): string | null {
  const configured = process.env.CHROME_PATH;
  if (configured) return fs.existsSync(configured) ? configured : null;
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p)) ?? null;
}

export const CHROMIUM = findChromium();

let warned = false;
/** Prints once per file why the browser tests are skipped. */
export function explainSkip(file: string): void {
  if (CHROMIUM || warned) return;
  warned = true;
  console.warn(
    `\n[browser tests] SKIPPED ${path.basename(file)}: no Chromium found ` +
      (process.env.CHROME_PATH ? `(CHROME_PATH=${process.env.CHROME_PATH} does not exist). ` : '(CHROME_PATH unset and /usr/bin/chromium missing). ') +
      `Install it with "apt-get install -y chromium" or set CHROME_PATH to a Chromium binary.\n`,
  );
}

export const CHROME_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface RunningApp {
  app: FastifyInstance;
  origin: string;
  close(): Promise<void>;
}

/**
 * The app listening on a free local port. `catalogue`: the fixture (default) or 'seed'
 * for the shipped catalogue (realistic pages for axe and screenshots); `env` adds settings.
 */
export async function startApp(catalogue: CatalogueInput | 'seed' | undefined = undefined, env: Record<string, string> = {}): Promise<RunningApp> {
  let dbFile: string;
  if (catalogue === 'seed') {
    dbFile = tempDbFile();
  } else {
    const db = createTestDatabase(catalogue);
    dbFile = db.file;
    db.close();
  }
  const app = await buildApp({ config: testConfig({ DB_FILE: dbFile, ...env }), seedIfEmpty: catalogue === 'seed' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      removeDbFile(dbFile);
    },
  };
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * One Chromium per test file. `locale` sets navigator.language and Accept-Language
 * (nb-NO by default, so the Norwegian pages are not redirected to /en).
 */
export async function launchBrowser(options: { javaScriptEnabled?: boolean; locale?: string } = {}): Promise<Browser> {
  if (!CHROMIUM) throw new Error('No Chromium');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omradeloft-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: CHROME_ARGS,
    headless: true,
    locale: options.locale ?? 'nb-NO',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: 1280, height: 900 },
    // axe-core is injected as an inline script; the app's CSP would block it.
    bypassCSP: true,
  });
  context.setDefaultTimeout(10_000);
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core with the WCAG 2.0/2.1 A and AA rules; returns the violations. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  const hasAxe = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!hasAxe) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

/** A readable summary of axe violations for assertion messages. */
export function formatViolations(url: string, violations: AxeViolation[]): string {
  return violations
    .map((v) => `${url}: [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('\n')}`)
    .join('\n');
}

export const RESULTS_DIR = path.resolve('test-results');

/**
 * Performs `action` and resolves once htmx has swapped and settled a new `#results`
 * and no htmx request is still in flight.
 */
export async function waitForSwap(page: Page, action: () => Promise<unknown>): Promise<void> {
  const before = await page.evaluate(() => {
    const w = window as unknown as { __swaps?: number; __swapListener?: boolean };
    if (!w.__swapListener) {
      w.__swapListener = true;
      w.__swaps = 0;
      document.body.addEventListener('htmx:afterSettle', (e) => {
        if ((e.target as Element | null)?.id === 'results') w.__swaps = (w.__swaps ?? 0) + 1;
      });
    }
    return w.__swaps ?? 0;
  });
  await action();
  await page.waitForFunction(
    (n) => ((window as unknown as { __swaps?: number }).__swaps ?? 0) > n && !document.querySelector('.htmx-request'),
    before,
  );
}

/**
 * Runs `fn` with a fresh tab; when it throws, saves a screenshot of the tab under
 * test-results/ before the failure is reported. The tab is closed afterwards.
 */
export async function withPage(browser: Browser, testName: string, fn: (page: Page) => Promise<void>): Promise<void> {
  const page = await browser.context.newPage();
  try {
    await fn(page);
  } catch (err) {
    await screenshotOf(page, testName);
    throw err;
  } finally {
    await page.close();
  }
}

async function screenshotOf(page: Page, testName: string): Promise<void> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${testName.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 100)}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true, timeout: 5000 });
    console.warn(`[browser tests] screenshot of the failed test "${testName}" (${page.url()}): ${file}`);
  } catch {
    // A crashed or closed tab cannot be captured; the assertion message remains.
  }
}
