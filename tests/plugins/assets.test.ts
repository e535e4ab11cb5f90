// Only the files pages use are served from packages (issue 14, defect 7): the Inter
// stylesheets and fonts, not the package's README, CHANGELOG or package.json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

describe('package assets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it('serves the Inter stylesheets and font files pages use', async () => {
    for (const url of ['/assets/inter/400.css', '/assets/inter/600.css', '/assets/inter/files/inter-latin-400-normal.woff2']) {
      expect((await t.app.inject(url)).statusCode, url).toBe(200);
    }
  });

  it('does not serve the rest of the package', async () => {
    for (const url of ['/assets/inter/README.md', '/assets/inter/CHANGELOG.md', '/assets/inter/package.json', '/assets/inter/LICENSE', '/assets/inter/files/../package.json', '/assets/inter/%2e%2e/htmx.org/package.json', '/assets/htmx/htmx.js']) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toMatch(/"version"|fontsource/i);
    }
  });
});
