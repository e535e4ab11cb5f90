// One validated configuration object, read from environment variables.
// Every variable here is also listed in .env.example and the README (a test keeps the
// three in step). Secrets (the Meilisearch keys) never reach logs or templates.
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
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
  // Finished search answers kept per process (pages, fragments, API results), in MB; they
  // are dropped when the index changes. 0 keeps none. Only with the embedded engine.
  SEARCH_ANSWER_CACHE_MB: Type.Integer({ minimum: 0, maximum: 4096, default: 32 }),
  // Read text matches (FTS5) in a worker thread, so a word found in most of the catalogue
  // does not stop every other request while it is read. Only with the embedded engine.
  SEARCH_FTS_WORKER: Type.Boolean({ default: true }),
  // The origin readers use (https://kb.example.no), for absolute links. Never taken from
  // the request's Host header, which anyone can set. Empty: http://HOST:PORT.
  PUBLIC_URL: Type.String({ default: '' }),
  // Which proxies' X-Forwarded-* headers to believe: true, false or a comma-separated
  // list of addresses/CIDRs (Fastify's trustProxy). Checked below.
  TRUST_PROXY: Type.String({ minLength: 1, default: 'false' }),
  // Create DB_FILE when it does not exist (like `npm start -- --init`). Off: a missing
  // file other than the default path is refused, so a mistyped or unmounted path stops
  // the start instead of quietly becoming a new, empty database.
  DB_INIT: Type.Boolean({ default: false }),
  // Requests per client address per RATE_LIMIT_WINDOW_S, by kind of route; 0 turns a
  // limit off. Over it: 429 with Retry-After (server/plugins/rate-limit.ts).
  RATE_LIMIT_WINDOW_S: Type.Integer({ minimum: 1, maximum: 3600, default: 60 }),
  RATE_LIMIT_SEARCH: Type.Integer({ minimum: 0, maximum: 100000, default: 120 }),
  RATE_LIMIT_API: Type.Integer({ minimum: 0, maximum: 100000, default: 120 }),
  RATE_LIMIT_EXPORT: Type.Integer({ minimum: 0, maximum: 100000, default: 20 }),
  RATE_LIMIT_LOGIN: Type.Integer({ minimum: 0, maximum: 100000, default: 10 }),
  RATE_LIMIT_FORM: Type.Integer({ minimum: 0, maximum: 100000, default: 10 }),
  // A request slower than this is logged at info with its summary (others at debug).
  LOG_SLOW_MS: Type.Integer({ minimum: 1, maximum: 600000, default: 1000 }),
  // Signs the session cookies of editors. At least 32 characters of random text; start-up
  // refuses a missing or weak one unless NODE_ENV is development or test.
  SESSION_SECRET: Type.String({ default: '' }),
  // Where uploaded files (slides, reports, images of resources) are stored, and their size limit.
  UPLOAD_DIR: Type.String({ minLength: 1, default: 'data/uploads' }),
  UPLOAD_MAX_BYTES: Type.Integer({ minimum: 1024, maximum: 1024 * 1024 * 1024, default: 20 * 1024 * 1024 }),
});

export type Config = Static<typeof ConfigSchema>;

/** Variables whose values must never be printed. */
export const SECRET_KEYS = ['MEILI_API_KEY', 'MEILI_ADMIN_KEY', 'SESSION_SECRET'] as const;

export class ConfigError extends Error {}

/** DB_FILE's default: this path is created and seeded on first start without --init. */
export const DEFAULT_DB_FILE = ConfigSchema.properties.DB_FILE.default as string;

/**
 * The first-run rule: whether a start may create DB_FILE. The default path may (a first
 * `npm start` just works); another path only with --init or DB_INIT=true.
 */
export function mayCreateDatabase(config: Pick<Config, 'DB_FILE' | 'DB_INIT'>, init: boolean): boolean {
  return init || config.DB_INIT || path.resolve(config.DB_FILE) === path.resolve(DEFAULT_DB_FILE);
}

