/**
 * Inputs of `tiling stats` (I/O edge): OCS2D vintages, commune boundaries and detected changes,
 * read through `tiling vector`'s reader (GeoJSON directly; GeoPackage, FlatGeobuf... through GDAL)
 * into Lambert-93 polygons. Field names are found by usual names or given explicitly.
 */
import { basename } from 'node:path';
import { DataError } from '../core';
import { type InputFeature, readVectorFile } from '../source/vector-file';
import type { ChangeInput, CommuneInput } from './aggregate';
import type { OcsFeature } from './classify';
import type { Polygons } from './geometry';

const NAME = 'tiling stats';

function polygonsOf(f: InputFeature, where: string): Polygons {
  const g = f.geometry;
  if (g?.type === 'Polygon') return [g.coordinates as number[][][]];
  if (g?.type === 'MultiPolygon') return g.coordinates as number[][][][];
  throw new DataError(
    `${NAME}: ${where} is a ${g?.type ?? 'feature without geometry'}; expected a Polygon or MultiPolygon.`,
  );
}

/** The first property name present in the features among `candidates` (case-insensitive). */
export function findField(features: readonly InputFeature[], candidates: readonly string[]): string | null {
  const first = features.find((f) => f.properties)?.properties ?? {};
  const keys = Object.keys(first);
  for (const c of candidates) {
    const k = keys.find((key) => key.toLowerCase() === c.toLowerCase());
    if (k) return k;
  }
  return null;
}

function need(
  field: string | null,
  what: string,
  file: string,
  candidates: readonly string[],
  flag: string,
): string {
  if (field) return field;
  throw new DataError(
    `${NAME}: no ${what} field in "${basename(file)}" (looked for ${candidates.join(', ')}); name it with ${flag}.`,
  );
}

/** One OCS2D vintage: cs/us fields found as cs, cs<yy> or cs<yyyy> unless given. */
export async function readOcs2d(
  file: string,
  year: number,
  fields: { cs?: string | undefined; us?: string | undefined } = {},
): Promise<OcsFeature[]> {
  const features = await readVectorFile(file);
  const yy = String(year).slice(2);
  const csNames = fields.cs ? [fields.cs] : ['cs', `cs${yy}`, `cs${year}`, `cs_${yy}`, 'code_cs'];
  const usNames = fields.us ? [fields.us] : ['us', `us${yy}`, `us${year}`, `us_${yy}`, 'code_us'];
  const cs = need(findField(features, csNames), 'land-cover (cs)', file, csNames, '--cs-field');
  const us = need(findField(features, usNames), 'land-use (us)', file, usNames, '--us-field');
  return features.map((f, k) => ({
    cs: String(f.properties?.[cs] ?? ''),
    us: String(f.properties?.[us] ?? ''),
    polygons: polygonsOf(f, `"${basename(file)}", feature ${k + 1}`),
  }));
}

/** Commune boundaries with their INSEE code, name, and EPCI / département when present. */
export async function readCommunes(
  file: string,
  fields: { code?: string | undefined; name?: string | undefined } = {},
): Promise<CommuneInput[]> {
  const features = await readVectorFile(file);
  const codeNames = fields.code ? [fields.code] : ['code', 'insee_com', 'code_insee', 'insee'];
  const nameNames = fields.name ? [fields.name] : ['nom', 'name', 'nom_com', 'libelle'];
  const code = need(findField(features, codeNames), 'commune code', file, codeNames, '--code-field');
  const name = need(findField(features, nameNames), 'commune name', file, nameNames, '--name-field');
  const epci = findField(features, ['siren_epci', 'epci', 'code_epci']);
  const dep = findField(features, ['dep', 'code_dep', 'insee_dep', 'departement']);
  return features.map((f, k) => {
    const p = f.properties ?? {};
    const text = (key: string | null) =>
      key && p[key] !== undefined && p[key] !== null ? String(p[key]) : null;
    return {
      code: String(p[code]),
      name: String(p[name]),
      epci: text(epci),
      dep: text(dep),
      polygons: polygonsOf(f, `"${basename(file)}", commune ${k + 1}`),
    };
  });
}

/** Detected changes: the class from class_code (or class). */
export async function readChanges(file: string): Promise<ChangeInput[]> {
  const features = await readVectorFile(file);
  return features.map((f, k) => ({
    classCode: String(f.properties?.class_code ?? f.properties?.class ?? 'inconnu'),
    polygons: polygonsOf(f, `"${basename(file)}", change ${k + 1}`),
  }));
}
