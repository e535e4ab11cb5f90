// Follow a search: the initiatives matching a search as an Atom feed (RFC 4287), newest
// first by when they were published in the catalogue (created_at), at most FEED_SIZE.
// Every link is absolute (from the configured public origin).
import type Database from 'better-sqlite3';
import type { SearchEngine, SearchQuery } from '../search/types.ts';
import { collectHitIds } from './export.ts';
import { getInitiativeSummaries } from './records/initiatives.ts';
import { all, published } from './records/shared.ts';
import { displaySummary, displayTitle } from '../presenters/record-text.ts';
import { DATA_LICENCE, getDatasetChanged } from './dataset.ts';

export const FEED_SIZE = 50;

export interface FeedOptions {
  origin: string;
  /** The feed's own path and query (its id and rel="self"). */
  selfPath: string;
  /** The search page showing the same results (rel="alternate"). */
  pagePath: string;
  /** The feed's title, e.g. "Områdeløft: tiltak i Sverige". */
  title: string;
  /** The feed's author (the site's name). */
  author: string;
}

/** Text for XML content and attributes: & < > " escaped, characters XML forbids dropped. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export interface FeedEntry {
  ref: string;
  slug: string;
  title: string;
  lang: string;
  summary: string;
  summaryLang: string;
  published: string;
  updated: string;
}

/** The newest matching initiatives, newest first (created_at, then updated_at, then ref). */
export async function listFeedEntries(sqlite: Database.Database, engine: SearchEngine, query: SearchQuery): Promise<FeedEntry[]> {
  // Only which initiatives match counts here (the feed orders them by when they were
  // added), so they are collected in the cheapest order: no relevance scores.
  const { ids } = await collectHitIds(engine, { ...query, sort: 'newest' });
  if (ids.length === 0) return [];
  const dates = all<{ id: number; created_at: string; updated_at: string; ref: string }>(
    sqlite,
    `SELECT i.id, i.ref, i.created_at, i.updated_at FROM initiatives i WHERE ${published('i')} AND i.id IN (SELECT value FROM json_each(?))
     ORDER BY i.created_at DESC, i.updated_at DESC, i.ref LIMIT ${FEED_SIZE}`,
    JSON.stringify(ids),
  );
  const byId = new Map(getInitiativeSummaries(sqlite, dates.map((d) => d.id)).map((s) => [s.id, s]));
  return dates.flatMap((d) => {
    const s = byId.get(d.id);
    if (!s) return [];
    const title = displayTitle(s, query.locale);
    const summary = displaySummary(s, query.locale);
    return [{ ref: s.ref, slug: s.slug, title: title.text, lang: title.lang, summary: summary.text, summaryLang: summary.lang, published: d.created_at, updated: d.updated_at }];
  });
}

/** The Atom document. */
export function renderAtomFeed(sqlite: Database.Database, entries: FeedEntry[], locale: 'nb' | 'en', options: FeedOptions): string {
  const { origin } = options;
  const prefix = locale === 'en' ? '/en' : '';
  const newest = entries.reduce<string | null>((max, e) => (max === null || e.updated > max ? e.updated : max), null);
  const updated = newest ?? getDatasetChanged(sqlite) ?? '1970-01-01T00:00:00Z';
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">`,
    `  <id>${xmlEscape(origin + options.selfPath)}</id>`,
    `  <title>${xmlEscape(options.title)}</title>`,
    `  <updated>${xmlEscape(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(origin + options.selfPath)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlEscape(origin + options.pagePath)}"/>`,
    `  <link rel="license" href="${xmlEscape(DATA_LICENCE.url)}"/>`,
    `  <author><name>${xmlEscape(options.author)}</name></author>`,
    `  <rights>${xmlEscape(DATA_LICENCE.name)}</rights>`,
  ];
  for (const e of entries) {
    lines.push(
      '  <entry>',
      `    <id>${xmlEscape(`${origin}/i/${encodeURIComponent(e.ref)}`)}</id>`,
      `    <title xml:lang="${xmlEscape(e.lang)}">${xmlEscape(e.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xmlEscape(`${origin}${prefix}/initiatives/${encodeURIComponent(e.slug)}`)}"/>`,
      `    <published>${xmlEscape(e.published)}</published>`,
      `    <updated>${xmlEscape(e.updated)}</updated>`,
      `    <summary xml:lang="${xmlEscape(e.summaryLang)}">${xmlEscape(e.summary)}</summary>`,
      '  </entry>',
    );
  }
  lines.push('</feed>');
  return lines.join('\n') + '\n';
}
