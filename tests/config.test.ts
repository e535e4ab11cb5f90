// The one config object: defaults, clear errors naming the variable, secrets kept out of
// logs, and every variable listed in .env.example and the README.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigSchema, loadConfig, parseTrustProxy, publicOrigin, redactConfig } from '../server/config.ts';

const root = new URL('../', import.meta.url);
const keys = Object.keys(ConfigSchema.properties);

describe('config', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DB_FILE: 'data/omradeloft.db',
      SEARCH_ENGINE: 'sqlite',
      LOG_LEVEL: 'info',
      MEILI_INDEX: 'initiatives',
      PUBLIC_URL: '',
      TRUST_PROXY: 'false',
    });
  });

  it('keeps PUBLIC_URL to a bare http(s) origin, and derives links from HOST:PORT without it', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://Kb.Example.no/' }).PUBLIC_URL).toBe('https://kb.example.no');
    expect(loadConfig({ PUBLIC_URL: 'http://kb.example.no:8080' }).PUBLIC_URL).toBe('http://kb.example.no:8080');
    expect(publicOrigin(loadConfig({ PUBLIC_URL: 'https://kb.example.no' }))).toBe('https://kb.example.no');
    expect(publicOrigin(loadConfig({}))).toBe('http://127.0.0.1:3000');
    expect(publicOrigin(loadConfig({ HOST: '::1', PORT: '8080' }))).toBe('http://[::1]:8080');
    expect(publicOrigin(loadConfig({ HOST: 'kb.local' }))).toBe('http://kb.local:3000');
  });

  it('reads TRUST_PROXY as Fastify takes it', () => {
    expect(parseTrustProxy(loadConfig({}).TRUST_PROXY)).toBe(false);
    expect(parseTrustProxy(loadConfig({ TRUST_PROXY: 'TRUE' }).TRUST_PROXY)).toBe(true);
    expect(parseTrustProxy(loadConfig({ TRUST_PROXY: '10.0.0.0/8, ::1,loopback' }).TRUST_PROXY)).toBe('10.0.0.0/8,::1,loopback');
  });

  it('stops with a message naming each invalid variable', () => {
    const attempt = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return '';
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
    };
    expect(attempt({ PORT: 'abc' })).toMatch(/PORT must be a whole number/);
    expect(attempt({ PORT: '70000' })).toMatch(/PORT is invalid/);
    expect(attempt({ SEARCH_ENGINE: 'elastic' })).toMatch(/SEARCH_ENGINE is invalid/);
    expect(attempt({ LOG_LEVEL: 'loud' })).toMatch(/LOG_LEVEL is invalid/);
    expect(attempt({ SEARCH_ENGINE: 'meilisearch' })).toMatch(/MEILI_HOST is required/);
    for (const bad of ['kb.example.no', 'ftp://kb.example.no', 'https://kb.example.no/kb', 'https://kb.example.no/?x=1', 'https://kb.example.no/#top', 'https://']) {
      expect(attempt({ PUBLIC_URL: bad }), bad).toMatch(/PUBLIC_URL must be an http or https origin/);
    }
    const withPassword = attempt({ PUBLIC_URL: 'https://user:hunter2@kb.example.no' });
    expect(withPassword).toMatch(/PUBLIC_URL must be/);
    expect(withPassword).not.toContain('hunter2');
    for (const bad of ['yes', 'on', '-1', '1.5', '10.0.0.0/33', '10.0.0', 'proxy.example', '10.0.0.1,,', '2']) {
      expect(attempt({ TRUST_PROXY: bad }), bad).toMatch(/TRUST_PROXY must be true, false or a comma-separated list/);
    }
    // Fastify 5 trusts nobody given a hop count; say so rather than accept it silently.
    expect(attempt({ TRUST_PROXY: '1' })).toMatch(/hop count is not accepted/);
    const both = attempt({ PORT: 'x', LOG_LEVEL: 'y' });
    expect(both).toMatch(/PORT/);
    expect(both).toMatch(/LOG_LEVEL/);
  });

  it('never prints a key, not even in an error', () => {
    const config = loadConfig({ MEILI_API_KEY: 'search-secret', MEILI_ADMIN_KEY: 'admin-secret' });
    const shown = JSON.stringify(redactConfig(config));
    expect(shown).not.toContain('secret');
    expect(shown).toContain('(set)');
  });

  it('lists every variable in .env.example and the README', () => {
    const example = fs.readFileSync(new URL('.env.example', root), 'utf8');
    const readme = fs.readFileSync(new URL('README.md', root), 'utf8');
    const exampleKeys = [...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]).sort();
    expect(exampleKeys).toEqual([...keys].sort());
    for (const key of keys) expect(readme, key).toContain(`\`${key}\``);
  });
});
