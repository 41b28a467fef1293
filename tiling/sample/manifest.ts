/**
 * sample.json: what the sample contains and where. Written last, so its presence means the sample
 * is complete. No timestamps: the same seed gives the same bytes.
 */
import { lambert93ToWgs84 } from '../../format/crs';
import { DEM_NODATA } from './dem';
import { SAMPLE_GENERATOR_VERSION } from './options';
import { DALLE_METRES, DALLE_PIXELS, PIXEL_METRES } from './paint';
import { SAMPLE_VINTAGES } from './scene';

/** The WGS84 box [west, south, east, north] enclosing a Lambert-93 extent (edges sampled, since they curve). */
export function wgs84Box(e: {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let east = -Infinity;
  let n = -Infinity;
  const steps = 8;
  for (let i = 0; i <= steps; i++)
    for (const [x, y] of [
      [e.minX + ((e.maxX - e.minX) * i) / steps, e.minY],
      [e.minX + ((e.maxX - e.minX) * i) / steps, e.maxY],
      [e.minX, e.minY + ((e.maxY - e.minY) * i) / steps],
      [e.maxX, e.minY + ((e.maxY - e.minY) * i) / steps],
    ] as const) {
      const [lon, lat] = lambert93ToWgs84(x, y);
      w = Math.min(w, lon);
      east = Math.max(east, lon);
      s = Math.min(s, lat);
      n = Math.max(n, lat);
    }
  const r = (v: number): number => Math.round(v * 1e7) / 1e7;
  return [r(w), r(s), r(east), r(n)];
}

/** Contents of sample.json. */
export interface SampleManifest {
  generator: string;
  generatorVersion: string;
  seed: number;
  sizeMetres: number;
  crs: 'EPSG:2154';
  extent: { lambert93: [number, number, number, number]; wgs84: [number, number, number, number] };
  /** Years of the vintages (millésimes), oldest first. */
  vintages: number[];
  /** Flight date of each vintage (ISO 8601). */
  dates: Record<string, string>;
  ortho: {
    dalleMetres: number;
    pixelMetres: number;
    pixels: number;
    bands: 'RGB';
    compression: 'JPEG (YCbCr)';
    tile: number;
  };
  dem: { pixelMetres: number; verticalDatum: 'NGF-IGN69'; nodata: number; tileMetres: number };
  /** Relative paths per kind of file. */
  files: {
    ortho: string[];
    dem: string[];
    ocs2d: string[];
    changes: string[];
    /** BD TOPO-like building footprints per vintage (tiling buildings input). */
    buildings: string[];
    /** DSM (MNS) per vintage: DTM + buildings + noise, 1 m, like the DEM tiles. */
    dsm: string[];
  };
}

/** Builds the manifest. */
export function buildManifest(args: {
  seed: number;
  sizeMetres: number;
  extent: { minX: number; minY: number; maxX: number; maxY: number };
  files: SampleManifest['files'];
}): SampleManifest {
  const e = args.extent;
  return {
    generator: 'hdf-twin tiling sample',
    generatorVersion: SAMPLE_GENERATOR_VERSION,
    seed: args.seed,
    sizeMetres: args.sizeMetres,
    crs: 'EPSG:2154',
    extent: { lambert93: [e.minX, e.minY, e.maxX, e.maxY], wgs84: wgs84Box(e) },
    vintages: SAMPLE_VINTAGES.map((v) => v.year),
    dates: Object.fromEntries(SAMPLE_VINTAGES.map((v) => [String(v.year), v.date])),
    ortho: {
      dalleMetres: DALLE_METRES,
      pixelMetres: PIXEL_METRES,
      pixels: DALLE_PIXELS,
      bands: 'RGB',
      compression: 'JPEG (YCbCr)',
      tile: 256,
    },
    dem: { pixelMetres: 1, verticalDatum: 'NGF-IGN69', nodata: DEM_NODATA, tileMetres: 1000 },
    files: args.files,
  };
}
