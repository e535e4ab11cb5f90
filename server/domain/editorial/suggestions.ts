// Suggestions from anyone: a new case or a correction to a record. They wait in the
// editors' queue and never change the catalogue by themselves; an editor turns one into a
// draft (a new initiative, pre-filled) or dismisses it with a reason.
import { createHmac } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { MessageRef } from '../../errors.ts';
import { isEmail } from '../accounts/users.ts';
import type { RecordKind } from '../../../db/schema.ts';
import { RECORD_KINDS } from '../../../db/schema.ts';
import { saveRecord } from './save-record.ts';
import { KINDS } from './kinds.ts';

export const SUGGESTION_LIMITS = { text: 5000, name: 200, email: 254, url: 2000, perHour: 5 };

export interface SuggestionInput {
  type: 'new' | 'correction';
  targetKind: string | null;
  targetRef: string | null;
  text: string;
  sourceUrl: string | null;
  name: string | null;
  email: string | null;
}

export interface Suggestion extends SuggestionInput {
  id: number;
  status: 'open' | 'accepted' | 'rejected';
  note: string | null;
  draftRef: string | null;
  handledByEmail: string | null;
  handledAt: string | null;
  createdAt: string;
}

/** Per-field messages for a suggestion (empty when it may be stored). */
export function checkSuggestion(sqlite: Database.Database, s: SuggestionInput): Record<string, MessageRef> {
  const errors: Record<string, MessageRef> = {};
  if (!s.text) errors.text = { key: 'admin.error.required' };
  else if (s.text.length > SUGGESTION_LIMITS.text) errors.text = { key: 'suggest.error.tooLong', params: { max: SUGGESTION_LIMITS.text } };
  if (s.type === 'new' && !s.sourceUrl) errors.sourceUrl = { key: 'suggest.error.sourceRequired' };
  if (s.sourceUrl && (!/^https?:\/\/\S+\.\S+/.test(s.sourceUrl) || s.sourceUrl.length > SUGGESTION_LIMITS.url)) errors.sourceUrl = { key: 'admin.error.url' };
  if (s.name && s.name.length > SUGGESTION_LIMITS.name) errors.name = { key: 'suggest.error.tooLong', params: { max: SUGGESTION_LIMITS.name } };
  if (s.email && (!isEmail(s.email) || s.email.length > SUGGESTION_LIMITS.email)) errors.email = { key: 'account.email.invalid' };
  if (s.type === 'correction') {
    const kind = s.targetKind as RecordKind;
    const known = RECORD_KINDS.includes(kind) && s.targetRef && sqlite.prepare(`SELECT 1 FROM ${KINDS[kind].table} WHERE ref = ? AND state = 'published'`).get(s.targetRef);
    if (!known) errors.target = { key: 'suggest.error.target' };
  }
  return errors;
}

const hashIp = (secret: string, ip: string) => createHmac('sha256', secret).update(`suggest:${ip}`).digest('hex').slice(0, 32);

/** True when this address has sent as many suggestions as allowed in the last hour. */
export function suggestionRateExceeded(sqlite: Database.Database, secret: string, ip: string, now = Date.now()): boolean {
  const since = new Date(now - 3600_000).toISOString();
  const n = sqlite.prepare(`SELECT count(*) FROM suggestions WHERE ip_hash = ? AND created_at > ?`).pluck().get(hashIp(secret, ip), since) as number;
  return n >= SUGGESTION_LIMITS.perHour;
}

