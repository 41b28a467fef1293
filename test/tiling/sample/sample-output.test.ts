/**
 * The sample written to disk (400 m, 2 x 2 dalles per vintage) checked from the outside: GDAL
 * opens the GeoTIFFs with the georeferencing their names say, the OCS2D layers are a partition
 * with real codes, 2024 differs from 2021 only where parcels changed, detections sit on those
 * changes, and the painted pixels agree with the polygons.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demTileValues, generateScene, type SampleManifest, writeSample } from '../../../tiling/sample';
import {
  bbox,
  distanceToBoundary,
  gdal,
  gdalinfo,
  type PolygonFeature,
  pointIndex,
  polygonArea,
  readFeatures,
  readTable,
  SHARED_DATA,
} from './helpers';

const SIZE = 400;
const SEED = 11;
let dir = '';
let manifest: SampleManifest;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sample-output-'));
  const result = await writeSample({ outDir: dir, sizeMetres: SIZE, seed: SEED });
  manifest = result.manifest;
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** x_min and y_max in metres from an IGN dalle name (xmin/100 and ymax/100 in the name). */
function originFromDalleName(name: string): [number, number] {
  const m = /^(\d{4})-(\d{5})-(\d{5})-LA93-0M05-RVB\.tif$/.exec(name);
  if (!m) throw new Error(`not an IGN PCRS dalle name: ${name}`);
  return [Number(m[2]) * 100, Number(m[3]) * 100];
}

describe('GeoTIFFs', () => {
  it('every dalle opens in GDAL as a 5 cm, 4000 px, 3-band Byte, tiled YCbCr JPEG Lambert-93 GeoTIFF placed where its name says', () => {
    expect(manifest.files.ortho).toHaveLength(2 * (SIZE / 200) ** 2);
    for (const rel of manifest.files.ortho) {
      const info = gdalinfo(join(dir, rel));
      const name = rel.split('/').pop() ?? '';
      const [x, y] = originFromDalleName(name);
      expect(info.stac?.['proj:epsg'], rel).toBe(2154);
      expect(info.coordinateSystem.wkt).toContain('ID["EPSG",2154]');
      expect(info.size).toEqual([4000, 4000]);
      expect(info.geoTransform).toEqual([x, 0.05, 0, y, 0, -0.05]);
      expect(info.metadata.IMAGE_STRUCTURE?.COMPRESSION).toBe('YCbCr JPEG');
      expect(info.bands.map((b) => b.type)).toEqual(['Byte', 'Byte', 'Byte']);
      expect(info.bands.map((b) => b.colorInterpretation)).toEqual(['Red', 'Green', 'Blue']);
      for (const b of info.bands) expect(b.block).toEqual([256, 256]);
      expect(rel.startsWith(`ortho/${name.slice(0, 4)}/`)).toBe(true);
    }
  });

  it('the DEM opens in GDAL as 1 m Float32 with nodata, placed as its RGE ALTI name says, and holds the model altitudes', () => {
    expect(manifest.files.dem).toEqual(['dem/RGEALTI_0708_7058_MNT_LAMB93_IGN69.tif']);
    const path = join(dir, manifest.files.dem[0] ?? '');
    const info = gdalinfo(path);
    expect(info.stac?.['proj:epsg']).toBe(2154);
    expect(info.size).toEqual([1000, 1000]);
    expect(info.geoTransform).toEqual([708000, 1, 0, 7058000, 0, -1]);
    expect(info.bands[0]?.type).toBe('Float32');
    expect(info.bands[0]?.noDataValue).toBe(-99999);
    // Values as GDAL decodes them (Deflate + floating-point predictor) equal the model's.
    const scene = generateScene(SEED, SIZE);
    const expected = demTileValues(0, SIZE, scene.canal, SEED);
    for (const [px, py] of [
      [0, 0],
      [10, 10],
      [255, 256],
      [399, 399],
      [999, 999],
      [512, 17],
    ] as const) {
      const v = Number(gdal('gdallocationinfo', ['-valonly', path, String(px), String(py)]).trim());
      expect(v).toBeCloseTo(expected[py * 1000 + px] ?? Number.NaN, 4);
      expect(v).toBeGreaterThan(15);
      expect(v).toBeLessThan(50);
    }
  });

  it('sample.json lists every file with the extent in Lambert-93 and WGS84', () => {
    expect(manifest.vintages).toEqual([2021, 2024]);
    expect(manifest.extent.lambert93).toEqual([708000, 7058000 - SIZE, 708000 + SIZE, 7058000]);
    const [w, s, e, n] = manifest.extent.wgs84;
    // Villeneuve-d'Ascq fringe, east of Lille.
    expect(w).toBeGreaterThan(3.1);
    expect(e).toBeLessThan(3.13);
    expect(s).toBeGreaterThan(50.6);
    expect(n).toBeLessThan(50.63);
    const onDisk = JSON.parse(readFileSync(join(dir, 'sample.json'), 'utf8')) as SampleManifest;
    expect(onDisk).toEqual(manifest);
    for (const list of Object.values(manifest.files))
      for (const rel of list) expect(() => readFileSync(join(dir, rel))).not.toThrow();
  });
});

