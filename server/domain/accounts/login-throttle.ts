// The login throttle: failed attempts are counted per e-mail and per client address in
// SQLite (so every process sees them). After MAX_FAILURES failures within WINDOW the key
// is locked for LOCKOUT; a successful login clears the e-mail's counter.
import type Database from 'better-sqlite3';

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;
export const LOCKOUT_MS = 15 * 60_000;
/** An address gets more tries than one e-mail: several editors may share an office network. */
const ADDRESS_FACTOR = 4;

const keysOf = (email: string, ip: string) => [`email:${email}|ip:${ip}`, `ip:${ip}`];

/** Minutes until the lockout ends for this e-mail and address, or 0 when a try is allowed. */
export function lockedMinutes(sqlite: Database.Database, email: string, ip: string, now = Date.now()): number {
  let until = 0;
  for (const key of keysOf(email, ip)) {
    const row = sqlite.prepare(`SELECT locked_until FROM login_failures WHERE key = ?`).get(key) as { locked_until: number | null } | undefined;
    if (row?.locked_until && row.locked_until > now) until = Math.max(until, row.locked_until);
  }
  return until ? Math.ceil((until - now) / 60_000) : 0;
}

export function recordFailure(sqlite: Database.Database, email: string, ip: string, now = Date.now()): void {
  const [pairKey, ipKey] = keysOf(email, ip);
  sqlite.transaction(() => {
    for (const [key, max] of [[pairKey, MAX_FAILURES], [ipKey, MAX_FAILURES * ADDRESS_FACTOR]] as const) {
      const row = sqlite.prepare(`SELECT failures, first_at FROM login_failures WHERE key = ?`).get(key) as
        | { failures: number; first_at: number }
        | undefined;
      const fresh = !row || now - row.first_at > WINDOW_MS;
      const failures = fresh ? 1 : row.failures + 1;
      const lockedUntil = failures >= max ? now + LOCKOUT_MS : null;
      sqlite
        .prepare(
          `INSERT INTO login_failures (key, failures, first_at, locked_until) VALUES (?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, first_at = excluded.first_at, locked_until = excluded.locked_until`,
        )
        .run(key, lockedUntil ? 0 : failures, fresh || lockedUntil ? now : row.first_at, lockedUntil);
    }
  })();
}

export function clearFailures(sqlite: Database.Database, email: string, ip: string): void {
  sqlite.prepare(`DELETE FROM login_failures WHERE key = ?`).run(keysOf(email, ip)[0]);
}
