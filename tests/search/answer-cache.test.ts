// server/search/answer-cache.ts on its own: answers kept per key at one index version,
// emptied by a newer version, never kept from an older one, bounded by bytes (least
// recently used first) and by the size of one answer.
import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../../server/search/answer-cache.ts';

const b = (body: string) => Buffer.from(body, 'utf8');
const read = (cache: AnswerCache, key: string, version: string) => cache.get(key, version)?.toString('utf8') ?? null;

describe('the answer cache', () => {
  it('answers a key with what was kept for it at the same version', () => {
    const cache = new AnswerCache(1024);
    expect(read(cache, 'a', 'v1')).toBeNull();
    cache.set('a', 'v1', b('answer å'));
    expect(read(cache, 'a', 'v1')).toBe('answer å');
    expect(read(cache, 'b', 'v1')).toBeNull();
  });

  it('forgets every answer when the index reaches a new version', () => {
    const cache = new AnswerCache(1024);
    cache.get('a', 'v1');
    cache.set('a', 'v1', b('old'));
    expect(read(cache, 'a', 'v2')).toBeNull();
    expect(cache.size).toBe(0);
    // ... and an answer started at the old version is not kept once the new one is seen.
    cache.set('a', 'v1', b('old'));
    expect(read(cache, 'a', 'v2')).toBeNull();
    cache.set('a', 'v2', b('new'));
    expect(read(cache, 'a', 'v2')).toBe('new');
  });

  it('keeps nothing before it has seen a version, and nothing when its size is 0', () => {
    const fresh = new AnswerCache(1024);
    fresh.set('a', 'v1', b('x'));
    expect(read(fresh, 'a', 'v1')).toBeNull();
    const off = new AnswerCache(0);
    off.get('a', 'v1');
    off.set('a', 'v1', b('x'));
    expect(read(off, 'a', 'v1')).toBeNull();
  });

  it('drops the least recently used answers to stay within its bytes', () => {
    // Three 10-byte answers fill 30 bytes.
    const cache = new AnswerCache(30, 30);
    cache.get('a', 'v');
    for (const k of ['a', 'b', 'c']) cache.set(k, 'v', b(k.repeat(10)));
    expect(cache.usedBytes).toBe(30);
    expect(read(cache, 'a', 'v')).toBe('a'.repeat(10)); // a is now the most recent
    cache.set('d', 'v', b('d'.repeat(10)));
    expect(read(cache, 'b', 'v')).toBeNull();
    expect(['a', 'c', 'd'].map((k) => read(cache, k, 'v'))).toEqual(['a', 'c', 'd'].map((k) => k.repeat(10)));
    expect(cache.usedBytes).toBe(30);
  });

  it('does not keep an answer larger than its entry limit, and replaces a key in place', () => {
    const cache = new AnswerCache(1000, 20);
    cache.get('a', 'v');
    cache.set('big', 'v', b('x'.repeat(21)));
    expect(read(cache, 'big', 'v')).toBeNull();
    cache.set('a', 'v', b('one'));
    cache.set('a', 'v', b('twø'));
    expect(read(cache, 'a', 'v')).toBe('twø');
    expect(cache.usedBytes).toBe(4); // "twø" is four bytes in UTF-8
    cache.clear();
    expect([cache.size, cache.usedBytes]).toEqual([0, 0]);
  });
});
