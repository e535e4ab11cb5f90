// The settings added for operation: DB_INIT and the first-run rule, rate limits and the
// slow-request threshold read from the environment with clear errors.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, mayCreateDatabase } from '../server/config.ts';
import { rateLimitsOf } from '../server/plugins/rate-limit.ts';

describe('operation settings', () => {
  it('creates only the default DB_FILE unless --init or DB_INIT=true', () => {
    expect(mayCreateDatabase(loadConfig({}), false)).toBe(true);
    expect(mayCreateDatabase(loadConfig({ DB_FILE: './data/omradeloft.db' }), false)).toBe(true);
    expect(mayCreateDatabase(loadConfig({ DB_FILE: '/mnt/kb/omradeloft.db' }), false)).toBe(false);
    expect(mayCreateDatabase(loadConfig({ DB_FILE: '/mnt/kb/omradeloft.db' }), true)).toBe(true);
    expect(mayCreateDatabase(loadConfig({ DB_FILE: '/mnt/kb/omradeloft.db', DB_INIT: 'TRUE' }), false)).toBe(true);
  });

  it('reads booleans and limits, naming a bad value', () => {
    expect(loadConfig({}).DB_INIT).toBe(false);
    expect(() => loadConfig({ DB_INIT: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig({ DB_INIT: 'yes' })).toThrow(/DB_INIT must be true or false/);
    expect(() => loadConfig({ RATE_LIMIT_API: 'many' })).toThrow(/RATE_LIMIT_API must be a whole number/);
    expect(() => loadConfig({ RATE_LIMIT_WINDOW_S: '0' })).toThrow(/RATE_LIMIT_WINDOW_S is invalid/);
    const limits = rateLimitsOf(loadConfig({ RATE_LIMIT_SEARCH: '0', RATE_LIMIT_LOGIN: '5', RATE_LIMIT_WINDOW_S: '30' }));
    expect(limits.search).toBe(false);
    expect(limits.login).toEqual({ max: 5, timeWindow: 30_000 });
    expect(limits.api).toEqual({ max: 120, timeWindow: 30_000 });
    expect(loadConfig({ LOG_SLOW_MS: '250' }).LOG_SLOW_MS).toBe(250);
  });
});
