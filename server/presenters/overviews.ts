// View models of the overview pages: every chart's marks with their geometry (so the
// templates only loop and print) and the table of the same numbers beside it.
import type { Locale } from '../search/types.ts';
import type { Vocabulary } from '../domain/labels.ts';
import type { TermMix, TimelineProgramme } from '../domain/overviews.ts';
import { recordPath } from './records.ts';

const round = (n: number) => Math.round(n * 10) / 10;

/** A label cut to fit its column in the drawing (the table and the mark's title keep it whole). */
export const shorten = (label: string, max: number) => (label.length > max ? `${label.slice(0, max - 1).trimEnd()}…` : label);

export interface HeatmapView {
  id: string;
  caption: string;
  width: number;
  height: number;
  columns: { code: string; label: string; x: number; y: number }[];
  rows: { key: string; label: string; short: string; href: string | null; y: number; cells: { code: string; count: number }[] }[];
  /** One mark per non-zero count. */
  marks: { group: string; code: string; count: number; dark: boolean; x: number; y: number; size: number; opacity: number; title: string; textX: number; textY: number }[];
}

const CELL = 34;
const LABEL_WIDTH = 250;
const HEADER = 150;

/** A group × term heatmap: one square per non-zero count, darker for more initiatives. */
export function presentHeatmap(
  id: string,
  caption: string,
  mix: TermMix,
  vocab: Vocabulary,
  locale: Locale,
  hrefOf: (key: string) => string | null,
  groupLabel: (g: { key: string; name: string }) => string,
): HeatmapView {
  const max = Math.max(1, ...mix.groups.flatMap((g) => mix.codes.map((c) => mix.counts[g.key]?.[c] ?? 0)));
  const labelOf = (code: string) => vocab[mix.term]?.get(code)?.[locale] ?? code;
  const columns = mix.codes.map((code, i) => ({ code, label: labelOf(code), x: LABEL_WIDTH + i * CELL + CELL / 2, y: HEADER - 8 }));
  const rows = mix.groups.map((g, r) => ({
    key: g.key,
    label: groupLabel(g),
    short: shorten(groupLabel(g), 34),
    href: hrefOf(g.key),
    y: HEADER + r * CELL + CELL / 2 + 5,
    cells: mix.codes.map((code) => ({ code, count: mix.counts[g.key]?.[code] ?? 0 })),
  }));
  const marks = rows.flatMap((row, r) =>
    row.cells
      .map((cell, c) => ({ ...cell, c }))
      .filter((cell) => cell.count > 0)
      .map((cell) => ({
        group: row.key,
        code: cell.code,
        count: cell.count,
        x: LABEL_WIDTH + cell.c * CELL + 2,
        y: HEADER + r * CELL + 2,
        size: CELL - 4,
        opacity: round(0.15 + 0.85 * (cell.count / max)),
        // Light squares get dark figures, dark squares light ones.
        dark: 0.15 + 0.85 * (cell.count / max) < 0.55,
        title: `${row.label}, ${labelOf(cell.code)}: ${cell.count}`,
        textX: LABEL_WIDTH + cell.c * CELL + CELL / 2,
        textY: HEADER + r * CELL + CELL / 2 + 4,
      })),
  );
  return { id, caption, width: LABEL_WIDTH + mix.codes.length * CELL + 10, height: HEADER + rows.length * CELL + 10, columns, rows, marks };
}

export interface TimelineView {
  width: number;
  height: number;
  ticks: { year: number; x: number }[];
  axisY: number;
  /** Country headings between the rows. */
  headings: { label: string; y: number }[];
  /** One bar per programme with a start year. */
  bars: { slug: string; label: string; href: string; x: number; y: number; width: number; open: boolean; start: number; end: number | null; labelY: number; title: string }[];
  /** Every programme, for the table (those without a start year too). */
  table: { country: string; label: string; href: string; start: number | null; end: number | null }[];
  undated: { label: string; href: string }[];
}

const T_LABEL = 300;
const T_WIDTH = 560;
const ROW = 24;

export function presentTimeline(list: TimelineProgramme[], vocab: Vocabulary, locale: Locale, currentYear: number): TimelineView {
  const labelOf = (p: TimelineProgramme) => (locale === 'en' ? p.nameEn || p.name : p.name);
  const dated = list.filter((p) => p.periodStart !== null);
  const first = Math.min(...dated.map((p) => p.periodStart!), currentYear);
  const last = Math.max(...dated.map((p) => p.periodEnd ?? currentYear), currentYear);
  const from = Math.floor(first / 5) * 5;
  const to = Math.ceil((last + 1) / 5) * 5;
  const xOf = (year: number) => round(T_LABEL + ((year - from) / Math.max(1, to - from)) * T_WIDTH);
  const ticks: TimelineView['ticks'] = [];
  for (let y = from; y <= to; y += 5) ticks.push({ year: y, x: xOf(y) });
  const headings: TimelineView['headings'] = [];
  const bars: TimelineView['bars'] = [];
  let y = 30;
  let country: string | null = null;
  for (const p of dated) {
    if (p.country !== country) {
      country = p.country;
      y += 8;
      headings.push({ label: vocab.country.get(p.country)?.[locale] ?? p.country, y: y + 14 });
      y += ROW;
    }
    const end = p.periodEnd ?? currentYear;
    const label = labelOf(p);
    bars.push({
      slug: p.slug,
      // The label column holds about 42 characters; the full name is in the title and the table.
      label: shorten(label, 42),
      href: recordPath('programme', p.slug, locale),
      x: xOf(p.periodStart!),
      y: y + 4,
      width: Math.max(3, round(xOf(end + 1) - xOf(p.periodStart!))),
      open: p.periodEnd === null,
      start: p.periodStart!,
      end: p.periodEnd,
      labelY: y + 16,
      title: `${label}: ${p.periodStart}–${p.periodEnd ?? ''}`,
    });
    y += ROW;
  }
  return {
    width: T_LABEL + T_WIDTH + 20,
    height: y + 30,
    ticks,
    axisY: y + 10,
    headings,
    bars,
    table: list.map((p) => ({
      country: vocab.country.get(p.country)?.[locale] ?? p.country,
      label: labelOf(p),
      href: recordPath('programme', p.slug, locale),
      start: p.periodStart,
      end: p.periodEnd,
    })),
    undated: list.filter((p) => p.periodStart === null).map((p) => ({ label: labelOf(p), href: recordPath('programme', p.slug, locale) })),
  };
}
