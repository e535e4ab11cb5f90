// The fallback wrapper on its own, with a controllable primary: it answers from the
// fallback with `degraded` while the primary fails, skips the primary for a while instead
// of waiting for every timeout, and returns to the primary by itself.
import { describe, expect, it } from 'vitest';
import { FallbackSearchEngine } from '../../server/search/fallback-engine.ts';
import { type EngineResult, type SearchEngine } from '../../server/search/types.ts';
import { emptyFilters, FACETS } from '../../server/search/facets.ts';
import { q } from './contract.ts';

function result(engine: string): EngineResult {
  return { engine, total: 0, hits: [], facets: Object.fromEntries(FACETS.names.map((f) => [f, []])) };
}

class ScriptedEngine implements SearchEngine {
  calls = 0;
  failWith: string | null = null;
  healthy = true;
  constructor(readonly name: string) {}
  async search() {
    this.calls++;
    if (this.failWith) throw new Error(this.failWith);
    return result(this.name);
  }
  async health() {
    return this.healthy ? { ok: true } : { ok: false, detail: 'health: down' };
  }
  async close() {}
}

describe('FallbackSearchEngine', () => {
  const setup = () => {
    let now = 1_000;
    const primary = new ScriptedEngine('meilisearch');
    const fallback = new ScriptedEngine('sqlite');
    const logs: string[] = [];
    const log = { warn: (_: object, m: string) => logs.push(`warn ${m}`), info: (_: object, m: string) => logs.push(`info ${m}`) };
    const engine = new FallbackSearchEngine(primary, fallback, { retryAfterMs: 5_000, log, now: () => now });
    return { primary, fallback, engine, logs, advance: (ms: number) => (now += ms) };
  };

  it('passes results through while the primary answers', async () => {
    const { engine, fallback } = setup();
    const r = await engine.search(q());
    expect(r.engine).toBe('meilisearch');
    expect(r.degraded).toBeUndefined();
    expect(fallback.calls).toBe(0);
    expect(engine.name).toBe('meilisearch');
    expect(await engine.health()).toEqual({ ok: true });
  });

  it('answers from the fallback with the reason, and waits before asking the primary again', async () => {
    const { engine, primary, fallback, logs, advance } = setup();
    primary.failWith = 'Meilisearch timed out after 1500 ms';
    const r = await engine.search(q({ q: 'x', filters: { ...emptyFilters(), country: ['SE'] } }));
    expect(r).toMatchObject({ engine: 'sqlite', degraded: 'Meilisearch timed out after 1500 ms' });
    expect(engine.degraded?.reason).toBe('Meilisearch timed out after 1500 ms');
    await engine.search(q());
    expect(primary.calls).toBe(1); // skipped while cooling down
    expect(fallback.calls).toBe(2);
    advance(5_000);
    await engine.search(q());
    expect(primary.calls).toBe(2); // tried again, still failing
    expect(logs.filter((l) => l.startsWith('warn'))).toHaveLength(1); // same reason: logged once
    primary.failWith = null;
    advance(5_000);
    const back = await engine.search(q());
    expect(back.engine).toBe('meilisearch');
    expect(back.degraded).toBeUndefined();
    expect(engine.degraded).toBeNull();
    expect(logs.at(-1)).toMatch(/recovered/);
  });

  it('reports degraded from /health, and a health check that works probes search to recover', async () => {
    const { engine, primary } = setup();
    primary.healthy = false;
    expect(await engine.health()).toEqual({ ok: false, detail: 'health: down' });
    expect(engine.degraded?.reason).toBe('health: down');
    primary.healthy = true;
    primary.failWith = 'Meilisearch answered HTTP 500';
    expect(await engine.health()).toEqual({ ok: false, detail: 'Meilisearch answered HTTP 500' });
    primary.failWith = null;
    expect(await engine.health()).toEqual({ ok: true });
    expect(engine.degraded).toBeNull();
  });
});
