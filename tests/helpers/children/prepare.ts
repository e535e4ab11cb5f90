// Child process for the multi-process start test: brings DB_FILE (argv[2]) to a usable
// state the way `npm start` does (migrations, the seed when empty, the embedded index),
// then prints "ok" or the error's message and exits non-zero.
import { prepareDatabase } from '../../../server/domain/setup.ts';
import { readSeedCatalogue } from '../../../seed/catalogue.ts';

try {
  const { handle } = prepareDatabase(process.argv[2], () => readSeedCatalogue(), { create: true });
  handle.close();
  console.log('ok');
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