const INTEGER_KEYS = new Set(
  Object.entries(ConfigSchema.properties)
    .filter(([, schema]) => schema.type === 'integer')
    .map(([key]) => key),
);
const BOOLEAN_KEYS = new Set(
  Object.entries(ConfigSchema.properties)
    .filter(([, schema]) => schema.type === 'boolean')
    .map(([key]) => key),
);

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
    } else if (BOOLEAN_KEYS.has(key)) {
      const v = value.trim().toLowerCase();
      if (v !== 'true' && v !== 'false') {
        problems.push(`${key} must be true or false (got ${describe(key, value)})`);
        continue;
      }
      raw[key] = v === 'true';
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
  if (typeof withDefaults.PUBLIC_URL === 'string' && withDefaults.PUBLIC_URL !== '') {
    const origin = parsePublicUrl(withDefaults.PUBLIC_URL);
    if (origin) withDefaults.PUBLIC_URL = origin;
    else {
      problems.push(
        // A password in the URL is not repeated in the message.
        `PUBLIC_URL must be an http or https origin without path, query or credentials, like https://kb.example.no (got ${describe('PUBLIC_URL', withDefaults.PUBLIC_URL.replace(/\/\/[^/]*@/, '//(hidden)@'))})`,
      );
    }
  }
  if (typeof withDefaults.TRUST_PROXY === 'string' && parseTrustProxy(withDefaults.TRUST_PROXY) === null) {
    const hops = /^\s*\d+\s*$/.test(withDefaults.TRUST_PROXY)
      ? '; a hop count is not accepted, since Fastify 5 trusts nothing with one (it cannot tell the proxy from a client): list the proxy addresses'
      : '';
    problems.push(
      `TRUST_PROXY must be true, false or a comma-separated list of IP addresses or CIDR ranges${hops} (got ${describe('TRUST_PROXY', withDefaults.TRUST_PROXY)})`,
    );
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${[...new Set(problems)].join('\n  - ')}`);
  }
  return withDefaults as Config;
}

function describe(key: string, value: string): string {
  return (SECRET_KEYS as readonly string[]).includes(key) ? '(hidden)' : JSON.stringify(value);
}

/** Why `secret` is too weak to sign sessions, or null when it will do. */
export function sessionSecretProblem(secret: string): string | null {
  if (!secret) return 'SESSION_SECRET is not set';
  if (secret.length < 32) return 'SESSION_SECRET is too short (at least 32 characters)';
  if (new Set(secret).size < 10) return 'SESSION_SECRET is too predictable (it repeats a few characters)';
  return null;
}

/**
 * The secret that signs sessions. In production (NODE_ENV set to anything but development
 * or test) a missing or weak SESSION_SECRET stops start-up with a ConfigError saying how to
 * make one; in development (NODE_ENV unset, as for a first `npm start`, or development) and
 * tests a random per-process secret stands in (sessions then end at restart).
 */
export function resolveSessionSecret(config: Pick<Config, 'SESSION_SECRET'>, nodeEnv = process.env.NODE_ENV): string {
  const problem = sessionSecretProblem(config.SESSION_SECRET);
  if (!problem) return config.SESSION_SECRET;
  if (!nodeEnv || nodeEnv === 'development' || nodeEnv === 'test') return randomBytes(32).toString('base64url');
  throw new ConfigError(
    `Invalid configuration:\n  - ${problem}. Set it to a long random value, for example the output of: node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`,
  );
}

/** The config without secrets, for logs and the health page. */
export function redactConfig(config: Config): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...config };
  for (const key of SECRET_KEYS) copy[key] = config[key] ? '(set)' : '(not set)';
  return copy;
}

/** `value` as a bare origin (scheme, host, port), or null when it is anything else. */
function parsePublicUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  const bare = (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
  // new URL() hides an empty query or fragment ("https://x/?"), so look at the text too.
  return bare && url.pathname === '/' && !/[?#]/.test(value) ? url.origin : null;
}

/** Names proxy-addr knows for address ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, bits, ...more] = entry.split('/');
  const family = net.isIP(address);
  if (family === 0 || more.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY as Fastify's `trustProxy` option: true/false, or a list of addresses and
 * CIDR ranges (kept as Fastify's comma-separated string); null if invalid. No hop count:
 * Fastify 5 no longer takes one (a number makes it trust nobody, silently).
 */
export function parseTrustProxy(value: string): boolean | string | null {
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'false') return v === 'true';
  const entries = v.split(',').map((e) => e.trim());
  return entries.every(isAddressOrRange) ? entries.join(',') : null;
}

/**
 * The origin of every absolute link the app writes (hreflang, canonical): PUBLIC_URL, or
 * else the configured HOST and PORT. Never the request's Host header.
 */
export function publicOrigin(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL;
  const host = net.isIPv6(config.HOST) ? `[${config.HOST}]` : config.HOST;
  return `http://${host}:${config.PORT}`;
}
