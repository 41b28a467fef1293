/**
 * Commune and EPCI boundaries of the territory lens, generated at build time by
 * scripts/build-territory-shapes.mjs from ../shared/data/admin-epci-derived (IGN ADMIN EXPRESS
 * COG): one file per département, `/generated/territory-shapes/<dep>.json`, rings quantized to
 * 1e-4 degree and delta-encoded (about 260 kB, 90 kB gzip each). Pure decoding.
 */

/** Where the viewer fetches a département's shapes. */
export const territoryShapesUrl = (dep: string) => `/generated/territory-shapes/${dep}.json`;

/** A polygon: rings of [lon, lat] degrees, the outer ring first, then holes. */
export type LonLatPolygon = [number, number][][];

/** The file as written. */
export interface TerritoryShapesFile {
  readonly version: 1;
  readonly dep: string;
  /** INSEE code -> polygons, each a list of encoded rings. */
  readonly communes: Readonly<Record<string, number[][][]>>;
  /** SIREN -> polygons. */
  readonly epci: Readonly<Record<string, number[][][]>>;
}

/** Decodes one ring: first pair absolute, then deltas, in 1e-4 degree. */
export function decodeRing(flat: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  let x = 0;
  let y = 0;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    x += flat[i] as number;
    y += flat[i + 1] as number;
    out.push([x / 1e4, y / 1e4]);
  }
  return out;
}

/** Decodes the polygons of one territory. */
export function decodePolygons(encoded: readonly (readonly (readonly number[])[])[]): LonLatPolygon[] {
  return encoded.map((rings) => rings.map(decodeRing));
}

/**
 * Checks a parsed shapes file.
 * @throws Error naming the file when it is not a shapes file of version 1
 */
export function readTerritoryShapes(json: unknown, where: string): TerritoryShapesFile {
  const f = json as Partial<TerritoryShapesFile> | null;
  if (f?.version !== 1 || typeof f.communes !== 'object' || typeof f.epci !== 'object')
    throw new Error(`territory shapes: ${where} is not {"version": 1, "communes": {...}, "epci": {...}}`);
  return f as TerritoryShapesFile;
}
