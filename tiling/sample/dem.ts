// biome-ignore-all lint/style/noNonNullAssertion: typed-array loops; every index is in range by construction.
/**
 * The sample's terrain model (MNT): 1 m pixels, NGF-IGN69 altitudes, tiled by kilometre like
 * IGN's RGE ALTI 1 m. Near Lille the ground lies at about 20-45 m; here a gentle valley follows
 * the canal, whose water surface is flat (as RGE ALTI flattens water), and low hills rise away
 * from it. Buildings and trees are not in a terrain model.
 */
import type { Canal } from './layout';
import { fractalNoise } from './noise';

/** GDAL_NODATA of the DEM files (RGE ALTI uses -99999). */
export const DEM_NODATA = -99999;
/** Side of one DEM file, metres (and pixels: 1 m pixels). */
export const DEM_TILE_METRES = 1000;

/** Canal water surface, metres NGF-IGN69. */
const WATER_LEVEL = 19.6;

function smoothstep(a: number, b: number, x: number): number {
  const t = x <= a ? 0 : x >= b ? 1 : (x - a) / (b - a);
  return t * t * (3 - 2 * t);
}

/** Altitude (m, NGF-IGN69) at a point of the local frame. */
export function altitude(x: number, y: number, canal: Canal, seed: number): number {
  const d = Math.abs(canal.nx * x + canal.ny * y - canal.c);
  const t = d - canal.waterHalfWidth;
  if (t <= 0) return WATER_LEVEL;
  const bank = 1.6 * smoothstep(0, 6, t);
  const valley = 13 * (1 - Math.exp(-((t / 260) ** 2)));
  const away = smoothstep(0, 90, t);
  const hills = fractalNoise(x, y, seed * 17 + 3, [
    [420, 3.5],
    [160, 1.4],
    [60, 0.35],
  ]);
  const micro = fractalNoise(x, y, seed * 17 + 4, [[6, 0.05]]);
  return WATER_LEVEL + bank + valley + (hills + 2.2) * away + micro;
}

/** One DEM file of the sample: its name and where it lies. */
export interface DemTile {
  /** RGE ALTI-like name, e.g. RGEALTI_0708_7058_MNT_LAMB93_IGN69.tif. */
  name: string;
  /** Lambert-93 x of its west edge and y of its north edge, metres. */
  xMin: number;
  yMax: number;
}

/**
 * The kilometre tiles covering an area whose north-west corner is (xMin, yMax) in Lambert-93, named
 * like RGE ALTI (`RGEALTI_{xmin km, 4 digits}_{ymax km, 4 digits}_MNT_LAMB93_IGN69`).
 */
export function demTiles(xMin: number, yMax: number, sizeMetres: number): DemTile[] {
  const tiles: DemTile[] = [];
  const x0 = Math.floor(xMin / DEM_TILE_METRES) * DEM_TILE_METRES;
  const y1 = Math.ceil(yMax / DEM_TILE_METRES) * DEM_TILE_METRES;
  for (let y = y1; y > yMax - sizeMetres; y -= DEM_TILE_METRES)
    for (let x = x0; x < xMin + sizeMetres; x += DEM_TILE_METRES) {
      const kx = String(x / 1000).padStart(4, '0');
      const ky = String(y / 1000).padStart(4, '0');
      tiles.push({ name: `RGEALTI_${kx}_${ky}_MNT_LAMB93_IGN69.tif`, xMin: x, yMax: y });
    }
  return tiles;
}

/**
 * Altitudes of one DEM tile, row-major from the north-west, sampled at pixel centres and rounded
 * to the centimetre like RGE ALTI. `localX0`, `localYTop`: the tile's corner in the local frame.
 */
export function demTileValues(localX0: number, localYTop: number, canal: Canal, seed: number): Float32Array {
  const n = DEM_TILE_METRES;
  const out = new Float32Array(n * n);
  for (let j = 0; j < n; j++) {
    const y = localYTop - j - 0.5;
    for (let i = 0; i < n; i++)
      out[j * n + i] = Math.round(altitude(localX0 + i + 0.5, y, canal, seed) * 100) / 100;
  }
  return out;
}
