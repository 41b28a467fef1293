/**
 * The territories the repository carries (data/territories/hdf-territories.topo.json.gz) and the
 * command that regenerates them (scripts/build-territories.mjs): the committed file is exactly
 * what `npm run territories` makes from the real boundaries (IGN ADMIN EXPRESS COG via
 * gregoiredavid/france-geojson, in ../shared/data: tests may read it), and the command reads the
 * formats it promises (GeoJSON WGS 84, GeoPackage in Lambert-93 through ogr2ogr, a paged WFS).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildTerritoriesTopology,
  readCommuneFile,
  readCommuneWfs,
  readTerritoriesText,
} from '../../scripts/build-territories.mjs';
import { readTerritories, TERRITORIES_PATH } from '../../scripts/build-territory-index.mjs';

const SOURCE = '../shared/data/admin-epci-derived/communes-hauts-de-france-cog-current.geojson';
const tmp = mkdtempSync(join(tmpdir(), 'hdf-territories-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const committed = readTerritories();
const committedText = readTerritoriesText(TERRITORIES_PATH);

describe('the committed territories file', () => {
  it('is exactly what `npm run territories` makes from the ADMIN EXPRESS communes', () => {
    const out = join(tmp, 'regenerated.topo.json.gz');
    const run = spawnSync(
      process.execPath,
      [
        'scripts/build-territories.mjs',
        '--communes',
        SOURCE,
        '--source',
        String(committed.metadata.geometry),
        '--out',
        out,
      ],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/3782 communes, 92 EPCI, 5 départements/);
    // Byte for byte once unzipped (gzip bytes may differ between zlib versions).
    expect(readTerritoriesText(out) === committedText).toBe(true);
  });

  it('stays under 1 MB on disk, with a tolerance of 5 m and a grid of about 2 m', () => {
    expect(statSync(TERRITORIES_PATH).size).toBeLessThan(1_000_000);
    expect(committed.metadata).toMatchObject({ toleranceMetres: 5, quantization: 100_000 });
    const [sx, sy] = committed.transform.scale;
    expect(sx * 111_320 * Math.cos((50.3 * Math.PI) / 180)).toBeLessThan(2.1);
    expect(sy * 110_950).toBeLessThan(2.6);
  });

  it('holds the région, 5 départements, 92 EPCI and 3,782 communes with names, codes and membership', () => {
    const o = committed.objects;
    expect(o.region.geometries.map((g) => [g.id, g.properties.nom])).toEqual([['32', 'Hauts-de-France']]);
    expect(
      o.departements.geometries.map((g) => `${g.id} ${g.properties.nom} ${g.properties.communes}`),
    ).toEqual(['02 Aisne 797', '59 Nord 647', '60 Oise 680', '62 Pas-de-Calais 887', '80 Somme 771']);
    expect(o.epci.geometries).toHaveLength(92);
    expect(o.communes.geometries).toHaveLength(3782);
    const vda = o.communes.geometries.find((g) => g.id === '59009');
    expect(vda?.properties).toMatchObject({ nom: "Villeneuve-d'Ascq", dep: '59', epci: '200093201' });
    expect(vda?.properties.siren).toMatch(/^\d{9}$/);
    expect(Number(vda?.properties.population)).toBeGreaterThan(50_000);
    const mel = o.epci.geometries.find((g) => g.id === '200093201');
    expect(mel?.properties).toMatchObject({
      nom: 'Métropole Européenne de Lille',
      type: 'METRO',
      communes: 95,
    });
    // Every commune in exactly one EPCI of the file, and in the département of its code.
    const epci = new Set(o.epci.geometries.map((g) => g.id));
    expect(o.communes.geometries.filter((g) => !epci.has(String(g.properties.epci)))).toEqual([]);
    expect(o.communes.geometries.filter((g) => !g.id.startsWith(String(g.properties.dep)))).toEqual([]);
    const members = o.epci.geometries.reduce((n, g) => n + Number(g.properties.communes), 0);
    expect(members).toBe(3782);
    // Every geometry is polygonal (no commune lost to the simplification).
    for (const k of ['region', 'departements', 'epci', 'communes'] as const)
      expect(o[k].geometries.filter((g) => g.type !== 'Polygon' && g.type !== 'MultiPolygon')).toEqual([]);
  });
});

describe('npm run territories', () => {
  it('reads a GeoPackage in Lambert-93 (as ADMIN EXPRESS ships) and gives the same communes', () => {
    const gpkg = join(tmp, 'communes-l93.gpkg');
    execFileSync('ogr2ogr', ['-f', 'GPKG', '-t_srs', 'EPSG:2154', '-nln', 'commune', gpkg, SOURCE]);
    const { topology } = buildTerritoriesTopology(readCommuneFile(gpkg, 'commune'));
    expect(topology.objects.communes.geometries.map((g) => g.id)).toEqual(
      committed.objects.communes.geometries.map((g) => g.id),
    );
    for (let i = 0; i < 4; i++) expect(topology.bbox[i]).toBeCloseTo(committed.bbox[i] as number, 4);
  });

  it('reads a paged WFS (GetFeature, outputFormat application/json), latitude first or not', async () => {
    const all = JSON.parse(readFileSync(SOURCE, 'utf8')).features as {
      geometry: { coordinates: unknown };
    }[];
    const swap = (c: unknown): unknown =>
      Array.isArray(c) && typeof c[0] === 'number' ? [c[1], c[0]] : (c as unknown[]).map(swap);
    const asked: string[] = [];
    const server = createServer((req, res) => {
      const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
      asked.push(`${q.get('request')} ${q.get('typeNames')} ${q.get('outputFormat')} ${q.get('startIndex')}`);
      const start = Number(q.get('startIndex'));
      const page = all.slice(start, start + Number(q.get('count')));
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          type: 'FeatureCollection',
          // The second half of the pages latitude first, as some servers answer EPSG:4326.
          features: page.map((f) =>
            start >= 2000
              ? { ...f, geometry: { ...f.geometry, coordinates: swap(f.geometry.coordinates) } }
              : f,
          ),
        }),
      );
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const { port } = server.address() as AddressInfo;
      const features = await readCommuneWfs(`http://127.0.0.1:${port}/geoserver/spld/ows`, 'spld:communes');
      expect(asked[0]).toBe('GetFeature spld:communes application/json 0');
      expect(asked).toHaveLength(4);
      expect(features).toHaveLength(3782);
      const { topology } = buildTerritoriesTopology(features);
      expect(topology.arcs).toEqual(committed.arcs);
    } finally {
      server.close();
    }
    await expect(readCommuneWfs('http://127.0.0.1:9/ows', 'spld:communes')).rejects.toThrow(
      /the WFS http:\/\/127.0.0.1:9\/ows \(spld:communes\) did not answer page 1/,
    );
  });

  it('names the communes missing from an incomplete input, and stops', () => {
    const few = readCommuneFile(SOURCE).slice(0, 2);
    expect(() => buildTerritoriesTopology(few)).toThrow(
      /3780 commune\(s\) of the COG 2026 have no boundary in the input \(02003, 02004, .*\): give ADMIN EXPRESS COG communes/,
    );
    const run = spawnSync(
      process.execPath,
      ['scripts/build-territories.mjs', '--communes', join(tmp, 'none.shp')],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(`territories: ${join(tmp, 'none.shp')} not found`);
  });
});
