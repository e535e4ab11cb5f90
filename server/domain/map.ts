// The areas on a map: each area's coordinates as the catalogue holds them (from a cited
// source; none are guessed), and the areas that have none, so the map can say so.
import type Database from 'better-sqlite3';
import { all, published } from './records/shared.ts';

export interface AreaPoint {
  ref: string;
  slug: string;
  name: string;
  municipality: string | null;
  country: string;
  latitude: number;
  longitude: number;
  note: string | null;
  sourceTitle: string | null;
  sourceUrl: string | null;
}

export interface AreaWithoutPoint {
  ref: string;
  slug: string;
  name: string;
  municipality: string | null;
  country: string;
}

export function listAreaPoints(sqlite: Database.Database): { points: AreaPoint[]; missing: AreaWithoutPoint[] } {
  const rows = all<AreaPoint & { latitude: number | null; longitude: number | null }>(
    sqlite,
    `SELECT a.ref, a.slug, a.name, a.municipality, a.country_code AS country, a.latitude, a.longitude,
            a.coordinates_note AS note, s.title AS sourceTitle, s.url AS sourceUrl
     FROM areas a LEFT JOIN sources s ON s.id = a.coordinates_source_id
     LEFT JOIN countries c ON c.code = a.country_code
     WHERE ${published('a')}
     ORDER BY c.sort_order, a.country_code, a.name`,
  );
  const points: AreaPoint[] = [];
  const missing: AreaWithoutPoint[] = [];
  for (const r of rows) {
    if (r.latitude !== null && r.longitude !== null) points.push(r as AreaPoint);
    else missing.push({ ref: r.ref, slug: r.slug, name: r.name, municipality: r.municipality, country: r.country });
  }
  return { points, missing };
}
