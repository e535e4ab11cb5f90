// Entry point: read the config, build the app, listen; close cleanly on a signal.
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, redactConfig } from './config.ts';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const app = await buildApp({ config });
  app.log.info({ config: redactConfig(config) }, 'configuration');
  if (!config.PUBLIC_URL && ['0.0.0.0', '::'].includes(config.HOST)) {
    // Links would name a wildcard address no reader can open.
    app.log.warn({ publicOrigin: app.publicOrigin }, 'PUBLIC_URL is not set: canonical and hreflang links use HOST:PORT; set PUBLIC_URL to the address readers use');
  }
  const close = async (signal: string) => {
    app.log.info({ signal }, 'closing');
    try {
      await app.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'error while closing');
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ port: config.PORT, host: config.HOST });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