export function createSuggestion(sqlite: Database.Database, secret: string, ip: string, locale: string, s: SuggestionInput): number {
  const info = sqlite
    .prepare(
      `INSERT INTO suggestions (type, target_kind, target_ref, text, source_url, name, email, locale, ip_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(s.type, s.type === 'correction' ? s.targetKind : null, s.type === 'correction' ? s.targetRef : null, s.text, s.sourceUrl, s.name, s.email, locale, hashIp(secret, ip));
  return Number(info.lastInsertRowid);
}

interface Row {
  id: number;
  type: 'new' | 'correction';
  target_kind: string | null;
  target_ref: string | null;
  text: string;
  source_url: string | null;
  name: string | null;
  email: string | null;
  status: Suggestion['status'];
  note: string | null;
  draft_ref: string | null;
  handler: string | null;
  handled_at: string | null;
  created_at: string;
}

const toSuggestion = (r: Row): Suggestion => ({
  id: r.id,
  type: r.type,
  targetKind: r.target_kind,
  targetRef: r.target_ref,
  text: r.text,
  sourceUrl: r.source_url,
  name: r.name,
  email: r.email,
  status: r.status,
  note: r.note,
  draftRef: r.draft_ref,
  handledByEmail: r.handler,
  handledAt: r.handled_at,
  createdAt: r.created_at,
});

const SELECT = `SELECT s.*, u.email AS handler FROM suggestions s LEFT JOIN users u ON u.id = s.handled_by`;

/** Open suggestions first (oldest first), then the handled ones (newest first). */
export function listSuggestions(sqlite: Database.Database): Suggestion[] {
  return (sqlite.prepare(`${SELECT} ORDER BY s.status <> 'open', CASE WHEN s.status = 'open' THEN s.created_at END, s.handled_at DESC`).all() as Row[]).map(toSuggestion);
}

export function getSuggestion(sqlite: Database.Database, id: number): Suggestion | null {
  const row = sqlite.prepare(`${SELECT} WHERE s.id = ?`).get(id) as Row | undefined;
  return row ? toSuggestion(row) : null;
}

export function rejectSuggestion(sqlite: Database.Database, id: number, userId: number, note: string): void {
  sqlite
    .prepare(`UPDATE suggestions SET status = 'rejected', note = ?, handled_by = ?, handled_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND status = 'open'`)
    .run(note, userId, id);
}

/**
 * Turns a suggestion of a new case into a draft initiative: the editor's title and country,
 * the suggestion's text as the summary in its language, its source URL as the source.
 * Nothing is published; the editor completes the draft. Returns the draft's ref.
 */
export function acceptSuggestion(
  sqlite: Database.Database,
  id: number,
  userId: number,
  draft: { title: string; country: string; locale: 'nb' | 'en' },
): string {
  return sqlite.transaction(() => {
    const s = getSuggestion(sqlite, id);
    if (!s || s.status !== 'open' || s.type !== 'new' || !s.sourceUrl) throw new Error('not an open suggestion of a new case');
    const knownSource = sqlite.prepare(`SELECT 1 FROM sources WHERE url = ?`).get(s.sourceUrl);
    const result = saveRecord(sqlite, {
      kind: 'initiative',
      ref: null,
      input: {
        titleNb: draft.locale === 'nb' ? draft.title : null,
        titleOriginal: null,
        originalLanguage: null,
        titleEn: draft.title,
        summary: { nb: draft.locale === 'nb' ? s.text : null, en: draft.locale === 'en' ? s.text : null },
        outcomes: { nb: null, en: null },
        lessons: { nb: null, en: null },
        notes: { nb: null, en: null },
        locationText: null,
        areas: [],
        programmes: [],
        country: draft.country,
        periodStart: null,
        periodEnd: null,
        status: 'unknown-end',
        measureTypes: [],
        themes: [],
        targetGroups: [],
        targetGroupsOriginal: { nb: [], en: [] },
        participation: [],
        anchoring: [],
        continuation: null,
        organisations: [],
        funding: [],
        evidence: { level: 'not-stated', note: { nb: null, en: null } },
        related: [],
        sourceUrls: [s.sourceUrl],
        confidence: 'unverified',
        textLanguage: draft.locale,
      },
      newSources: knownSource ? [] : [{ url: s.sourceUrl, title: s.sourceUrl, publisher: null, year: null }],
      baseRevision: 0,
      userId,
      state: 'draft',
    });
    sqlite
      .prepare(`UPDATE suggestions SET status = 'accepted', draft_ref = ?, handled_by = ?, handled_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`)
      .run(result.ref, userId, id);
    return result.ref;
  })();
}

/** Marks a correction as dealt with (the editor edits the record itself). */
export function acceptCorrection(sqlite: Database.Database, id: number, userId: number, note: string): void {
  sqlite
    .prepare(`UPDATE suggestions SET status = 'accepted', note = ?, handled_by = ?, handled_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND status = 'open' AND type = 'correction'`)
    .run(note || null, userId, id);
}
