// biome-ignore-all lint/style/noNonNullAssertion: typed-array loops; every index is in range by construction.
/**
 * BD TOPO-like building footprints and a DSM (MNS) of the sample, per vintage (pure): the
 * footprints are the painted roofs (the scene's polygons with a height), with BD TOPO `batiment`
 * field names; the DSM is the DTM plus each building's height over its footprint plus a little
 * noise (±0.15 m, like a LiDAR HD MNS on flat roofs). Trees are left out of the DSM. A building
 * keeps its `cleabs` in both vintages; the 2024 houses of the « vers bâti » changes appear only
 * in 2024, with a 2023 `date_d_apparition`.
 */
import { CRS_2154, type FeatureCollectionObject, type Lambert93Offset, polygonToL93 } from './geojson';
import { hash3, hashString } from './prng';
import { scanPolygon } from './rasterise';
import type { SceneVintage } from './scene';

/** Noise amplitude of the DSM (uniform ±), metres. */
export const DSM_NOISE_METRES = 0.15;

function usageOf(us: string): string {
  if (us.startsWith('US5')) return 'Résidentiel';
  if (us.startsWith('US2')) return 'Industriel';
  if (us.startsWith('US3')) return 'Commercial et services';
  return 'Indifférencié';
}

const RNB = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** BD TOPO-like identifiers of a scene polygon: cleabs (BATIMENT + 16 digits) and an RNB id. */
export function buildingIds(polygonId: string): { cleabs: string; rnb: string } {
  const a = hashString(`bati:${polygonId}`);
  const b = hash3(a, 7, 11);
  const digits = `${String(a).padStart(10, '0')}${String(b % 1_000_000).padStart(6, '0')}`;
  let rnb = '';
  let h = hash3(a, b, 13);
  for (let i = 0; i < 12; i++) {
    if (i % 6 === 0) h = hash3(h, i, 17);
    rnb += RNB[(h >>> ((i % 6) * 5)) & 31];
  }
  return { cleabs: `BATIMENT${digits}`, rnb };
}

/** The footprints of one vintage (Lambert-93, BD TOPO field names). `older`: ids of the earlier vintage. */
export function buildingsFeatureCollection(
  vintage: SceneVintage,
  offset: Lambert93Offset,
  older: ReadonlySet<string> | null,
): FeatureCollectionObject {
  const features: object[] = [];
  for (const p of vintage.polygons) {
    if (!(p.height > 0)) continue;
    const { coordinates } = polygonToL93(p.poly, offset);
    const { cleabs, rnb } = buildingIds(p.id);
    const isNew = older !== null && !older.has(p.id);
    const year = isNew ? 2023 : 1950 + (hashString(`year:${p.id}`) % 66);
    features.push({
      type: 'Feature',
      properties: {
        cleabs,
        nature: 'Indifférenciée',
        usage_1: usageOf(p.us),
        nombre_d_etages: Math.max(1, Math.round(p.height / 3)),
        hauteur: Math.round(p.height * 10) / 10,
        date_d_apparition: `${year}-01-01`,
        identifiants_rnb: rnb,
        ocs2d_id: p.id,
      },
      geometry: { type: 'Polygon', coordinates },
    });
  }
  return { type: 'FeatureCollection', name: `batiment-${vintage.year}`, crs: CRS_2154, features };
}

/**
 * DSM values of one 1 km DTM tile (1 m pixels, row-major from the north-west): the DTM plus the
 * height of the building over each pixel centre plus noise. `localX0`, `localYTop`: the tile's
 * corner in the local frame.
 */
export function dsmTileValues(
  dtm: Float32Array,
  size: number,
  localX0: number,
  localYTop: number,
  vintage: SceneVintage,
  seed: number,
): Float32Array {
  const out = new Float32Array(dtm);
  const grid = { x0: localX0, yTop: localYTop, pixel: 1, width: size, height: size };
  for (const p of vintage.polygons) {
    if (!(p.height > 0)) continue;
    scanPolygon([p.poly.outer, ...p.poly.holes], grid, (row, c0, c1) => {
      const base = row * size;
      for (let c = c0; c < c1; c++) out[base + c] = dtm[base + c]! + p.height;
    });
  }
  const s = (seed * 31 + vintage.year) | 0;
  for (let i = 0; i < out.length; i++) {
    const u = hash3(i, s, 0x0d5) / 4294967296;
    out[i] = Math.round((out[i]! + (u * 2 - 1) * DSM_NOISE_METRES) * 100) / 100;
  }
  return out;
}
