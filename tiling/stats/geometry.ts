/**
 * Planar geometry for the indicators, on JSTS (the JavaScript port of JTS, whose C++ port GEOS is
 * what PostGIS runs the official OCS2D scripts with): intersections, unions, buffers, distances
 * and interior points, in Lambert-93 metres. Plus a static R-tree (flatbush) over bounding boxes.
 */
import Flatbush from 'flatbush';
import InteriorPointArea from 'jsts/org/locationtech/jts/algorithm/InteriorPointArea.js';
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import GeoJSONReader from 'jsts/org/locationtech/jts/io/GeoJSONReader.js';
import BufferOp from 'jsts/org/locationtech/jts/operation/buffer/BufferOp.js';
import BufferParameters from 'jsts/org/locationtech/jts/operation/buffer/BufferParameters.js';
import DistanceOp from 'jsts/org/locationtech/jts/operation/distance/DistanceOp.js';
import OverlayOp from 'jsts/org/locationtech/jts/operation/overlay/OverlayOp.js';
import UnaryUnionOp from 'jsts/org/locationtech/jts/operation/union/UnaryUnionOp.js';
import IsValidOp from 'jsts/org/locationtech/jts/operation/valid/IsValidOp.js';

interface Envelope {
  intersects(other: Envelope): boolean;
  getMinX(): number;
  getMinY(): number;
  getMaxX(): number;
  getMaxY(): number;
}

/** The part of a JSTS geometry this module uses (JSTS's bundled types miss some of it). */
export interface Geometry {
  getArea(): number;
  getEnvelopeInternal(): Envelope;
  getNumGeometries(): number;
  getGeometryN(i: number): Geometry;
  getGeometryType(): string;
  isEmpty(): boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: the boundary with JSTS's incomplete typings
type Jsts = any;
const j = (g: Geometry): Jsts => g;

/** Lambert-93 polygons: a list of polygons, each a list of rings of [x, y]. */
export type Polygons = number[][][][];

const factory = new GeometryFactory();
const reader = new GeoJSONReader(factory);

/** A JSTS (Multi)Polygon from Lambert-93 polygons; invalid input is repaired (buffer 0). */
export function toGeometry(polygons: Polygons): Geometry {
  const g = (
    polygons.length === 1
      ? reader.read({ type: 'Polygon', coordinates: polygons[0] })
      : reader.read({ type: 'MultiPolygon', coordinates: polygons })
  ) as Geometry;
  return IsValidOp.isValid(j(g)) ? g : repair(g);
}

/** The zero-width buffer that repairs self-intersections (as ST_Buffer(g, 0)). */
export function repair(g: Geometry): Geometry {
  return BufferOp.bufferOp(j(g), 0) as Geometry;
}

/** Bounding box [minX, minY, maxX, maxY]. */
export function bboxOf(g: Geometry): [number, number, number, number] {
  const e = g.getEnvelopeInternal();
  return [e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY()];
}

/** Area of a ∩ b (0 when they do not meet); robust to slightly invalid input. */
export function intersectionArea(a: Geometry, b: Geometry): number {
  if (!a.getEnvelopeInternal().intersects(b.getEnvelopeInternal())) return 0;
  try {
    return (OverlayOp.intersection(j(a), j(b)) as Geometry).getArea();
  } catch {
    return (OverlayOp.intersection(j(repair(a)), j(repair(b))) as Geometry).getArea();
  }
}

/** a ∩ b, or null when empty. */
export function intersection(a: Geometry, b: Geometry): Geometry | null {
  if (!a.getEnvelopeInternal().intersects(b.getEnvelopeInternal())) return null;
  let g: Geometry;
  try {
    g = OverlayOp.intersection(j(a), j(b)) as Geometry;
  } catch {
    g = OverlayOp.intersection(j(repair(a)), j(repair(b))) as Geometry;
  }
  return g.isEmpty() || g.getArea() === 0 ? null : g;
}

/** Union of many geometries (cascaded). */
export function unionAll(geoms: readonly Geometry[]): Geometry {
  return UnaryUnionOp.union(factory.createGeometryCollection(geoms.map(j))) as Geometry;
}

/** Buffer with PostGIS's round (8 segments a quarter) or bevel joins. */
export function buffer(g: Geometry, distance: number, join: 'round' | 'bevel' = 'round'): Geometry {
  const p = new BufferParameters(
    8,
    BufferParameters.CAP_ROUND,
    join === 'round' ? BufferParameters.JOIN_ROUND : BufferParameters.JOIN_BEVEL,
    BufferParameters.DEFAULT_MITRE_LIMIT,
  );
  return BufferOp.bufferOp(j(g), distance, p) as Geometry;
}

/** The polygons of a geometry (its parts), each as its own geometry. */
export function parts(g: Geometry): Geometry[] {
  const out: Geometry[] = [];
  for (let i = 0; i < g.getNumGeometries(); i++) {
    const p = g.getGeometryN(i);
    if (p.getGeometryType() === 'Polygon' && !p.isEmpty()) out.push(p);
    else if (p.getNumGeometries() > 1 || p.getGeometryType() === 'MultiPolygon') out.push(...parts(p));
  }
  return out;
}

/** The polygon without its holes. */
export function fillHoles(polygon: Geometry): Geometry {
  const ring = j(polygon).getExteriorRing();
  return factory.createPolygon(factory.createLinearRing(ring.getCoordinates()), []) as Geometry;
}

/** Parts as one MultiPolygon. */
export function multi(polys: readonly Geometry[]): Geometry {
  return factory.createMultiPolygon(polys.map(j)) as Geometry;
}

/** ST_PointOnSurface: a point inside the polygon. */
export function interiorPoint(g: Geometry): Geometry {
  return factory.createPoint(InteriorPointArea.getInteriorPoint(j(g))) as Geometry;
}

/** ST_DWithin: the two geometries are at most `distance` apart. */
export function withinDistance(a: Geometry, b: Geometry, distance: number): boolean {
  return DistanceOp.isWithinDistance(j(a), j(b), distance);
}

/** A static R-tree over bounding boxes; `search` returns the indices whose box meets the query. */
export class BoxIndex {
  private readonly tree: Flatbush | null;
  constructor(boxes: readonly (readonly [number, number, number, number])[]) {
    if (boxes.length === 0) {
      this.tree = null;
      return;
    }
    const t = new Flatbush(boxes.length);
    for (const [a, b, c, d] of boxes) t.add(a, b, c, d);
    t.finish();
    this.tree = t;
  }
  search(box: readonly [number, number, number, number], margin = 0): number[] {
    if (!this.tree) return [];
    return this.tree.search(box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin);
  }
}
