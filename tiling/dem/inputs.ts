/**
 * What every DEM-based stage (tiles3d, terrain, buildings) checks of its DEM and geoid inputs before
 * any work, and the geoid spec its handlers receive as JSON: the DEM headers (one CRS), the geoid
 * grid or the documented regional constant (with its warning).
 */
import { stat } from 'node:fs/promises';
import { DataError } from '../core';
import type { GeoidModel } from './geoid';
import { constantGeoid, gridGeoid, HDF_GEOID_UNDULATION_METRES } from './geoid';
import type { DemHeader } from './raster';
import { readDemHeader, readGeoidGrid } from './read';

/** How heights become ellipsoidal: a geoid grid file, or a constant undulation (metres). JSON. */
export type GeoidSpec = { grid: string } | { constantMetres: number };

/** The geoid model a spec names. @throws DataError when the grid cannot be read. */
export async function loadGeoid(spec: GeoidSpec): Promise<GeoidModel> {
  return 'grid' in spec ? gridGeoid(await readGeoidGrid(spec.grid)) : constantGeoid(spec.constantMetres);
}

/** A spec in a report: "grid <file>" or "constant 45 m". */
export function describeGeoidSpec(spec: GeoidSpec): string {
  return 'grid' in spec ? `grid ${spec.grid}` : `constant ${spec.constantMetres} m`;
}

/**
 * The geoid spec of a `--geoid` value (null: the regional constant, with a warning). `name` is the
 * product's, `example` the grid named in the error.
 * @throws DataError when the grid file does not exist.
 */
export async function resolveGeoidSpec(
  name: string,
  geoidGrid: string | null,
  example = 'e.g. fr_ign_RAF20.tif',
): Promise<{ geoid: GeoidSpec; warnings: string[] }> {
  if (geoidGrid) {
    try {
      await stat(geoidGrid);
    } catch {
      throw new DataError(
        `${name}: geoid grid "${geoidGrid}" does not exist; expected a GeoTIFF of undulations (${example}).`,
      );
    }
    return { geoid: { grid: geoidGrid }, warnings: [] };
  }
  return {
    geoid: { constantMetres: HDF_GEOID_UNDULATION_METRES },
    warnings: [
      `${name}: no --geoid grid: ellipsoidal heights use a constant geoid undulation of ${HDF_GEOID_UNDULATION_METRES} m (Hauts-de-France); expect a vertical error up to about 1.5 m. Pass --geoid <RAF20 GeoTIFF> for exact heights.`,
    ],
  };
}

/**
 * Reads every DEM header; all must share one CRS (`hint` ends that message, e.g. how to reproject).
 * @throws DataError listing every bad file.
 */
export async function readDemHeadersOneCrs(
  name: string,
  files: readonly string[],
  hint = '',
): Promise<DemHeader[]> {
  const headers: DemHeader[] = [];
  const problems: string[] = [];
  for (const f of files) {
    try {
      headers.push(await readDemHeader(f));
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  const first = headers[0];
  for (const h of headers)
    if (first && h.epsg !== first.epsg)
      problems.push(
        `${name}: DEM "${h.id}" is in EPSG:${h.epsg}, "${first.id}" in EPSG:${first.epsg}; expected one CRS${hint}.`,
      );
  if (problems.length > 0) throw new DataError(`${name}: the DEM cannot be used.`, problems);
  return headers;
}
