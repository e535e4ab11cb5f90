// Exports in both languages share one set of slots (EXPORTS_AT_ONCE): while every slot is
// held, a new export waits, and it runs as soon as one is given up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { EXPORTS_AT_ONCE } from '../../server/domain/export.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('export slots', () => {
  it('make an export in either language wait while every slot is held', async () => {
    for (let i = 0; i < EXPORTS_AT_ONCE; i++) await t.app.exportSlots.enter();
    const done: string[] = [];
    const nb = t.app.inject('/export.csv?q=park').then((r) => (done.push('nb'), r));
    const en = t.app.inject('/en/export.json?q=park').then((r) => (done.push('en'), r));
    for (let i = 0; i < 20; i++) await nextTurn();
    expect(done).toEqual([]);
    expect(t.app.exportSlots.load).toEqual({ active: EXPORTS_AT_ONCE, waiting: 2 });
    // One slot given up: the first waiting export runs, and hands its slot on when done.
    t.app.exportSlots.leave();
    expect((await nb).statusCode).toBe(200);
    expect((await en).statusCode).toBe(200);
    expect(done).toEqual(['nb', 'en']);
    expect(t.app.exportSlots.load).toEqual({ active: EXPORTS_AT_ONCE - 1, waiting: 0 });
    t.app.exportSlots.leave();
    expect(t.app.exportSlots.load).toEqual({ active: 0, waiting: 0 });
  });
});
