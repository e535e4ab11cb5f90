// The one config object: defaults, clear errors naming the variable, secrets kept out of
// logs, and every variable listed in .env.example and the README.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigSchema, loadConfig, redactConfig } from '../server/config.ts';

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
    });
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
