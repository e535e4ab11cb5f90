// The counting pass of the embedded engine: one pass over the candidates gives the total,
// the passing entries and every facet's disjunctive counts (a facet's own selection left
// out when counting it). Without words, the candidates come from the posting lists.
import type { FacetCount, SearchQuery } from '../types.ts';
import type { Snapshot } from './facet-table.ts';
import { NO_YEAR } from './ranking.ts';

/** Every entry's counts: the length of each value's posting list. */
export function allEntryCounts(snap: Snapshot): Int32Array {
  const po = snap.rows.postingOffsets;
  const counts = new Int32Array(po.length - 1);
  for (let g = 0; g < counts.length; g++) counts[g] = po[g + 1] - po[g];
  return counts;
}

/**
 * For a search without words and with filters on `active` facets: the sorted positions
 * of the entries that pass every filter but at most one (only those count anywhere).
 * With a single filtered facet f (and no period), every entry outside the filter fails
 * exactly f, so f's counts are every entry's counts (the caller sets them after the
 * pass) and only the entries passing f are returned.
 */
export function filterCandidates(
  snap: Snapshot,
  active: number[],
  filters: SearchQuery['filters'],
  ranged: boolean,
): Int32Array | null {
  const { base, postingOffsets, postings } = snap.rows;
  const k = active.length;
  if (k === 1 && ranged) return null; // every entry in the period counts for f: scan all
  // hits[pos] = how many filtered facets the entry passes (each counted once per facet).
  if (snap.stampGeneration >= 0xfffffffe - 2 * snap.names.length) {
    snap.stamp.fill(0);
    snap.stampGeneration = 0;
  }
  const hits = new Uint8Array(snap.size);
  const stamp = snap.stamp;
  let n = 0;
  for (const f of active) {
    const g0 = ++snap.stampGeneration; // marks entries already counted for facet f
    const column = snap.facets[f];
    for (const value of filters[snap.names[f]] ?? []) {
      const id = column.idOf.get(value);
      if (id === undefined) continue;
      const gid = base[f] + id;
      for (let j = postingOffsets[gid], e = postingOffsets[gid + 1]; j < e; j++) {
        const pos = postings[j];
        if (stamp[pos] === g0) continue;
        stamp[pos] = g0;
        if (++hits[pos] === k - 1 || k === 1) n++;
      }
    }
  }
  // Entries passing all filters but one: hits >= k - 1 (k >= 2), or the filter itself (k = 1).
  const need = Math.max(1, k - 1);
  const out = new Int32Array(k === 1 ? n : snap.size);
  let m = 0;
  for (let pos = 0; pos < snap.size; pos++) if (hits[pos] >= need) out[m++] = pos;
  return out.subarray(0, m);
}

/**
 * The counting pass (kept out of searchSync so V8 optimises it as a whole function).
 * Writes the passing positions to `passing` and returns how many there are.
 */
export function countPass(
  snap: Snapshot,
  candidates: Int32Array | null,
  selectedBit: Uint16Array | null,
  activeMask: number,
  from: number | null,
  to: number | null,
  counts: Int32Array,
  passing: Int32Array,
): number {
  const { offsets, gids, base } = snap.rows;
  const ranged = from !== null || to !== null;
  const fromYear = from ?? -2147483647;
  const toYear = to ?? 2147483647;
  const lo = snap.lo;
  const hi = snap.hi;
  const m = candidates ? candidates.length : snap.size;
  const bits = selectedBit ?? new Uint16Array(0);
  let total = 0;
  for (let k = 0; k < m; k++) {
    const pos = candidates ? candidates[k] : k;
    if (ranged) {
      const l = lo[pos];
      if (l === NO_YEAR || hi[pos] < fromYear || l > toYear) continue;
    }
    const s = offsets[pos];
    const e = offsets[pos + 1];
    let missed = 0;
    if (activeMask !== 0) {
      let hit = 0;
      for (let j = s; j < e; j++) hit |= bits[gids[j]];
      missed = activeMask & ~hit;
    }
    if (missed === 0) {
      passing[total++] = pos;
      for (let j = s; j < e; j++) counts[gids[j]]++;
    } else if ((missed & (missed - 1)) === 0) {
      // Fails exactly one facet: counts for that facet only.
      const f = 31 - Math.clz32(missed);
      const gLo = base[f];
      const gHi = base[f + 1];
      for (let j = s; j < e; j++) {
        const g = gids[j];
        if (g >= gLo && g < gHi) counts[g]++;
      }
    }
  }
  return total;
}

/** Counts as a list; every selected value is kept even when nothing matches it. */
export function toFacetCounts(values: string[], counts: Int32Array, selectedValues: string[]): FacetCount[] {
  const selected = new Set(selectedValues);
  const out: FacetCount[] = [];
  for (let id = 0; id < counts.length; id++) {
    if (counts[id] > 0) out.push({ value: values[id], count: counts[id], selected: selected.has(values[id]) });
  }
  for (const value of selected) {
    if (!out.some((f) => f.value === value)) out.push({ value, count: 0, selected: true });
  }
  return out;
}
