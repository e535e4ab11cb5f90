// /admin/{kind}: list, create, edit, change state and see the history of every record kind.
// Thin: parse the form, call one domain function, render. A posted form with an
// "add row" button re-renders with a blank row (works without JavaScript); a failed
// validation re-renders with the messages beside the fields (400); an edit based on an
// older revision gets the conflict page (409).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RecordState } from '../../../db/schema.ts';
import { RECORD_STATES } from '../../../db/schema.ts';
import { NotFoundError, UserError } from '../../errors.ts';
import { KIND_LIST, kindByPlural, titleOfInput, type KindInfo } from '../../domain/editorial/kinds.ts';
import { blankRow, findRowsNode, formTree, NEW_SOURCES_TREE, parseForm, type FormBody } from '../../domain/editorial/form-tree.ts';
import { readRecordInput } from '../../domain/editorial/read-input.ts';
import { changeState, EditConflict, saveRecord, STATE_TRANSITIONS, ValidationFailed } from '../../domain/editorial/save-record.ts';
import { currentRevision, diffRevision, getRevision, listRevisions } from '../../domain/editorial/revisions.ts';
import { listRecords } from '../../domain/editorial/list-records.ts';
import type { FieldErrors, NewSource } from '../../domain/editorial/validate.ts';
import { presentForm } from '../../presenters/admin-form.ts';
import { csrfTokenFor, field } from '../../plugins/sessions.ts';
import { pathsFor } from '../../presenters/search.ts';
import { t } from '../../i18n/index.ts';
import { loadVocabulary } from '../../domain/labels.ts';
import { privatePage, requireRole } from './guard.ts';
import { wantsFragment } from '../../plugins/views.ts';

type Params = { plural: string; ref?: string; number?: string };

function kindOf(request: FastifyRequest<{ Params: Params }>): KindInfo {
  const info = kindByPlural(request.params.plural);
  if (!info) throw new NotFoundError();
  return info;
}

function emptyInput(info: KindInfo): Record<string, unknown> {
  const blank = blankRow(formTree(info.kind, info.schema));
  // Text lists and required bilingual texts start empty rather than null; a new record is
  // unverified until an editor says otherwise.
  return { ...blank, confidence: 'unverified', textLanguage: 'nb' };
}

