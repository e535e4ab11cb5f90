// The few d3-geo functions the map uses (the package ships no types of its own).
declare module 'd3-geo' {
  export interface GeoProjection {
    (point: [number, number]): [number, number] | null;
    fitExtent(extent: [[number, number], [number, number]], object: unknown): GeoProjection;
    clipExtent(extent: [[number, number], [number, number]]): GeoProjection;
    rotate(angles: [number, number] | [number, number, number]): GeoProjection;
    parallels(parallels: [number, number]): GeoProjection;
  }
  export function geoConicConformal(): GeoProjection;
  export function geoPath(projection: GeoProjection): (object: unknown) => string | null;
}
