// npm run lighthouse: Lighthouse 12 with Debian's Chromium (CHROME_PATH, else
// /usr/bin/chromium) against the search page and an initiative page of the app, started on
// a free port with a fresh database holding the shipped seed. Writes the four scores, the
// date and the command to docs/quality.md (and the JSON reports to test-results/lighthouse/).
// Exits non-zero if anything fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { launch } from 'chrome-launcher';
import { buildApp } from '../server/app.ts';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../server/config.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const NAMES: Record<(typeof CATEGORIES)[number], string> = {
  performance: 'Performance',
  accessibility: 'Accessibility',
  'best-practices': 'Best practices',
  seo: 'SEO',
};
/** Targets: at least 95 everywhere on a phone, and 98 in every category on a desktop. */
const FORM_FACTORS = ['mobile', 'desktop'] as const;
type FormFactor = (typeof FORM_FACTORS)[number];
const TARGETS: Record<FormFactor, number> = { mobile: 95, desktop: 98 };
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

interface AuditRef {
  id: string;
  weight: number;
}
interface Audit {
  title: string;
  score: number | null;
  scoreDisplayMode: string;
  displayValue?: string;
}
interface Report {
  lighthouseVersion: string;
  environment: { hostUserAgent: string };
  categories: Record<string, { score: number | null; auditRefs: AuditRef[] }>;
  audits: Record<string, Audit>;
}

