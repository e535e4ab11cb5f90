// Password hashing with scrypt (node:crypto). Each hash stores its own salt and cost
// parameters, so the cost can be raised later without breaking existing accounts.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const DEFAULT_PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 64;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash` (salt and hash base64url). */
export async function hashPassword(password: string, params = DEFAULT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to compare against when the account does not exist, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  return (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));
}

const COMMON = new Set([
  'password', 'passord', 'passw0rd', '123456789012', 'qwertyuiopå', 'qwertyuiop', 'letmein', 'welcome', 'admin', 'omradeloft',
  'områdeløft', 'sommer', 'vinter', 'høst', 'vår', 'changeme',
]);

/**
 * Why `password` is too weak, as a message key (null when it will do): at least 12
 * characters, not mostly one character, not a common word with digits, not the e-mail.
 */
export function passwordProblem(password: string, email = ''): string | null {
  if (password.length < 12) return 'account.password.tooShort';
  if (password.length > 200) return 'account.password.tooLong';
  if (new Set(password).size < 5) return 'account.password.tooSimple';
  const bare = password.toLowerCase().replace(/[\d\W_]+$/u, '').replace(/^[\d\W_]+/u, '');
  if (COMMON.has(bare) || /^\d+$/.test(password)) return 'account.password.common';
  const local = email.split('@')[0]?.toLowerCase();
  if (local && local.length >= 3 && password.toLowerCase().includes(local)) return 'account.password.containsEmail';
  return null;
}
