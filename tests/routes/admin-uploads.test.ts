// Uploads: the type is read from the content, the size limit comes from config, files are
// stored under generated names and served with safe headers; the resource links to them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { addUser, cookieHeader, multipart, signIn, type Agent } from '../helpers/admin.ts';
import { detectFileType } from '../../server/domain/editorial/uploads.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omradeloft-uploads-'));
let t: TestApp;
let editor: Agent;
let resourceUrl = '';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 1)]);
const PPTX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....[Content_Types].xml....ppt/slides/slide1.xml....')]);
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....notes.txt....')]);
const HTML = Buffer.from('<html><script>alert(1)</script></html>');

async function upload(file: { name: string; data: Buffer; type?: string } | null, extra: Record<string, string> = {}) {
  const page = parse((await editor.get(resourceUrl)).body);
  const revision = page.querySelector('.admin-upload input[name="_revision"]')!.getAttribute('value')!;
  const { payload, contentType } = multipart({ _csrf: editor.csrf, _revision: revision, kind: 'slides', ...extra }, file);
  return t.app.inject({ method: 'POST', url: `${resourceUrl}/upload`, payload, headers: { 'content-type': contentType, cookie: cookieHeader(editor.jar) } });
}

beforeAll(async () => {
  t = await buildTestApp({ env: { UPLOAD_DIR: dir, UPLOAD_MAX_BYTES: '2048' } });
  await addUser(t.app, 'editor@example.no');
  editor = await signIn(t.app, 'editor@example.no');
  const list = parse((await editor.get('/admin/resources')).body);
  resourceUrl = list.querySelector('tbody tr a')!.getAttribute('href')!;
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('file types', () => {
  it('reads the type from the content', () => {
    expect(detectFileType(PDF)?.ext).toBe('pdf');
    expect(detectFileType(PNG)?.ext).toBe('png');
    expect(detectFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))?.ext).toBe('jpg');
    expect(detectFileType(PPTX)?.ext).toBe('pptx');
    expect(detectFileType(ZIP)).toBeNull();
    expect(detectFileType(HTML)).toBeNull();
  });
});

describe('uploading', () => {
  it('stores a PDF under a generated name, links it from the resource and serves it safely', async () => {
    const res = await upload({ name: 'Lysbilder Furuset.pdf', data: PDF });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(303);
    const stored = fs.readdirSync(dir);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatch(/^[a-f0-9]{32}\.pdf$/);
    const form = parse((await editor.get(resourceUrl)).body);
    const urls = form.querySelectorAll('input[name$=".url"]').map((i) => i.getAttribute('value'));
    expect(urls).toContain(`http://127.0.0.1:3000/uploads/${stored[0]}`);
    const file = await t.app.inject(`/uploads/${stored[0]}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="Lysbilder Furuset.pdf"/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-security-policy']).toContain('sandbox');
    expect(file.rawPayload.equals(PDF)).toBe(true);
  });

  it('refuses a file whose content is not an allowed type, whatever its name says', async () => {
    const res = await upload({ name: 'slides.pdf', data: HTML, type: 'application/pdf' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Filtypen er ikke tillatt');
    const zip = await upload({ name: 'deck.pptx', data: ZIP });
    expect(zip.statusCode).toBe(400);
  });

  it('refuses a file over UPLOAD_MAX_BYTES with the limit in the message', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(3000, 0x20)]);
    const res = await upload({ name: 'big.pdf', data: big });
    expect(res.statusCode).toBe(413);
  });

  it('needs a signed-in editor and the CSRF token', async () => {
    const { payload, contentType } = multipart({ _revision: '0' }, { name: 'a.pdf', data: PDF });
    const anon = await t.app.inject({ method: 'POST', url: `${resourceUrl}/upload`, payload, headers: { 'content-type': contentType } });
    expect(anon.statusCode).toBe(401);
    const noToken = await t.app.inject({ method: 'POST', url: `${resourceUrl}/upload`, payload, headers: { 'content-type': contentType, cookie: cookieHeader(editor.jar) } });
    expect(noToken.statusCode).toBe(403);
  });

  it('serves only known generated names', async () => {
    expect((await t.app.inject('/uploads/..%2F..%2Fetc%2Fpasswd')).statusCode).toBe(404);
    expect((await t.app.inject(`/uploads/${'0'.repeat(32)}.pdf`)).statusCode).toBe(404);
  });
});