async function main() {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } }, strict: true });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 9) throw new Error('--runs must be a whole number from 1 to 9');
  const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(chromePath)) throw new Error(`No Chromium at ${chromePath}: apt-get install -y chromium, or set CHROME_PATH`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omradeloft-lighthouse-'));
  const app = await buildApp({
    // A throw-away session secret unless one is set: the measured app serves no editors.
    config: loadConfig({ SESSION_SECRET: randomBytes(32).toString('base64url'), ...process.env, DB_FILE: path.join(dir, 'lighthouse.db'), LOG_LEVEL: 'warn' }),
    seedIfEmpty: true,
  });
  const chrome = await launch({
    chromePath,
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const slug = app.db.sqlite.prepare(`SELECT slug FROM initiatives ORDER BY slug LIMIT 1`).pluck().get() as string;
    const pages = [
      { name: 'Search page', path: '/' },
      { name: 'Search with results', path: '/?q=m%C3%B8teplass' },
      { name: 'Initiative page', path: `/initiatives/${slug}` },
      { name: 'About page', path: '/about' },
    ];
    const outDir = path.join(ROOT, 'test-results', 'lighthouse');
    fs.mkdirSync(outDir, { recursive: true });

    const results: Result[] = [];
    for (const formFactor of FORM_FACTORS)
    for (const page of pages) {
      console.log(`lighthouse: ${page.name} (${page.path}), ${formFactor}, ${runs} run(s) …`);
      const reports: Report[] = [];
      for (let n = 0, attempts = 0; n < runs; attempts++) {
        const runner = await lighthouse(`${origin}${page.path}`, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: [...CATEGORIES],
          // A Norwegian reader: without this the app would (rightly) redirect to /en.
          extraHeaders: { 'Accept-Language': 'nb-NO,nb;q=0.9' },
        }, formFactor === 'desktop' ? desktopConfig : undefined);
        if (!runner) throw new Error(`Lighthouse returned nothing for ${page.path}`);
        const runtimeError = (runner.lhr as unknown as { runtimeError?: { code: string; message: string } }).runtimeError;
        if (runtimeError) {
          // Trace recording (NO_NAVSTART and the like) fails now and then; Lighthouse itself
          // says to run again. Anything persistent still fails the script.
          if (attempts < runs + 2) {
            console.warn(`  run failed (${runtimeError.code}), retrying`);
            continue;
          }
          throw new Error(`Lighthouse failed on ${page.path}: ${runtimeError.message}`);
        }
        const report = runner.lhr as unknown as Report;
        reports.push(report);
        n++;
        console.log(`  ${CATEGORIES.map((c) => `${NAMES[c]} ${score(report, c)}`).join(', ')}`);
      }
      // The run with the median performance score (performance varies most between runs).
      const report = [...reports].sort((a, b) => score(a, 'performance') - score(b, 'performance'))[Math.floor(reports.length / 2)];
      fs.writeFileSync(path.join(outDir, `${page.name.toLowerCase().replace(/\W+/g, '-')}-${formFactor}.json`), JSON.stringify(report, null, 1));
      results.push({ ...page, formFactor, report });
    }

    const file = path.join(ROOT, 'docs', 'quality.md');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, renderMarkdown(results, chromeVersion(chromePath, results[0].report), runs));
    console.log(`lighthouse: wrote ${path.relative(ROOT, file)}`);
  } finally {
    await chrome.kill();
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function score(report: Report, category: string): number {
  return Math.round((report.categories[category]?.score ?? 0) * 100);
}

function chromeVersion(chromePath: string, report: Report): string {
  try {
    const out = execFileSync(chromePath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const version = out.match(/(\d+\.\d+\.\d+\.\d+)/)?.[1];
    if (version) return version;
  } catch {
    // fall back to the (reduced) user agent
  }
  return report.environment.hostUserAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? 'unknown';
}

/** The audits that cost points in a category, biggest weight first. */
function shortfalls(report: Report, category: string): string[] {
  return report.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => ({ ref, audit: report.audits[ref.id] }))
    .filter(({ audit }) => audit && audit.scoreDisplayMode !== 'notApplicable' && audit.scoreDisplayMode !== 'informative' && (audit.score ?? 1) < 0.9)
    .sort((a, b) => b.ref.weight - a.ref.weight)
    .map(({ ref, audit }) => `${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''} [${ref.id}, score ${Math.round((audit.score ?? 0) * 100)}]`);
}

interface Result {
  name: string;
  path: string;
  formFactor: FormFactor;
  report: Report;
}

function renderMarkdown(results: Result[], chrome: string, runs: number): string {
  const lhVersion = results[0].report.lighthouseVersion;
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    '# Quality: Lighthouse scores',
    '',
    `Measured on ${date} with \`npm run lighthouse\` (scripts/lighthouse.ts): Lighthouse ${lhVersion}, Debian Chromium ${chrome}`,
    '(`CHROME_PATH` or /usr/bin/chromium, `--headless --no-sandbox`), Lighthouse\'s mobile emulation and its',
    'desktop preset, each with simulated throttling, against the app on 127.0.0.1 with a fresh database holding',
    `the shipped seed, as a Norwegian reader (\`Accept-Language: nb-NO\`). Each page ran ${runs} time(s) per form factor;`,
    'the table shows the run with the median performance score. Targets: at least 95 in every category on',
    'mobile, at least 98 in every category on desktop.',
    '',
    `| Page | Form factor | ${CATEGORIES.map((c) => NAMES[c]).join(' | ')} |`,
    `| --- | --- | ${CATEGORIES.map(() => '---:').join(' | ')} |`,
    ...results.map((r) => `| ${r.name} (\`${r.path}\`) | ${r.formFactor} | ${CATEGORIES.map((c) => score(r.report, c)).join(' | ')} |`),
    '',
    '## What keeps a score below its target',
    '',
  ];
  let any = false;
  for (const r of results) {
    for (const c of CATEGORIES) {
      if (score(r.report, c) >= TARGETS[r.formFactor]) continue;
      any = true;
      lines.push(`- ${r.name}, ${r.formFactor}, ${NAMES[c]} ${score(r.report, c)}:`);
      for (const s of shortfalls(r.report, c)) lines.push(`  - ${s}`);
    }
  }
  if (!any) lines.push('Nothing: every page reaches its target in every category.');
  lines.push(
    '',
    '## Notes',
    '',
    '- Lighthouse runs on a loopback server, so network cost is only simulated; the numbers say how',
    '  heavy the page is (HTML, CSS, the self-hosted Inter font, htmx) more than how fast a real',
    '  connection would be. Scores move by a few points from run to run on a busy machine (single runs',
    '  have dipped to 94 on Total Blocking Time while other test suites ran), hence the median of runs.',
    '- Accessibility is also checked by the browser suite (tests/browser/axe.test.ts: axe-core, WCAG',
    '  2.0/2.1 A and AA, every page type in both languages and after htmx swaps), which is stricter',
    '  than the Lighthouse subset.',
    '- The JSON reports of the last run are in test-results/lighthouse/ (not committed).',
    '',
  );
  return lines.join('\n');
}

main().catch((err) => {
  console.error(`lighthouse failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
