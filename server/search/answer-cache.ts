// Finished answers to searches over the embedded index (a search page, its htmx fragment,
// an API result), kept while the index stays at the version they were built from.
//
// A search answer depends only on the request and on what the change feed has brought into
// the index: the hits, their texts and places, every count and label, and the records beside
// the results are all read from searchable records, whose every change goes through the feed
// (server/search/change-feed.ts). So an answer built at version V is the answer to the same
// request for as long as the index is at V, and the first request at a newer version empties
// the cache. Filter clicks, paging back and forth and the searches many people make (the
// empty search, a country, a programme) then cost a lookup instead of a search, counts and
// a render. Kept as the bytes sent (no encoding per answer), bounded by bytes, least
// recently used first.

export class AnswerCache {
  private version: string | null = null;
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  /**
   * @param maxBytes   what the kept answers may take in all (0 keeps none)
   * @param maxEntry   the largest answer kept (a CSV-sized answer would push out dozens of pages)
   */
  constructor(
    readonly maxBytes: number,
    private readonly maxEntry = Math.max(1, Math.floor(maxBytes / 16)),
  ) {}

  /** The answer kept for `key` at `version`, or null. A new version empties the cache first. */
  get(key: string, version: string): Buffer | null {
    if (version !== this.version) this.reset(version);
    const body = this.entries.get(key);
    if (body === undefined) return null;
    // Most recently used goes last.
    this.entries.delete(key);
    this.entries.set(key, body);
    return body;
  }

  /**
   * Keeps `body` as the answer for `key`, if it was built at the cache's current version (an
   * answer started before the index moved on is not kept) and is not too large.
   */
  set(key: string, version: string, body: Buffer): void {
    if (version !== this.version) return;
    const size = body.byteLength;
    if (size > this.maxEntry || size > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.bytes -= old.byteLength;
    }
    this.entries.set(key, body);
    this.bytes += size;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.byteLength;
    }
  }

  /** Forgets every answer (benchmarks measure uncached searches with it). */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get usedBytes(): number {
    return this.bytes;
  }

  private reset(version: string): void {
    this.clear();
    this.version = version;
  }
}
