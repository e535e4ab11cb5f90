// The map of the areas: Natural Earth country outlines (world-atlas, 1:50m) projected with
// d3-geo onto a frame around Norway, Sweden, Denmark and Scotland, one point per area
// with coordinates, and the table of the same areas beside it.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { GeoProjection } from 'd3-geo';
import type { Locale } from '../search/types.ts';
import type { Vocabulary } from '../domain/labels.ts';
import type { AreaPoint, AreaWithoutPoint } from '../domain/map.ts';
import { recordPath } from './records.ts';

export const MAP_WIDTH = 560;
export const MAP_HEIGHT = 700;

/** The frame: from west of Scotland to east of Finland's border, south Denmark to North Cape. */
const FRAME = {
  type: 'Feature',
  properties: {},
  geometry: {
    type: 'Polygon',
    coordinates: [[[-8, 54.4], [-8, 71.3], [31.5, 71.3], [31.5, 54.4], [-8, 54.4]]],
  },
};

type Position = [number, number];
interface Topology {
  transform?: { scale: Position; translate: Position };
  arcs: Position[][];
  objects: Record<string, { type: 'GeometryCollection'; geometries: TopoGeometry[] }>;
}
interface TopoGeometry {
  type: 'Polygon' | 'MultiPolygon' | null;
  id?: string;
  arcs?: number[][] | number[][][];
  properties?: { name?: string };
}

/** TopoJSON (quantised, delta-encoded arcs) to GeoJSON features. */
export function topologyFeatures(topology: Topology, object: string) {
  const { scale, translate } = topology.transform ?? { scale: [1, 1] as Position, translate: [0, 0] as Position };
  const arcs = topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * scale[0] + translate[0], y * scale[1] + translate[1]] as Position;
    });
  });
  const ring = (indexes: number[]) => {
    const points: Position[] = [];
    for (const i of indexes) {
      const arc = i < 0 ? [...arcs[~i]].reverse() : arcs[i];
      // Consecutive arcs share their end point.
      points.push(...(points.length ? arc.slice(1) : arc));
    }
    return points;
  };
  return topology.objects[object].geometries
    .filter((g) => g.type === 'Polygon' || g.type === 'MultiPolygon')
    .map((g) => ({
      type: 'Feature',
      id: g.id,
      properties: g.properties ?? {},
      geometry:
        g.type === 'Polygon'
          ? { type: 'Polygon', coordinates: (g.arcs as number[][]).map(ring) }
          : { type: 'MultiPolygon', coordinates: (g.arcs as number[][][]).map((polygon) => polygon.map(ring)) },
    }));
}

let base: { projection: GeoProjection; land: { id: string; d: string }[] } | null = null;

/**
 * The projection and the outlines, computed once (they never change). d3-geo and the
 * atlas are loaded on the first map request, not at start-up: most processes never draw it.
 */
async function mapBase() {
  if (base) return base;
  const { geoConicConformal, geoPath } = await import('d3-geo');
  const file = createRequire(import.meta.url).resolve('world-atlas/countries-50m.json');
  const topology = JSON.parse(fs.readFileSync(file, 'utf8')) as Topology;
  const projection = geoConicConformal()
    .rotate([-12, 0])
    .parallels([58, 68])
    .fitExtent([[10, 10], [MAP_WIDTH - 10, MAP_HEIGHT - 10]], FRAME)
    .clipExtent([[0, 0], [MAP_WIDTH, MAP_HEIGHT]]);
  const path = geoPath(projection);
  const land = topologyFeatures(topology, 'countries').flatMap((f) => {
    const d = path(f);
    return d ? [{ id: String(f.id ?? ''), d }] : [];
  });
  base = { projection, land };
  return base;
}

export const POINT_RADIUS = 5;
const round = (v: number) => Math.round(v * 10) / 10;

interface Mark {
  slug: string;
  name: string;
  href: string;
  x: number;
  y: number;
}

/**
 * Areas whose sources give the same point (several parts of one city located by the city's
 * coordinates) would hide each other, and only the top one could be clicked. They are set
 * side by side on a small ring around that point, each with a line to it; a point of its
 * own stays exactly where its coordinates put it.
 */
type Placed = Mark & { anchor: { x: number; y: number } | null };
export function spread(marks: Mark[]): Placed[] {
  const at = new Map<string, Mark[]>();
  for (const m of marks) {
    const key = `${m.x},${m.y}`;
    at.set(key, [...(at.get(key) ?? []), m]);
  }
  return [...at.values()].flatMap((group): Placed[] => {
    if (group.length === 1) return [{ ...group[0]!, anchor: null }];
    // Far enough apart that neighbouring circles on the ring do not overlap.
    const ring = Math.max(POINT_RADIUS + 1, (POINT_RADIUS + 0.5) / Math.sin(Math.PI / group.length));
    return group.map((m, i) => {
      const angle = (2 * Math.PI * i) / group.length - Math.PI / 2;
      return { ...m, x: round(m.x + ring * Math.cos(angle)), y: round(m.y + ring * Math.sin(angle)), anchor: { x: m.x, y: m.y } };
    });
  });
}

export async function presentMap(points: AreaPoint[], missing: AreaWithoutPoint[], vocab: Vocabulary, locale: Locale) {
  const { projection, land } = await mapBase();
  const country = (code: string) => vocab.country.get(code)?.[locale] ?? code;
  const projected = points.flatMap((p) => {
    const xy = projection([p.longitude, p.latitude]);
    if (!xy || xy[0] < 0 || xy[0] > MAP_WIDTH || xy[1] < 0 || xy[1] > MAP_HEIGHT) return [];
    return [{ slug: p.slug, name: p.name, href: recordPath('area', p.slug, locale), x: round(xy[0]), y: round(xy[1]) }];
  });
  return {
    width: MAP_WIDTH,
    height: MAP_HEIGHT,
    radius: POINT_RADIUS,
    land,
    points: spread(projected),
    table: points.map((p) => ({
      name: p.name,
      href: recordPath('area', p.slug, locale),
      municipality: p.municipality,
      country: country(p.country),
      latitude: p.latitude,
      longitude: p.longitude,
      note: p.note,
      source: p.sourceUrl ? { title: p.sourceTitle ?? p.sourceUrl, url: p.sourceUrl } : null,
    })),
    missing: missing.map((a) => ({ name: a.name, href: recordPath('area', a.slug, locale), municipality: a.municipality, country: country(a.country) })),
  };
}