describe('OCS2D', () => {
  const layer = (year: number): PolygonFeature[] =>
    readFeatures(join(dir, `ocs2d/ocs2d-${year}.geojson`)).features;

  it('each vintage partitions the area: areas add up and every probe point lies in exactly one polygon', () => {
    for (const year of [2021, 2024]) {
      const file = readFeatures(join(dir, `ocs2d/ocs2d-${year}.geojson`));
      expect(file.crs).toEqual({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } });
      const features = file.features;
      const total = features.reduce((s, f) => s + polygonArea(f.geometry.coordinates), 0);
      expect(Math.abs(total - SIZE * SIZE) / (SIZE * SIZE)).toBeLessThan(0.001);
      for (const f of features) {
        expect(f.properties.millesime).toBe(year);
        expect(Number(f.properties.area_m2)).toBeCloseTo(polygonArea(f.geometry.coordinates), 1);
      }
      const at = pointIndex(features);
      let probes = 0;
      for (let y = 7058000 - SIZE + 0.73; y < 7058000; y += 3.1)
        for (let x = 708000 + 0.41; x < 708000 + SIZE; x += 3.1) {
          const hits = at(x, y);
          expect(hits.length, `${year} at ${x.toFixed(2)} ${y.toFixed(2)}`).toBe(1);
          probes++;
        }
      expect(probes).toBeGreaterThan(15000);
    }
  });

  it('every (cs, us) pair is a real OCS2D code pair with a plain ENAF class', () => {
    const cs = new Set(
      readTable(join(SHARED_DATA, 'ocs2d-geo2france/nomenclature/nomenclature_ocs2d_cs2021.csv'), ';').map(
        (r) => r.CODECS3,
      ),
    );
    const us = new Set(
      readTable(join(SHARED_DATA, 'ocs2d-geo2france/nomenclature/nomenclature_ocs2d_us2021.csv'), ';').map(
        (r) => r.CODEUS3,
      ),
    );
    const enaf = new Map(
      readTable(join(SHARED_DATA, 'ocs2d-derived/cs_us_to_enaf.csv'), ',').map((r) => [
        `${r.cs}/${r.us}`,
        r.enaf_code ?? '',
      ]),
    );
    expect(cs.size).toBe(33);
    expect(us.size).toBe(53);
    const pairs = new Set<string>();
    for (const year of [2021, 2024])
      for (const f of layer(year)) {
        const c = String(f.properties.cs);
        const u = String(f.properties.us);
        expect(cs.has(c), c).toBe(true);
        expect(us.has(u), u).toBe(true);
        expect(enaf.get(`${c}/${u}`), `${c}/${u}`).toMatch(/^(A|F|N|Uh|Ue|Ui|Ua)$/);
        pairs.add(`${c}/${u}`);
      }
    // A peri-urban mix: housing, roads, water, arable land, a wood.
    for (const p of [
      'CS1.1.1/US5.2.2',
      'CS1.1.2/US4.1.2',
      'CS3.1.2/US4.4.0',
      'CS6.3.0/US1.1.3',
      'CS4.1.2/US1.2.4',
    ])
      expect(pairs.has(p), p).toBe(true);
  });

  it('2024 keeps every polygon of 2021 except farmland parcels replaced by housing, car parks or earthworks', () => {
    const before = new Map(layer(2021).map((f) => [String(f.properties.id), f]));
    const after = layer(2024);
    const afterIds = new Set(after.map((f) => String(f.properties.id)));
    for (const f of after) {
      const id = String(f.properties.id);
      const old = before.get(id);
      if (!old) continue;
      expect(f.geometry).toEqual(old.geometry);
      expect([f.properties.cs, f.properties.us]).toEqual([old.properties.cs, old.properties.us]);
    }
    const removed = [...before.values()].filter((f) => !afterIds.has(String(f.properties.id)));
    expect(removed.length).toBeGreaterThanOrEqual(3);
    for (const f of removed)
      expect(['CS6.3.0/US1.1.3', 'CS6.1.1/US1.1.1']).toContain(`${f.properties.cs}/${f.properties.us}`);
    const added = after.filter((f) => !before.has(String(f.properties.id)));
    for (const parent of removed) {
      const pid = String(parent.properties.id);
      const children = added.filter((f) => String(f.properties.id).startsWith(`${pid}-`));
      expect(children.length, pid).toBeGreaterThan(0);
      const area = children.reduce((s, f) => s + polygonArea(f.geometry.coordinates), 0);
      expect(area).toBeCloseTo(polygonArea(parent.geometry.coordinates), 0);
    }
    expect(
      added.every((f) => removed.some((p) => String(f.properties.id).startsWith(`${p.properties.id}-`))),
    ).toBe(true);
    const kinds = new Set(added.map((f) => `${f.properties.cs}/${f.properties.us}`));
    expect(kinds.has('CS1.1.1/US5.2.2')).toBe(true);
    expect(kinds.has('CS1.1.2/US3.1.4')).toBe(true);
    expect(kinds.has('CS1.2.1/US6.1.1')).toBe(true);
  });

  it('change detections lie on parcels that changed into the detected kind; false alarms have low confidence', () => {
    const file = readFeatures(join(dir, 'changes/changes-2021-2024.geojson'));
    expect(file.crs).toEqual({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } });
    const after = layer(2024);
    const at = pointIndex(after);
    const isNew = (f: PolygonFeature): boolean => String(f.properties.id).includes('-');
    const rightKind: Record<string, (f: PolygonFeature) => boolean> = {
      vers_bati: (f) => f.properties.cs === 'CS1.1.1',
      vers_impermeable: (f) => f.properties.cs === 'CS1.1.2' && f.properties.us !== 'US4.1.2',
      vers_terrassement: (f) => f.properties.cs === 'CS1.2.1' && f.properties.us === 'US6.1.1',
    };
    const labels: Record<string, string> = {
      vers_bati: 'vers bâti',
      vers_impermeable: 'vers imperméable',
      vers_terrassement: 'vers terrassement',
    };
    const confident = new Set<string>();
    let falseAlarms = 0;
    for (const d of file.features) {
      const p = d.properties;
      const code = String(p.class_code);
      expect(p.class).toBe(labels[code]);
      expect(p.date_before).toBe('2021-05-12');
      expect(p.date_after).toBe('2024-06-06');
      expect(typeof p.model_version).toBe('string');
      expect(Number(p.area_ha)).toBeCloseTo(polygonArea(d.geometry.coordinates) / 10000, 3);
      const conf = Number(p.confidence);
      expect(conf).toBeGreaterThan(0);
      expect(conf).toBeLessThanOrEqual(1);
      // Probe points inside the detection.
      const [x0, y0, x1, y1] = bbox(d.geometry.coordinates);
      let inside = 0;
      let onChanged = 0;
      let onKind = 0;
      for (let y = y0 + 1.3; y < y1; y += 2.5)
        for (let x = x0 + 1.1; x < x1; x += 2.5) {
          if (!pointIndex([d])(x, y).length) continue;
          inside++;
          const hit = at(x, y)[0];
          if (hit && isNew(hit)) {
            onChanged++;
            if (rightKind[code]?.(hit)) onKind++;
          }
        }
      expect(inside).toBeGreaterThan(10);
      if (conf >= 0.5) {
        confident.add(code);
        expect(onChanged / inside, `${p.id} on changed parcels`).toBeGreaterThan(0.6);
        expect(onKind, `${p.id} on ${code} polygons`).toBeGreaterThan(0);
      } else {
        falseAlarms++;
        expect(onChanged).toBe(0);
      }
    }
    expect([...confident].sort()).toEqual(['vers_bati', 'vers_impermeable', 'vers_terrassement']);
    expect(falseAlarms).toBeGreaterThanOrEqual(1);
  });
});

