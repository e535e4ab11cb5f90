// The fallback wrapper on its own, with a controllable primary: it answers from the
// fallback with `degraded` while the primary fails, skips the primary for a while instead
// of waiting for every timeout, and returns to the primary by itself.
import { describe, expect, it } from 'vitest';
import { BUILDING_DETAIL, FallbackSearchEngine } from '../../server/search/fallback-engine.ts';
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

  it('answers from the fallback with the reason, and probes the primary again in the background', async () => {
    const { engine, primary, fallback, logs, advance } = setup();
    primary.failWith = 'Meilisearch timed out after 1500 ms';
    const r = await engine.search(q({ q: 'x', filters: { ...emptyFilters(), country: ['SE'] } }));
    expect(r).toMatchObject({ engine: 'sqlite', degraded: 'Meilisearch timed out after 1500 ms' });
    expect(engine.degraded?.reason).toBe('Meilisearch timed out after 1500 ms');
    await engine.search(q());
    expect(primary.calls).toBe(1); // skipped while cooling down
    expect(fallback.calls).toBe(2);
    advance(5_000);
    const during = await engine.search(q());
    expect(during.engine).toBe('sqlite'); // answered at once, the probe runs beside it
    await engine.idle();
    expect(primary.calls).toBe(2); // probed, still failing
    expect(logs.filter((l) => l.startsWith('warn'))).toHaveLength(1); // same reason: logged once
    primary.failWith = null;
    advance(5_000);
    await engine.search(q());
    await engine.idle();
    const back = await engine.search(q());
    expect(back.engine).toBe('meilisearch');
    expect(back.degraded).toBeUndefined();
    expect(engine.degraded).toBeNull();
    expect(logs.at(-1)).toMatch(/recovered/);
  });

  it('runs one probe at a time while the others answer from the fallback at once', async () => {
    const { engine, primary, fallback, advance } = setup();
    primary.failWith = 'Meilisearch timed out after 1500 ms';
    await engine.search(q());
    advance(5_000);
    // The primary now hangs: a probe started now does not finish until released.
    let release!: () => void;
    primary.search = async () => {
      primary.calls++;
      await new Promise<void>((resolve) => (release = resolve));
      return result('meilisearch');
    };
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 20 }, () => engine.search(q())));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(answers.every((a) => a.engine === 'sqlite' && a.degraded)).toBe(true);
    expect(fallback.calls).toBe(21);
    expect(primary.calls).toBe(2); // the first failure and one probe, not 20
    release();
    await engine.idle();
    expect(engine.degraded).toBeNull();
  });

  it('answers from the fallback without a notice while the primary index is being built', async () => {
    let ready = false;
    const primary = new ScriptedEngine('meilisearch');
    const fallback = new ScriptedEngine('sqlite');
    const engine = new FallbackSearchEngine(primary, fallback, { primaryReady: () => ready });
    const r = await engine.search(q());
    expect(r.engine).toBe('sqlite');
    expect(r.degraded).toBeUndefined();
    expect(primary.calls).toBe(0);
    expect(await engine.health()).toEqual({ ok: true, detail: BUILDING_DETAIL });
    ready = true;
    expect((await engine.search(q())).engine).toBe('meilisearch');
  });

  it('reports the last known state from /health and probes at most every few seconds', async () => {
    const { engine, primary, advance } = setup();
    let healthCalls = 0;
    const health = primary.health.bind(primary);
    primary.health = async () => {
      healthCalls++;
      return health();
    };
    primary.healthy = false;
    // The first call knows nothing yet: it waits for one probe.
    expect(await engine.health()).toEqual({ ok: false, detail: 'health: down' });
    expect(engine.degraded?.reason).toBe('health: down');
    primary.healthy = true;
    // Within the probe interval: the last known state, no new probe.
    for (let i = 0; i < 10; i++) expect(await engine.health()).toEqual({ ok: false, detail: 'health: down' });
    expect(healthCalls).toBe(1);
    // After it: the last known state at once, and one probe in the background.
    advance(5_000);
    primary.failWith = 'Meilisearch answered HTTP 500';
    expect(await engine.health()).toEqual({ ok: false, detail: 'health: down' });
    await engine.idle();
    expect(healthCalls).toBe(2);
    expect(await engine.health()).toEqual({ ok: false, detail: 'Meilisearch answered HTTP 500' });
    primary.failWith = null;
    advance(5_000);
    await engine.health();
    await engine.idle();
    expect(await engine.health()).toEqual({ ok: true });
    expect(engine.degraded).toBeNull();
  });
});
