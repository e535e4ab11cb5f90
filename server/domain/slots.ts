// Slots: at most `size` holders at once, the others wait in arrival order. For work that
// yields to the event loop but is long as a whole (exports at scale): two at once keep the
// loop free for everything else; more would only interleave more of them. (Not the
// per-request turns of plugins/turns.ts, which order when each request starts.)

export class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {}

  /** Resolves when the caller has a slot; rejects with the signal's reason if it is aborted first. */
  enter(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.size) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const go = () => {
        signal?.removeEventListener('abort', giveUp);
        resolve(); // the slot passes straight from the leaver to this caller
      };
      const giveUp = () => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal!.reason);
      };
      this.waiting.push(go);
      signal?.addEventListener('abort', giveUp, { once: true });
    });
  }

  /** Gives the caller's slot up: the next waiting caller gets it. */
  leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  /** Holders now, and callers waiting. */
  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }
}
