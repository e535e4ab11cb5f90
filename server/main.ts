// Entry point: read the config, build the app, listen; on SIGTERM/SIGINT finish the
// requests in flight, stop the sync worker and close the database, then exit.
//
//   npm start [-- --init]
//
// First-run rule: the default DB_FILE (data/omradeloft.db) is created, migrated and
// seeded when missing. Any other DB_FILE must exist unless --init (or DB_INIT=true) says
// to create it: a mistyped or unmounted path stops the start with a message naming it.
import { parseArgs } from 'node:util';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, mayCreateDatabase, redactConfig, type Config } from './config.ts';

/** How long a signal waits for requests in flight and the database to close. */
const CLOSE_TIMEOUT_MS = 15_000;

/** One line for the terminal: the message, and (when set) the file it concerns. */
function startupFailure(err: unknown, config: Config | undefined): string {
  const message = err instanceof Error ? err.message : String(err);
  const oneLine = message.replace(/\s*\n\s*/g, ' ');
  const named = !config || oneLine.includes('DB_FILE') || oneLine.includes('PORT') ? '' : ` (DB_FILE ${JSON.stringify(config.DB_FILE)}, ${config.HOST}:${config.PORT})`;
  return `omradeloft: could not start: ${oneLine}${named}`;
}

async function main() {
  let config: Config | undefined;
  try {
    const { values } = parseArgs({ options: { init: { type: 'boolean', default: false } }, strict: true });
    try {
      config = loadConfig();
    } catch (err) {
      if (err instanceof ConfigError) {
        console.error(err.message);
        process.exit(1);
      }
      throw err;
    }
    const app = await buildApp({ config, createDatabase: mayCreateDatabase(config, values.init ?? false) });
    app.log.info({ config: redactConfig(config) }, 'configuration');
    if (!config.PUBLIC_URL && ['0.0.0.0', '::'].includes(config.HOST)) {
      // Links would name a wildcard address no reader can open.
      app.log.warn({ publicOrigin: app.publicOrigin }, 'PUBLIC_URL is not set: canonical and hreflang links use HOST:PORT; set PUBLIC_URL to the address readers use');
    }
    let closing = false;
    const close = async (signal: string) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'closing: finishing requests in flight');
      const timer = setTimeout(() => {
        app.log.error({ timeoutMs: CLOSE_TIMEOUT_MS }, 'close timed out; exiting');
        process.exit(1);
      }, CLOSE_TIMEOUT_MS);
      timer.unref();
      // Connections that go idle after the close began (a kept-alive one whose request was
      // in flight, one accepted just before) are closed as they do, not at their timeout.
      const reaper = setInterval(() => app.server.closeIdleConnections(), 200);
      reaper.unref();
      try {
        // Stops accepting, lets requests in flight finish (new ones on kept-alive
        // connections get 503), then the onClose hooks stop the sync worker and close
        // the database.
        await app.close();
        app.log.info('closed');
        process.exit(0);
      } catch (err) {
        app.log.error({ err }, 'error while closing');
        process.exit(1);
      }
    };
    process.once('SIGINT', () => void close('SIGINT'));
    process.once('SIGTERM', () => void close('SIGTERM'));
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (err) {
    console.error(startupFailure(err, config));
    if (config && ['debug', 'trace'].includes(config.LOG_LEVEL)) console.error(err);
    process.exit(1);
  }
}

void main();
