// Security headers (issue 14, defect 7): HSTS only over HTTPS (the request's own scheme
// behind a trusted proxy, or an https PUBLIC_URL), framing governed by the CSP alone.
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

describe('security headers', () => {
  const apps: TestApp[] = [];
  afterAll(async () => Promise.all(apps.map((a) => a.close())));
  const make = async (env: Record<string, string> = {}) => {
    const t = await buildTestApp({ env });
    apps.push(t);
    return t.app;
  };

  it('sends no Strict-Transport-Security over plain HTTP', async () => {
    const app = await make();
    const res = await app.inject('/');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    // A client's own X-Forwarded-Proto is not believed without TRUST_PROXY.
    const forged = await app.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
    expect(forged.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends it when a trusted proxy says HTTPS, or PUBLIC_URL is https', async () => {
    const proxied = await make({ TRUST_PROXY: '127.0.0.1' });
    const res = await proxied.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const https = await make({ PUBLIC_URL: 'https://kb.example.no' });
    expect((await https.inject('/health')).headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('drops X-Frame-Options; the CSP frame-ancestors forbids framing', async () => {
    const app = await make();
    const res = await app.inject('/');
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
