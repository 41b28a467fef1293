/**
 * `tiling stats --ocs2d <year>=<file> ... --communes <file> --out <stats.json>`: the indicators
 * per commune (OCS2D surfaces per vintage, transitions, ENAF consumption, detected changes), in
 * planar Lambert-93 hectares, into one JSON file the viewer loads (see docs/stats.md).
 */
import { dirname, join } from 'node:path';
import { DataError } from '../../core';
import { computeStats, readChanges, readCommunes, readOcs2d } from '../../stats';
import { writeFileAtomic } from '../../write';
import type { Command } from '../command';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const statsCommand: Command = {
  name: 'stats',
  summary: 'computes the OCS2D / ENAF indicators per commune',
  usage: `Usage: tiling stats --ocs2d <year>=<file> [--ocs2d <year>=<file> ...] --communes <file> --out <stats.json> [options]

Computes, per commune, the OCS2D surfaces of each vintage (CS, US, 4 and 21 classes, ENAF, with
the spatial rules of geo2france/ocs2d), the transitions between every two vintages, the ENAF
consumption (NAF -> non-NAF by destination) and the detected changes, in Lambert-93 hectares.
Inputs: GeoJSON (EPSG:2154 or WGS84), or GeoPackage / FlatGeobuf / Shapefile through GDAL.

Options:
      --ocs2d <year>=<file>  an OCS2D vintage (repeatable)
      --communes <file>      commune boundaries (code/insee_com, nom/name; siren_epci, dep if present)
      --changes <file>       detected changes (class_code)
  -o, --out <file>           output JSON (e.g. twin/stats/stats.json)
      --cs-field <name>      land-cover field (default: cs, cs<yy>, cs<yyyy>)
      --us-field <name>      land-use field (default: us, us<yy>, us<yyyy>)
      --code-field <name>    commune code field
      --name-field <name>    commune name field
  -h, --help                 this help`,
  options: {
    ocs2d: { type: 'string', multiple: true },
    communes: { type: 'string' },
    changes: { type: 'string' },
    out: { type: 'string', short: 'o' },
    'cs-field': { type: 'string' },
    'us-field': { type: 'string' },
    'code-field': { type: 'string' },
    'name-field': { type: 'string' },
  },
  async run(values) {
    const problems: string[] = [];
    const vintages: { year: number; file: string }[] = [];
    for (const v of (values.ocs2d as string[] | undefined) ?? []) {
      const m = /^(\d{4})=(.+)$/.exec(v);
      if (m) vintages.push({ year: Number(m[1]), file: m[2] as string });
      else problems.push(`--ocs2d must be <year>=<file>, like 2021=ocs2d-2021.gpkg; got "${v}"`);
    }
    if (vintages.length === 0 && problems.length === 0)
      problems.push('give at least one --ocs2d <year>=<file>');
    if (new Set(vintages.map((v) => v.year)).size !== vintages.length)
      problems.push('each --ocs2d year must appear once');
    const communesFile = str(values.communes);
    if (!communesFile) problems.push('--communes <file> is required');
    const out = str(values.out);
    if (!out) problems.push('--out <file> is required');
    if (problems.length > 0) throw new DataError('tiling stats: invalid arguments', problems);

    const t0 = performance.now();
    const communes = await readCommunes(communesFile as string, {
      code: str(values['code-field']),
      name: str(values['name-field']),
    });
    const read = await Promise.all(
      vintages.map(async (v) => ({
        year: v.year,
        features: await readOcs2d(v.file, v.year, {
          cs: str(values['cs-field']),
          us: str(values['us-field']),
        }),
      })),
    );
    const changesFile = str(values.changes);
    const changes = changesFile ? await readChanges(changesFile) : [];
    const polygons = read.reduce((s, v) => s + v.features.length, 0);
    const stats = computeStats({ communes, vintages: read, changes });
    const text = `${JSON.stringify(stats)}\n`;
    await writeFileAtomic(out as string, text, join(dirname(out as string), '.tmp'));
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `stats: ${out}: ${Object.keys(stats.communes).length} commune(s) touched, vintages ${stats.vintages.join(', ')}, ${polygons} OCS2D polygons${changes.length ? `, ${changes.length} changes` : ''}, ${(text.length / 1024).toFixed(0)} KiB, ${seconds.toFixed(1)} s (${((seconds * 1000) / Math.max(1, polygons / 1000)).toFixed(0)} ms per 1,000 polygons)`,
    );
    return 0;
  },
};
