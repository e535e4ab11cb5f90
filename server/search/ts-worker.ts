// Worker threads for the app's own TypeScript modules. A worker thread does not inherit the
// process's TypeScript loader, so its entry is a one-line script that loads the module
// through tsx's API (a dependency already: `npm start` runs on it). Start it with
// `new Worker(tsWorkerEntry(url), { eval: true, ... })`.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export function tsWorkerEntry(module: URL): string {
  let api: string;
  try {
    api = import.meta.resolve('tsx/esm/api');
  } catch {
    const root = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
    api = pathToFileURL(path.join(root, 'dist/esm/api/index.mjs')).href;
  }
  const target = module.href;
  return `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(target)}, ${JSON.stringify(target)}))`;
}
