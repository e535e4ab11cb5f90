// The templates' indentation between tags is dropped from the HTML sent (it renders the
// same and takes about a kilobyte off the search page), except where white space is
// content: a page with a text area or preformatted text is sent as rendered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collapseIndentation } from '../../server/plugins/views.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

describe('collapseIndentation', () => {
  it('keeps one line break where a run of white space with a line break stood between two tags', () => {
    expect(collapseIndentation('<ul>\n    <li>a</li>  \n\n  <li>b</li>\n</ul>')).toBe('<ul>\n<li>a</li>\n<li>b</li>\n</ul>');
  });

  it('leaves white space inside text and on one line alone', () => {
    expect(collapseIndentation('<p>one\n   two</p> <b>x</b>')).toBe('<p>one\n   two</p> <b>x</b>');
  });

  it('leaves a page with a text area or preformatted text as it is', () => {
    const withTextarea = '<form>\n  <textarea>\n<b>\n   </b>\n</textarea>\n</form>';
    expect(collapseIndentation(withTextarea)).toBe(withTextarea);
    const withPre = '<div>\n  <pre>a >\n   < b</pre>\n</div>';
    expect(collapseIndentation(withPre)).toBe(withPre);
  });
});

describe('pages as sent', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it('sends the search page without indentation between tags', async () => {
    const body = (await t.app.inject('/?q=park')).body;
    expect(body).toContain('<li class="hit">');
    expect(body).not.toMatch(/>\n[ \t]+</);
  });

  it('sends a page with a text area as rendered, indentation and all', async () => {
    const res = await t.app.inject('/suggest');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<textarea');
    expect(res.body).toMatch(/>\n[ \t]+</);
  });
});