describe('painting', () => {
  type Rgb = [number, number, number];

  /** Median colours of dalle pixels well inside polygons, grouped by `classOf` (null: skip). */
  async function coloursByClass(
    year: number,
    classOf: (f: PolygonFeature) => string | null,
    margin: (cls: string) => number,
  ): Promise<Map<string, Rgb[]>> {
    const features = readFeatures(join(dir, `ocs2d/ocs2d-${year}.geojson`)).features;
    const out = new Map<string, Rgb[]>();
    for (const rel of manifest.files.ortho.filter((f) => f.startsWith(`ortho/${year}/`))) {
      const [dx, dy] = originFromDalleName(rel.split('/').pop() ?? '');
      const { data } = await sharp(join(dir, rel)).raw().toBuffer({ resolveWithObject: true });
      for (const f of features) {
        const cls = classOf(f);
        if (!cls) continue;
        const [x0, y0, x1, y1] = bbox(f.geometry.coordinates);
        if (x1 < dx || x0 > dx + 200 || y1 < dy - 200 || y0 > dy) continue;
        const list = out.get(cls) ?? [];
        out.set(cls, list);
        for (let y = Math.max(y0, dy - 200) + 0.26; y < Math.min(y1, dy); y += 0.9)
          for (let x = Math.max(x0, dx) + 0.31; x < Math.min(x1, dx + 200); x += 0.9) {
            if (
              !pointIndex([f])(x, y).length ||
              distanceToBoundary(f.geometry.coordinates, x, y) < margin(cls)
            )
              continue;
            const o = (Math.floor((dy - y) / 0.05) * 4000 + Math.floor((x - dx) / 0.05)) * 3;
            list.push([data[o] ?? 0, data[o + 1] ?? 0, data[o + 2] ?? 0]);
          }
      }
    }
    return out;
  }

  const median = (values: number[]): number =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  const medianRgb = (list: Rgb[]): Rgb => [
    median(list.map((c) => c[0])),
    median(list.map((c) => c[1])),
    median(list.map((c) => c[2])),
  ];

  it('water is bluish, grass is green, roads are grey and roofs are not green in the decoded dalles', async () => {
    const classes = await coloursByClass(
      2021,
      (f) => {
        const { cs, us } = f.properties;
        if (cs === 'CS3.1.1' || cs === 'CS3.1.2') return 'water';
        if (cs === 'CS1.1.1' && String(us).startsWith('US5')) return 'roof';
        if (cs === 'CS1.1.2' && String(us).startsWith('US4.1')) return 'road';
        if (cs === 'CS6.6.0' && String(us).startsWith('US5')) return 'garden';
        return null;
      },
      (cls) => (cls === 'water' ? 4 : cls === 'roof' ? 0.8 : 1.5),
    );
    const water = medianRgb(classes.get('water') ?? []);
    const roof = medianRgb(classes.get('roof') ?? []);
    const road = medianRgb(classes.get('road') ?? []);
    const garden = medianRgb(classes.get('garden') ?? []);
    for (const [cls, list] of classes) expect(list.length, cls).toBeGreaterThan(500);
    expect(water[2], `water ${water}`).toBeGreaterThan(water[0] + 15);
    expect(garden[1], `garden ${garden}`).toBeGreaterThan(garden[0] + 10);
    expect(garden[1], `garden ${garden}`).toBeGreaterThan(garden[2] + 20);
    expect(Math.max(...road) - Math.min(...road), `road ${road}`).toBeLessThan(20);
    expect(roof[1], `roof ${roof}`).toBeLessThan(Math.max(roof[0], roof[2]));
    // Per roof: tiles are red-brown, slates blue-grey; neither is green.
    const dist = (a: Rgb, b: Rgb): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    expect(dist(water, garden)).toBeGreaterThan(30);
    expect(dist(road, garden)).toBeGreaterThan(30);
    expect(dist(roof, garden)).toBeGreaterThan(30);
  });

  it('new buildings of 2024 show in the 2024 dalles, not in the 2021 ones', async () => {
    const after = readFeatures(join(dir, 'ocs2d/ocs2d-2024.geojson')).features;
    const newRoofIds = new Set(
      after
        .filter((f) => String(f.properties.id).includes('-') && f.properties.cs === 'CS1.1.1')
        .map((f) => String(f.properties.id)),
    );
    expect(newRoofIds.size).toBeGreaterThan(2);
    // Pixels inside the 2024 buildings, in both flights (the 2021 layer has a field there).
    const inNew = (f: PolygonFeature): string | null =>
      newRoofIds.has(String(f.properties.id)) ? 'new' : null;
    const readAt = async (year: number): Promise<Rgb[]> => {
      const files = manifest.files.ortho.filter((f) => f.startsWith(`ortho/${year}/`));
      const out: Rgb[] = [];
      for (const rel of files) {
        const [dx, dy] = originFromDalleName(rel.split('/').pop() ?? '');
        const { data } = await sharp(join(dir, rel)).raw().toBuffer({ resolveWithObject: true });
        for (const f of after) {
          if (!inNew(f)) continue;
          const [x0, y0, x1, y1] = bbox(f.geometry.coordinates);
          for (let y = y0 + 0.2; y < y1; y += 0.7)
            for (let x = x0 + 0.2; x < x1; x += 0.7) {
              if (x < dx || x >= dx + 200 || y <= dy - 200 || y > dy) continue;
              if (!pointIndex([f])(x, y).length || distanceToBoundary(f.geometry.coordinates, x, y) < 0.8)
                continue;
              const o = (Math.floor((dy - y) / 0.05) * 4000 + Math.floor((x - dx) / 0.05)) * 3;
              out.push([data[o] ?? 0, data[o + 1] ?? 0, data[o + 2] ?? 0]);
            }
        }
      }
      return out;
    };
    const before = await readAt(2021);
    const now = await readAt(2024);
    expect(now.length).toBe(before.length);
    expect(now.length).toBeGreaterThan(200);
    // Same places, very different colours: a roof in 2024 where 2021 had crops or soil.
    let changed = 0;
    now.forEach((c, i) => {
      const b = before[i] as Rgb;
      if (Math.hypot(c[0] - b[0], c[1] - b[1], c[2] - b[2]) > 40) changed++;
    });
    expect(changed / now.length).toBeGreaterThan(0.6);
  });
});
