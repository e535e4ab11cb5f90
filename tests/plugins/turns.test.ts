// Requests take turns on the event loop (plugins/turns.ts): when several are ready at
// once, each starts in a turn of its own, so the loop reads new connections and data
// between them instead of handling a whole burst in one long turn.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTurnQueue } from '../../server/plugins/turns.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

/** Counts turns of the event loop (one setImmediate per turn) until stopped. */
function turnCounter() {
  let turn = 0;
  let running = true;
  const tick = () => {
    turn++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return { now: () => turn, stop: () => void (running = false) };
}

describe('turn queue', () => {
  it('lets the first caller go at once and each waiting one in a later turn, in order', async () => {
    const turns = createTurnQueue();
    const counter = turnCounter();
    const started: { who: number; turn: number }[] = [];
    expect(turns.wait()).toBeUndefined();
    started.push({ who: 0, turn: counter.now() });
    await Promise.all(
      [1, 2, 3, 4].map((who) => turns.wait()!.then(() => void started.push({ who, turn: counter.now() }))),
    );
    counter.stop();
    expect(started.map((s) => s.who)).toEqual([0, 1, 2, 3, 4]);
    for (let i = 1; i < started.length; i++) expect(started[i].turn).toBeGreaterThan(started[i - 1].turn);
    expect(turns.waiting).toBe(0);
  });

  it('is free again once nobody waits', async () => {
    const turns = createTurnQueue();
    expect(turns.wait()).toBeUndefined();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(turns.wait()).toBeUndefined();
  });
});

describe('in the app', () => {
  let t: TestApp;
  const turnOfRequest: number[] = [];
  let counter: ReturnType<typeof turnCounter>;
  beforeAll(async () => {
    t = await buildTestApp({
      beforeReady: (app) => app.addHook('preHandler', async () => void turnOfRequest.push(counter.now())),
    });
  });
  afterAll(() => t?.close());

  it('starts a burst of requests one per turn, and answers them all', async () => {
    counter = turnCounter();
    const responses = await Promise.all(Array.from({ length: 6 }, () => t.app.inject({ url: '/api/v1/initiatives?q=youth' })));
    counter.stop();
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(turnOfRequest).size).toBe(6);
  });
});
