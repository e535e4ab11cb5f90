// SQLite leases (server/search/meili/lease.ts): one holder at a time, across connections
// to the same file (as two processes would hold them), expiry, renewal, release.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../db/client.ts';
import { acquireLease, leaseHolder, releaseLease, renewLease, withLease } from '../../../server/search/meili/lease.ts';
import { createTestDatabase, removeDbFile } from '../../helpers/app.ts';

describe('leases', () => {
  let a: DatabaseHandle;
  let b: DatabaseHandle;
  beforeEach(() => {
    a = createTestDatabase(null);
    b = openDatabase(a.file);
  });
  afterEach(() => {
    b.close();
    a.close();
    removeDbFile(a.file);
  });

  it('lets one owner hold a lease until it expires or is released', () => {
    expect(acquireLease(a.sqlite, 'job', 'p1', 1000, 10_000)).toBe(true);
    expect(acquireLease(b.sqlite, 'job', 'p2', 1000, 10_500)).toBe(false);
    expect(leaseHolder(b.sqlite, 'job', 10_500)).toEqual({ owner: 'p1', expiresAt: 11_000 });
    // Renewal moves the expiry; the other owner still cannot take it.
    expect(renewLease(a.sqlite, 'job', 'p1', 1000, 10_900)).toBe(true);
    expect(acquireLease(b.sqlite, 'job', 'p2', 1000, 11_500)).toBe(false);
    // Past the expiry anyone may take it, and the old holder can no longer renew.
    expect(acquireLease(b.sqlite, 'job', 'p2', 1000, 11_901)).toBe(true);
    expect(renewLease(a.sqlite, 'job', 'p1', 1000, 11_950)).toBe(false);
    // Releasing someone else's lease does nothing; releasing one's own frees it.
    releaseLease(a.sqlite, 'job', 'p1');
    expect(leaseHolder(a.sqlite, 'job', 12_000)?.owner).toBe('p2');
    releaseLease(b.sqlite, 'job', 'p2');
    expect(leaseHolder(a.sqlite, 'job', 12_000)).toBeNull();
    expect(acquireLease(a.sqlite, 'job', 'p1', 1000, 12_000)).toBe(true);
  });

  it('keeps leases of different names apart, and re-acquiring an own lease renews it', () => {
    expect(acquireLease(a.sqlite, 'x', 'p1', 1000, 0)).toBe(true);
    expect(acquireLease(b.sqlite, 'y', 'p2', 1000, 0)).toBe(true);
    expect(acquireLease(a.sqlite, 'x', 'p1', 1000, 900)).toBe(true);
    expect(leaseHolder(a.sqlite, 'x', 1500)?.owner).toBe('p1');
  });

  it('withLease renews while the work runs longer than the TTL and releases afterwards', async () => {
    const result = await withLease(a.sqlite, 'long', 'p1', 400, async () => {
      await new Promise((r) => setTimeout(r, 1000));
      expect(acquireLease(b.sqlite, 'long', 'p2', 400)).toBe(false);
      return 'done';
    });
    expect(result).toBe('done');
    expect(leaseHolder(a.sqlite, 'long')).toBeNull();
    await expect(
      withLease(b.sqlite, 'long', 'p2', 1000, async () => {
        await expect(withLease(a.sqlite, 'long', 'p1', 1000, async () => 1)).rejects.toThrow(/held by p2/);
      }),
    ).resolves.toBeUndefined();
  });
});