export default async function adminRecordRoutes(app: FastifyInstance) {
  const sqlite = app.db.sqlite;
  app.addHook('onRequest', async (_request, reply) => privatePage(reply));
  app.addHook('preHandler', requireRole('editor'));

  const base = (request: FastifyRequest) => `${pathsFor(request.locale).prefix}/admin`;

  function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    info: KindInfo,
    opts: { ref: string | null; value: Record<string, unknown>; newSources: unknown[]; errors: FieldErrors; revision: number; state: RecordState | null },
    status = 200,
  ) {
    const tree = formTree(info.kind, info.schema);
    const fields = presentForm(sqlite, request.locale, tree, opts.value, opts.errors);
    const sourceFields = presentForm(sqlite, request.locale, NEW_SOURCES_TREE, { newSources: opts.newSources }, opts.errors);
    const errorCount = Object.keys(opts.errors).length;
    return reply.render(
      'admin/edit',
      {
        kind: info,
        ref: opts.ref,
        heading: opts.ref ? titleOfInput(info, opts.value) : t(request.locale, `admin.new.${info.kind}`),
        fields,
        sourceFields,
        formError: opts.errors._form ? t(request.locale, opts.errors._form.key, opts.errors._form.params) : null,
        errorCount,
        revision: opts.revision,
        state: opts.state,
        transitions: opts.state ? STATE_TRANSITIONS[opts.state] : [],
        isAdmin: request.session!.user.role === 'admin',
        action: opts.ref ? `${base(request)}/${info.plural}/${encodeURIComponent(opts.ref)}` : `${base(request)}/${info.plural}/new`,
        adminBase: base(request),
        csrf: csrfTokenFor(request, reply),
        user: request.session!.user,
        upload:
          info.kind === 'resource' && opts.ref
            ? {
                maxMb: Math.max(1, Math.floor(app.config.UPLOAD_MAX_BYTES / (1024 * 1024))),
                kinds: loadVocabulary(sqlite).order['link-kind'].map((code) => ({ value: code, label: loadVocabulary(sqlite)['link-kind'].get(code)?.[request.locale] ?? code })),
              }
            : null,
        canonicalPath: null,
      },
      // htmx swaps only 2xx answers: its fragment with the messages comes as 200; without
      // JavaScript the whole page comes back as 400.
      { status: status === 400 && wantsFragment(request) ? 200 : status, fragment: '_admin-form' },
    );
  }

  app.get('/admin', async (request, reply) => {
    const counts = KIND_LIST.map((info) => ({
      info,
      states: RECORD_STATES.map((state) => ({
        state,
        count: sqlite.prepare(`SELECT count(*) FROM ${info.table} WHERE state = ?`).pluck().get(state) as number,
      })),
    }));
    return reply.render('admin/dashboard', { counts, adminBase: base(request), csrf: csrfTokenFor(request, reply), user: request.session!.user, canonicalPath: null });
  });

  app.get<{ Params: Params; Querystring: { state?: string } }>('/admin/:plural', async (request, reply) => {
    const info = kindOf(request);
    const state = RECORD_STATES.includes(request.query.state as RecordState) ? (request.query.state as RecordState) : null;
    return reply.render('admin/list', {
      kind: info,
      records: listRecords(sqlite, info, state),
      state,
      states: RECORD_STATES,
      adminBase: base(request),
      csrf: csrfTokenFor(request, reply),
      user: request.session!.user,
      canonicalPath: null,
    });
  });

  app.get<{ Params: Params }>('/admin/:plural/new', async (request, reply) => {
    const info = kindOf(request);
    return renderForm(request, reply, info, { ref: null, value: emptyInput(info), newSources: [], errors: {}, revision: 0, state: null });
  });

  async function save(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, info: KindInfo, ref: string | null) {
    const body = (request.body ?? {}) as FormBody;
    const tree = formTree(info.kind, info.schema);
    const value = parseForm(tree, body);
    const newSources = (parseForm(NEW_SOURCES_TREE, body).newSources ?? []) as NewSource[];
    const existing = ref ? readRecordInput(sqlite, info.kind, ref) : null;
    if (ref && !existing) throw new NotFoundError();
    const revision = Number(field(body, '_revision')) || 0;
    const state = existing?.state ?? null;
    // "Add row": the same form again with one more blank row, nothing saved.
    const add = field(body, '_add');
    if (add) {
      if (add === 'newSources') newSources.push({ url: '', title: '', publisher: null, year: null });
      else {
        const node = findRowsNode(tree, add);
        if (node) (value[add] as unknown[] | undefined)?.push(blankRow(node.children)) ?? (value[add] = [blankRow(node.children)]);
      }
      return renderForm(request, reply, info, { ref, value, newSources, errors: {}, revision, state });
    }
    try {
      const result = saveRecord(sqlite, {
        kind: info.kind,
        ref,
        input: value,
        newSources,
        baseRevision: revision,
        userId: request.session!.user.id,
      });
      const next = `${base(request)}/${info.plural}/${encodeURIComponent(result.ref)}?saved=${result.revision}`;
      // htmx follows HX-Redirect with a full page load; a plain form gets the 303.
      if (wantsFragment(request)) return reply.header('HX-Redirect', next).code(200).send('');
      return reply.redirect(next, 303);
    } catch (err) {
      if (err instanceof ValidationFailed) {
        return renderForm(request, reply, info, { ref, value: { ...value, ref: ref ?? value.ref }, newSources, errors: err.errors, revision, state }, 400);
      }
      if (err instanceof EditConflict) return renderConflict(request, reply, info, err, value);
      throw err;
    }
  }

  function renderConflict(request: FastifyRequest, reply: FastifyReply, info: KindInfo, err: EditConflict, mine: Record<string, unknown> | null) {
    const theirs = err.current.input as Record<string, unknown>;
    // From an htmx form the conflict page replaces the whole page, not the form.
    if (wantsFragment(request)) reply.header('HX-Retarget', 'body').header('HX-Reswap', 'innerHTML');
    const fields = mine ? Object.keys(theirs).filter((k) => k !== 'ref' && JSON.stringify(theirs[k] ?? null) !== JSON.stringify(mine[k] ?? null)) : [];
    return reply.render(
      'admin/conflict',
      {
        kind: info,
        ref: err.current.input.ref,
        title: titleOfInput(info, theirs),
        diffs: diffRevision({ before: theirs, after: mine ?? theirs, fields }),
        currentRevision: err.currentRevision,
        adminBase: base(request),
        csrf: csrfTokenFor(request, reply),
        user: request.session!.user,
        canonicalPath: null,
      },
      { status: wantsFragment(request) ? 200 : 409 },
    );
  }

  app.post<{ Params: Params }>('/admin/:plural/new', async (request, reply) => save(request, reply, kindOf(request), null));

  app.get<{ Params: Params; Querystring: { saved?: string } }>('/admin/:plural/:ref', async (request, reply) => {
    const info = kindOf(request);
    const stored = readRecordInput(sqlite, info.kind, request.params.ref!);
    if (!stored) throw new NotFoundError();
    return renderForm(request, reply, info, {
      ref: stored.input.ref,
      value: stored.input as Record<string, unknown>,
      newSources: [],
      errors: {},
      revision: currentRevision(sqlite, info.kind, stored.input.ref),
      state: stored.state,
    });
  });

  app.post<{ Params: Params }>('/admin/:plural/:ref', async (request, reply) => save(request, reply, kindOf(request), request.params.ref!));

  app.post<{ Params: Params }>('/admin/:plural/:ref/state', async (request, reply) => {
    const info = kindOf(request);
    const ref = request.params.ref!;
    const stored = readRecordInput(sqlite, info.kind, ref);
    if (!stored) throw new NotFoundError();
    const to = field(request.body, 'to') as RecordState;
    if (!STATE_TRANSITIONS[stored.state].includes(to)) throw new UserError(400, [{ key: 'admin.state.notAllowed' }]);
    // Bringing back a withdrawn record is an admin's decision.
    if (stored.state === 'withdrawn' && request.session!.user.role !== 'admin') throw new UserError(403, [{ key: 'admin.forbidden' }]);
    try {
      changeState(sqlite, info.kind, ref, to, request.session!.user.id, Number(field(request.body, '_revision')) || 0);
    } catch (err) {
      if (err instanceof EditConflict) return renderConflict(request, reply, info, err, null);
      throw err;
    }
    return reply.redirect(`${base(request)}/${info.plural}/${encodeURIComponent(ref)}`, 303);
  });

  app.get<{ Params: Params }>('/admin/:plural/:ref/history', async (request, reply) => {
    const info = kindOf(request);
    const stored = readRecordInput(sqlite, info.kind, request.params.ref!);
    if (!stored) throw new NotFoundError();
    const revisions = listRevisions(sqlite, info.kind, stored.input.ref).map((r) => ({ ...r, diffs: diffRevision(r) }));
    return reply.render('admin/history', {
      kind: info,
      ref: stored.input.ref,
      title: titleOfInput(info, stored.input),
      revisions,
      current: revisions[0]?.number ?? 0,
      adminBase: base(request),
      csrf: csrfTokenFor(request, reply),
      user: request.session!.user,
      canonicalPath: null,
    });
  });

  app.post<{ Params: Params }>('/admin/:plural/:ref/history/:number/restore', async (request, reply) => {
    const info = kindOf(request);
    const ref = request.params.ref!;
    const revision = getRevision(sqlite, info.kind, ref, Number(request.params.number));
    if (!revision) throw new NotFoundError();
    try {
      saveRecord(sqlite, {
        kind: info.kind,
        ref,
        input: revision.after,
        baseRevision: Number(field(request.body, '_revision')) || 0,
        userId: request.session!.user.id,
        action: 'restore',
      });
    } catch (err) {
      if (err instanceof EditConflict) return renderConflict(request, reply, info, err, revision.after);
      if (err instanceof ValidationFailed) throw new UserError(409, [{ key: 'admin.restore.invalid' }]);
      throw err;
    }
    return reply.redirect(`${base(request)}/${info.plural}/${encodeURIComponent(ref)}/history`, 303);
  });
}
