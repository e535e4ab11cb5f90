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

/** The entries a search without words counts over, and the filtered facets each passes. */
export interface FilterCandidates {
  /** Sorted positions of the entries that pass every filter but at most one. */
  positions: Int32Array;
  /** passed[pos]: a bit per filtered facet entry `pos` has a chosen value of (1 << f). */
  passed: Uint16Array;
}

/**
 * For a search without words and with filters on `active` facets: the entries that pass
 * every filter but at most one (only those count anywhere), found from the chosen values'
 * posting lists, with the filtered facets each one passes, so the counting pass need not
 * work that out again from each entry's values. With a single filtered facet f (and no
 * period), every entry outside the filter fails exactly f, so f's counts are every entry's
 * counts (the caller sets them after the pass) and only the entries passing f are returned.
 */
export function filterCandidates(
  snap: Snapshot,
  active: number[],
  filters: SearchQuery['filters'],
  ranged: boolean,
): FilterCandidates | null {
  const { base, postingOffsets, postings } = snap.rows;
  const k = active.length;
  if (k === 1 && ranged) return null; // every entry in the period counts for f: scan all
  const passed = new Uint16Array(snap.size);
  let activeMask = 0;
  for (const f of active) {
    const bit = 1 << f;
    activeMask |= bit;
    const column = snap.facets[f];
    for (const value of filters[snap.names[f]] ?? []) {
      const id = column.idOf.get(value);
      if (id === undefined) continue;
      const gid = base[f] + id;
      for (let j = postingOffsets[gid], e = postingOffsets[gid + 1]; j < e; j++) passed[postings[j]] |= bit;
    }
  }
  // Passing all filters but one: at most one active bit missing (k >= 2), or the filter itself (k = 1).
  const out = new Int32Array(snap.size);
  let m = 0;
  for (let pos = 0; pos < snap.size; pos++) {
    const mask = passed[pos];
    if (k === 1) {
      if (mask !== 0) out[m++] = pos;
    } else {
      const missed = activeMask & ~mask;
      if ((missed & (missed - 1)) === 0) out[m++] = pos;
    }
  }
  return { positions: out.subarray(0, m), passed };
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
  /** From filterCandidates: the filtered facets each entry passes (else worked out from its values). */
  passedFacets: Uint16Array | null,
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
    if (passedFacets !== null) {
      missed = activeMask & ~passedFacets[pos];
    } else if (activeMask !== 0) {
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
      // An entry's values are in facet order (rowTable), so facet f's are one run.
      for (let j = s; j < e; j++) {
        const g = gids[j];
        if (g >= gHi) break;
        if (g >= gLo) counts[g]++;
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
