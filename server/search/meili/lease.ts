// Leases in SQLite: a job that only one process may do at a time (draining the change feed
// into Meilisearch, rebuilding the Meilisearch index) is done by whoever holds its row in
// search_leases. A holder renews the row before it expires; a row past its expiry is free
// for anyone, so a crashed holder blocks nobody for longer than one TTL. Every step is one
// immediate transaction (SQLite's write lock), so two processes cannot both take a lease.
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';

/** Drains the change feed into Meilisearch (outbox.ts). */
export const DRAINER_LEASE = 'meili-drainer';
/** Builds a new Meilisearch index and swaps it in (index-swap.ts); the drainer pauses meanwhile. */
export const REBUILD_LEASE = 'meili-rebuild';

export interface LeaseHolder {
  owner: string;
  expiresAt: number;
}

/** An owner id unique to this process and object: host-independent, readable in logs. */
export function newLeaseOwner(role: string): string {
  return `${role}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
}

/** The current holder, or null when nobody holds the lease (or the holder let it expire). */
export function leaseHolder(sqlite: Database.Database, name: string, now = Date.now()): LeaseHolder | null {
  const row = sqlite.prepare(`SELECT owner, expires_at AS expiresAt FROM search_leases WHERE name = ?`).get(name) as LeaseHolder | undefined;
  return row && row.expiresAt > now ? row : null;
}

/**
 * Takes the lease for `ttlMs` if it is free, expired or already ours (then it is renewed).
 * Returns whether `owner` holds it afterwards.
 */
export function acquireLease(sqlite: Database.Database, name: string, owner: string, ttlMs: number, now = Date.now()): boolean {
  return sqlite
    .transaction(() => {
      const holder = leaseHolder(sqlite, name, now);
      if (holder && holder.owner !== owner) return false;
      sqlite
        .prepare(
          `INSERT INTO search_leases (name, owner, expires_at) VALUES (?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at`,
        )
        .run(name, owner, now + ttlMs);
      return true;
    })
    .immediate();
}

/**
 * Extends a lease `owner` still holds. False when it expired or someone else took it: the
 * caller has lost it and must stop the work the lease guards.
 */
export function renewLease(sqlite: Database.Database, name: string, owner: string, ttlMs: number, now = Date.now()): boolean {
  return sqlite
    .transaction(
      () =>
        sqlite
          .prepare(`UPDATE search_leases SET expires_at = ? WHERE name = ? AND owner = ? AND expires_at > ?`)
          .run(now + ttlMs, name, owner, now).changes === 1,
    )
    .immediate();
}

/** Gives the lease up (only if `owner` holds it), so another process can take it at once. */
export function releaseLease(sqlite: Database.Database, name: string, owner: string): void {
  sqlite.transaction(() => sqlite.prepare(`DELETE FROM search_leases WHERE name = ? AND owner = ?`).run(name, owner)).immediate();
}

/**
 * Holds a lease while `work` runs, renewing it every third of its TTL, and releases it
 * afterwards. Throws `busy(holder)` when someone else holds it. `onLost` is called if a
 * renewal fails (the holder was stalled past the TTL): the work should then stop.
 */
export async function withLease<T>(
  sqlite: Database.Database,
  name: string,
  owner: string,
  ttlMs: number,
  work: (renew: () => boolean) => Promise<T>,
  options: { now?: () => number; busy?: (holder: LeaseHolder | null) => Error } = {},
): Promise<T> {
  const now = options.now ?? Date.now;
  if (!acquireLease(sqlite, name, owner, ttlMs, now())) {
    const holder = leaseHolder(sqlite, name, now());
    throw options.busy?.(holder) ?? new Error(`${name} is held by ${holder?.owner ?? 'another process'}`);
  }
  let lost = false;
  const renew = () => {
    try {
      if (!lost && !renewLease(sqlite, name, owner, ttlMs, now())) lost = true;
    } catch {
      lost = true;
    }
    return !lost;
  };
  const heartbeat = setInterval(renew, Math.max(10, Math.floor(ttlMs / 3)));
  heartbeat.unref();
  try {
    return await work(renew);
  } finally {
    clearInterval(heartbeat);
    releaseLease(sqlite, name, owner);
  }
}
