// One validated configuration object, read from environment variables.
// Every variable here is also listed in .env.example and the README (a test keeps the
// three in step). Secrets (the Meilisearch keys) never reach logs or templates.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const LogLevel = Type.Union(
  ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
);

export const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DB_FILE: Type.String({ minLength: 1, default: 'data/omradeloft.db' }),
  SEARCH_ENGINE: Type.Union([Type.Literal('sqlite'), Type.Literal('meilisearch')], {
    default: 'sqlite',
  }),
  LOG_LEVEL: Type.Union(LogLevel.anyOf, { default: 'info' }),
  MEILI_HOST: Type.String({ default: '' }),
  MEILI_API_KEY: Type.String({ default: '' }),
  MEILI_ADMIN_KEY: Type.String({ default: '' }),
  MEILI_INDEX: Type.String({ minLength: 1, pattern: '^[A-Za-z0-9_-]+$', default: 'initiatives' }),
  MEILI_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 60000, default: 1500 }),
});

export type Config = Static<typeof ConfigSchema>;

/** Variables whose values must never be printed. */
export const SECRET_KEYS = ['MEILI_API_KEY', 'MEILI_ADMIN_KEY'] as const;

export class ConfigError extends Error {}

const INTEGER_KEYS = new Set(['PORT', 'MEILI_TIMEOUT_MS']);

/**
 * Builds the config from `env` (process.env by default). Throws ConfigError whose
 * message names every invalid variable, so start-up stops with a readable reason.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    if (INTEGER_KEYS.has(key)) {
      if (!/^\d+$/.test(value.trim())) {
        problems.push(`${key} must be a whole number (got ${describe(key, value)})`);
        continue;
      }
      raw[key] = Number(value.trim());
    } else {
      raw[key] = value;
    }
  }
  const withDefaults = Value.Default(ConfigSchema, raw) as Record<string, unknown>;
  for (const error of Value.Errors(ConfigSchema, withDefaults)) {
    const key = error.path.replace(/^\//, '');
    problems.push(`${key} is invalid: ${error.message} (got ${describe(key, env[key] ?? '')})`);
  }
  if (withDefaults.SEARCH_ENGINE === 'meilisearch' && !withDefaults.MEILI_HOST) {
    problems.push('MEILI_HOST is required when SEARCH_ENGINE=meilisearch');
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${[...new Set(problems)].join('\n  - ')}`);
  }
  return withDefaults as Config;
}

function describe(key: string, value: string): string {
  return (SECRET_KEYS as readonly string[]).includes(key) ? '(hidden)' : JSON.stringify(value);
}

/** The config without secrets, for logs and the health page. */
export function redactConfig(config: Config): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...config };
  for (const key of SECRET_KEYS) copy[key] = config[key] ? '(set)' : '(not set)';
  return copy;
}
