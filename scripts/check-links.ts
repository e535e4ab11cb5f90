// npm run check-links [-- --db FILE] [--concurrency 4] [--timeout-ms 10000] [--probe URL|none] [--fail-on-dead]
// Visits every source URL, resource link and organisation website (HEAD, then GET where
// HEAD is refused; redirects followed), records status, outcome and date, and prints the
// dead links with the records citing them. Without a network it says so and marks nothing
// dead. Exits non-zero on its own failure, or with --fail-on-dead when dead links exist.
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { openDatabase, runMigrations } from '../db/client.ts';
import { buildUserAgent, formatLinkReport, runLinkCheck } from '../server/domain/link-check.ts';

const DEFAULT_PROBE = 'https://example.com/';

function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number, got "${value}"`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      concurrency: { type: 'string', default: '4' },
      'timeout-ms': { type: 'string', default: '10000' },
      probe: { type: 'string', default: DEFAULT_PROBE },
      'fail-on-dead': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const config = loadConfig();
  const file = values.db ?? config.DB_FILE;
  const handle = openDatabase(file);
  try {
    runMigrations(handle);
    const report = await runLinkCheck(handle.sqlite, {
      concurrency: positiveInt(values.concurrency!, 'concurrency'),
      timeoutMs: positiveInt(values['timeout-ms']!, 'timeout-ms'),
      userAgent: buildUserAgent(config.PUBLIC_URL),
      probeUrl: values.probe === 'none' ? null : values.probe,
    });
    console.log(formatLinkReport(report));
    return values['fail-on-dead'] && report.dead.length > 0 ? 1 : 0;
  } finally {
    handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`check-links failed: ${(err as Error).message}`);
    process.exit(2);
  },
);
