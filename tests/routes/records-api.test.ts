// GET /api/v1/<kind> and /api/v1/<kind>/:slugOrRef for every record kind: the shape
// (the domain's own TypeBox schemas), lookups by slug, ref and any letter case, the
// resource filters, JSON 404s and 400s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { recordFixture } from '../fixtures/records.ts';
import {
  AreaSchema,
  EventSchema,
  InitiativeSchema,
  OrganisationSchema,
  ProgrammeSchema,
  ResourceSchema,
} from '../../server/schemas/records.ts';

describe('records API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ catalogue: recordFixture() });
  });
  afterAll(async () => t.close());

  const get = (url: string) => t.app.inject(url);

  it('returns one record of every kind in its schema, with its page and permalink', async () => {
    const cases = [
      ['initiatives', 'moteplass-for-ungdom', InitiativeSchema, '/i/moteplass-for-ungdom'],
      ['programmes', 'prog-no', ProgrammeSchema, '/p/prog-no'],
      ['areas', 'osterby', AreaSchema, '/a/osterby'],
      ['organisations', 'test-bank', OrganisationSchema, '/o/test-bank'],
      ['events', 'testkonferansen', EventSchema, '/e/test-event'],
      ['resources', 'erfaringer-fra-testvik', ResourceSchema, '/r/test-talk'],
    ] as const;
    for (const [kind, slug, schema, permalink] of cases) {
      const res = await get(`/api/v1/${kind}/${slug}`);
      expect(res.statusCode, kind).toBe(200);
      expect(res.headers['content-type']).toContain('application/json');
      const body = res.json();
      const { url, permalink: link, ...record } = body;
      expect(Value.Errors(schema, record).First(), kind).toBeUndefined();
      expect(url).toBe(`/${kind}/${slug}`);
      expect(link).toBe(permalink);
    }
  });

  it('gives an initiative the second-edition fields', async () => {
    const body = (await get('/api/v1/initiatives/moteplass-for-ungdom')).json();
    expect(body.summary).toEqual({ nb: 'Et nytt ungdomshus med aktiviteter for unge i blokkbebyggelsen.', en: 'A new youth house with activities in the 1970s block housing.' });
    expect(body.programmes).toEqual([
      { ref: 'prog-no', slug: 'prog-no', name: { nb: 'Testløftet', en: 'The Test Lift' }, lang: { nb: 'nb', en: 'en' }, role: 'part-of' },
    ]);
    expect(body.participation[0]).toMatchObject({ method: 'door-to-door', count: 120, stage: 'analysis', influence: 'consult' });
    expect(body.organisations.map((o: { slug: string; role: string }) => [o.slug, o.role])).toEqual([
      ['test-kommune', 'lead'],
      ['test-bank', 'funder'],
    ]);
    expect(body.funding[0]).toMatchObject({ amount: 2000000, currency: 'NOK', year: 2009, funder: { slug: 'test-bank' } });
    expect(body.evidence).toEqual({ level: 'self-reported', note: { nb: 'Tall fra prosjektet selv.', en: 'Figures from the project itself.' } });
    expect(body.continuation).toMatchObject({ code: 'ordinary-operation' });
    expect(body.resources.map((r: { slug: string }) => r.slug)).toEqual(['erfaringer-fra-testvik']);
    expect(body.sources.map((s: { kind: string }) => s.kind)).toEqual(['publisher', 'copy']);
    expect(body.sources[1].originalPublisher).toBe('Testinstituttet');
    expect(body).not.toHaveProperty('id');
  });

  it('finds a record by its ref in any letter case', async () => {
    expect((await get('/api/v1/initiatives/MOTEPLASS-FOR-UNGDOM')).json().slug).toBe('moteplass-for-ungdom');
    expect((await get('/api/v1/events/TEST-EVENT')).json().slug).toBe('testkonferansen');
    expect((await get('/api/v1/resources/test-talk')).json().slug).toBe('erfaringer-fra-testvik');
  });

  it('lists every kind but initiatives (the search) with a total and links', async () => {
    const cases: [string, string[]][] = [
      ['programmes', ['prog-no', 'prog-se', 'prog-dk', 'prog-sc']],
      ['areas', ['osterby', 'tromso-nord', 'gardsby', 'norrebro-test', 'glen-test']],
      ['organisations', ['test-bank', 'test-kommune']],
      ['events', ['testkonferansen']],
      ['resources', ['erfaringer-fra-testvik']],
    ];
    for (const [kind, slugs] of cases) {
      const body = (await get(`/api/v1/${kind}`)).json();
      expect(body.total, kind).toBe(slugs.length);
      expect(body.items.map((i: { slug: string }) => i.slug), kind).toEqual(slugs);
      expect(body.items[0].url, kind).toBe(`/${kind}/${slugs[0]}`);
    }
    const event = (await get('/api/v1/events')).json().items[0];
    expect(event).toMatchObject({ ref: 'test-event', resourceCount: 1, date: null, permalink: '/e/test-event' });
  });

  it('filters resources like the page', async () => {
    expect((await get('/api/v1/resources?kind=talk&organisation=test-kommune&q=Testvik')).json().total).toBe(1);
    expect((await get('/api/v1/resources?kind=report')).json()).toEqual({ total: 0, items: [] });
  });

  it('answers an unknown record with a JSON 404 naming it', async () => {
    for (const [kind, message] of [
      ['programmes', 'Fant ikke programmet «nope».'],
      ['areas', 'Fant ikke området «nope».'],
      ['organisations', 'Fant ikke organisasjonen «nope».'],
      ['events', 'Fant ikke arrangementet «nope».'],
      ['resources', 'Fant ikke foredraget eller dokumentet «nope».'],
    ]) {
      const res = await get(`/api/v1/${kind}/nope`);
      expect(res.statusCode, kind).toBe(404);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.json().message).toBe(message);
    }
    expect((await get('/api/v1/events/nope?lang=en')).json().message).toBe('Fant ikke arrangementet «nope».');
  });

  it('answers bad parameters with a JSON 400 saying what is wrong', async () => {
    for (const url of ['/api/v1/organisations/%3Cb%3E', '/api/v1/resources/a.b', '/api/v1/initiatives/-x']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().message, url).toBe('Adressen inneholder en ugyldig identifikator.');
    }
    const bad = await get('/api/v1/resources?kind=podcast&year=19');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().messages).toEqual(['Ukjent verdi «podcast» for «kind».', '«year» må være et årstall med fire sifre.']);
    expect((await get('/api/v1/resources?q=a&q=b')).json().message).toBe('Parameteren «q» kan bare oppgis én gang.');
  });
});
