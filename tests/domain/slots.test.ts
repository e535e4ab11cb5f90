// Slots: at most `size` holders, the rest in arrival order; a waiter whose signal is
// aborted leaves the queue without taking a slot.
import { describe, expect, it } from 'vitest';
import { Slots } from '../../server/domain/slots.ts';

describe('Slots', () => {
  it('lets `size` in at once and the others in arrival order as slots are given up', async () => {
    const gate = new Slots(2);
    const order: string[] = [];
    const enter = (name: string) => gate.enter().then(() => order.push(name));
    await Promise.all([enter('a'), enter('b')]);
    const c = enter('c');
    const d = enter('d');
    await Promise.resolve();
    expect(order).toEqual(['a', 'b']);
    expect(gate.load).toEqual({ active: 2, waiting: 2 });
    gate.leave();
    await c;
    expect(order).toEqual(['a', 'b', 'c']);
    gate.leave();
    await d;
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    gate.leave();
    gate.leave();
    expect(gate.load).toEqual({ active: 0, waiting: 0 });
  });

  it('drops a waiter whose signal is aborted, without giving it a slot', async () => {
    const gate = new Slots(1);
    await gate.enter();
    const controller = new AbortController();
    const gaveUp = gate.enter(controller.signal).then(
      () => 'entered',
      (err: Error) => err.name,
    );
    const next = gate.enter();
    controller.abort();
    expect(await gaveUp).toBe('AbortError');
    expect(gate.load).toEqual({ active: 1, waiting: 1 });
    gate.leave();
    await next; // the slot went to the one still waiting
    expect(gate.load).toEqual({ active: 1, waiting: 0 });
    // An already aborted signal is refused at once.
    await expect(gate.enter(controller.signal)).rejects.toThrow();
  });
});
