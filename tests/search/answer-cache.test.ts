// server/search/answer-cache.ts on its own: answers kept per key at one index version,
// emptied by a newer version, never kept from an older one, bounded by bytes (least
// recently used first) and by the size of one answer.
import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../../server/search/answer-cache.ts';

describe('the answer cache', () => {
  it('answers a key with what was kept for it at the same version', () => {
    const cache = new AnswerCache(1024);
    expect(cache.get('a', 'v1')).toBeNull();
    cache.set('a', 'v1', 'answer a');
    expect(cache.get('a', 'v1')).toBe('answer a');
    expect(cache.get('b', 'v1')).toBeNull();
  });

  it('forgets every answer when the index reaches a new version', () => {
    const cache = new AnswerCache(1024);
    cache.get('a', 'v1');
    cache.set('a', 'v1', 'old');
    expect(cache.get('a', 'v2')).toBeNull();
    expect(cache.size).toBe(0);
    // ... and an answer started at the old version is not kept once the new one is seen.
    cache.set('a', 'v1', 'old');
    expect(cache.get('a', 'v2')).toBeNull();
    cache.set('a', 'v2', 'new');
    expect(cache.get('a', 'v2')).toBe('new');
  });

  it('keeps nothing before it has seen a version, and nothing when its size is 0', () => {
    const fresh = new AnswerCache(1024);
    fresh.set('a', 'v1', 'x');
    expect(fresh.get('a', 'v1')).toBeNull();
    const off = new AnswerCache(0);
    off.get('a', 'v1');
    off.set('a', 'v1', 'x');
    expect(off.get('a', 'v1')).toBeNull();
  });

  it('drops the least recently used answers to stay within its bytes', () => {
    // Each 10-character answer counts as 20 bytes; 60 bytes hold three.
    const cache = new AnswerCache(60, 60);
    cache.get('a', 'v');
    for (const k of ['a', 'b', 'c']) cache.set(k, 'v', k.repeat(10));
    expect(cache.usedBytes).toBe(60);
    expect(cache.get('a', 'v')).toBe('a'.repeat(10)); // a is now the most recent
    cache.set('d', 'v', 'd'.repeat(10));
    expect(cache.get('b', 'v')).toBeNull();
    expect([cache.get('a', 'v'), cache.get('c', 'v'), cache.get('d', 'v')].every((x) => x !== null)).toBe(true);
    expect(cache.usedBytes).toBeLessThanOrEqual(60);
  });

  it('does not keep an answer larger than its entry limit, and replaces a key in place', () => {
    const cache = new AnswerCache(1000, 40);
    cache.get('a', 'v');
    cache.set('big', 'v', 'x'.repeat(21));
    expect(cache.get('big', 'v')).toBeNull();
    cache.set('a', 'v', 'one');
    cache.set('a', 'v', 'two');
    expect(cache.get('a', 'v')).toBe('two');
    expect(cache.usedBytes).toBe(6);
    cache.clear();
    expect([cache.size, cache.usedBytes]).toEqual([0, 0]);
  });
});
