/**
 * The boundaries of the territory lens: the TopoJSON the repository carries
 * (data/territories/hdf-territories.topo.json.gz: région, départements, EPCI and communes of
 * COG 2026, quantized to about 2 m, arcs shared), copied by the build to
 * `/generated/hdf-territories.topo.json.gz` (about 500 kB) and unzipped in the browser. Pure
 * decoding, apart from the gzip stream.
 */
import { feature, merge, type PolygonalGeometry, type TopoGeometry, type Topology } from 'topojson-client';

/** Where the viewer fetches the boundaries. */
export const TERRITORY_SHAPES_URL = '/generated/hdf-territories.topo.json.gz';

/** A polygon: rings of [lon, lat] degrees, the outer ring first, then holes. */
export type LonLatPolygon = [number, number][][];

/** The objects the file holds, each keyed by code (`id`): INSEE, SIREN, département, région. */
export const SHAPE_OBJECTS = ['region', 'departements', 'epci', 'communes'] as const;
export type ShapeObject = (typeof SHAPE_OBJECTS)[number];

/** The boundaries, indexed by code. */
export interface TerritoryShapes {
  readonly topology: Topology;
  readonly byCode: Readonly<Record<ShapeObject, ReadonlyMap<string, TopoGeometry>>>;
}

/**
 * Checks a parsed file and indexes its geometries.
 * @throws Error when it is not the territories TopoJSON
 */
export function readTerritoryShapes(json: unknown): TerritoryShapes {
  const t = json as Partial<Topology> | null;
  const objects = t?.objects;
  if (
    t?.type !== 'Topology' ||
    !Array.isArray(t.arcs) ||
    !objects ||
    !SHAPE_OBJECTS.every((k) => Array.isArray(objects[k]?.geometries))
  )
    throw new Error('not the territories TopoJSON (objects region, departements, epci, communes)');
  const index = (k: ShapeObject) =>
    new Map((objects[k]?.geometries ?? []).map((g) => [String(g.id), g] as const));
  return {
    topology: t as Topology,
    byCode: {
      region: index('region'),
      departements: index('departements'),
      epci: index('epci'),
      communes: index('communes'),
    },
  };
}

/** Bytes as fetched -> text: gunzipped when they are gzip (a server may have unzipped them already). */
export async function shapesText(bytes: ArrayBuffer): Promise<string> {
  const head = new Uint8Array(bytes, 0, Math.min(2, bytes.byteLength));
  if (head[0] !== 0x1f || head[1] !== 0x8b) return new TextDecoder().decode(bytes);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

function toPolygons(g: PolygonalGeometry | null | undefined): LonLatPolygon[] {
  if (!g) return [];
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as [number, number][][][];
  return polys.filter((p) => p.length > 0 && (p[0]?.length ?? 0) >= 4);
}

/** The polygons of one territory of the file (empty when the code is not there). */
export function polygonsOfCode(s: TerritoryShapes, object: ShapeObject, code: string): LonLatPolygon[] {
  const g = s.byCode[object].get(code);
  return g ? toPolygons(feature(s.topology, g).geometry) : [];
}

/** The union of communes (a SCoT perimeter): their arcs merged, inner boundaries gone. */
export function polygonsOfCommunes(s: TerritoryShapes, codes: readonly string[]): LonLatPolygon[] {
  const geoms = codes.map((c) => s.byCode.communes.get(c)).filter((g): g is TopoGeometry => !!g);
  return geoms.length > 0 ? toPolygons(merge(s.topology, geoms)) : [];
}
