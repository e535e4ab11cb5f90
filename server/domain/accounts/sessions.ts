// Server-side sessions. The cookie carries a random 32-byte id and an HMAC of it made with
// SESSION_SECRET; the database keeps only a SHA-256 hash of the id, so a leaked database
// cannot be turned into cookies. Each session has its own CSRF token (synchronizer token).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { findUserById, type User } from './users.ts';

export const SESSION_HOURS = 12;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const sign = (secret: string, value: string) => createHmac('sha256', secret).update(value).digest('base64url');

export interface Session {
  user: User;
  csrfToken: string;
  idHash: string;
}

/** Starts a session for `userId`; returns the cookie value. */
export function createSession(sqlite: Database.Database, secret: string, userId: number, now = Date.now()): string {
  const id = randomBytes(32).toString('base64url');
  const expires = new Date(now + SESSION_HOURS * 3600_000).toISOString();
  sqlite.prepare(`DELETE FROM sessions WHERE expires_at < ?`).run(new Date(now).toISOString());
  sqlite
    .prepare(`INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)`)
    .run(sha256(id), userId, randomBytes(32).toString('base64url'), expires);
  return `${id}.${sign(secret, id)}`;
}

/** The session a cookie value names, if its signature holds, it has not expired and its user is active. */
export function readSession(sqlite: Database.Database, secret: string, cookie: string | undefined, now = Date.now()): Session | null {
  if (!cookie) return null;
  const [id, signature] = cookie.split('.');
  if (!id || !signature) return null;
  const expected = Buffer.from(sign(secret, id));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const row = sqlite.prepare(`SELECT id_hash, user_id, csrf_token, expires_at FROM sessions WHERE id_hash = ?`).get(sha256(id)) as
    | { id_hash: string; user_id: number; csrf_token: string; expires_at: string }
    | undefined;
  if (!row || row.expires_at < new Date(now).toISOString()) return null;
  const user = findUserById(sqlite, row.user_id);
  if (!user || user.disabled) return null;
  return { user, csrfToken: row.csrf_token, idHash: row.id_hash };
}

export function endSession(sqlite: Database.Database, idHash: string): void {
  sqlite.prepare(`DELETE FROM sessions WHERE id_hash = ?`).run(idHash);
}

/** Compares a submitted CSRF token with the session's in constant time. */
export function csrfTokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
