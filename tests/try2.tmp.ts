import { buildTestApp } from '/work/wt-records/tests/helpers/app.ts';
import { parse } from 'node-html-parser';
const t = await buildTestApp();
for (const url of process.argv.slice(2)) {
  const r = await t.app.inject(url);
  console.log('=====', url, r.statusCode);
  const main = parse(r.body).querySelector('main');
  console.log(main?.toString().replace(/\n\s*\n/g, '\n'));
}
await t.close();
