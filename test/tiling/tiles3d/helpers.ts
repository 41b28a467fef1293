/**
 * Builders and checkers for the 3D Tiles tests: synthetic DEM GeoTIFFs and imagery tiles, and the
 * official checks (3D Tiles 1.1 JSON Schemas with ajv, Khronos glTF validator, loaders.gl).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import { Tiles3DLoader } from '@loaders.gl/3d-tiles';
import { parse } from '@loaders.gl/core';
import Ajv2020 from 'ajv/dist/2020';
import validator from 'gltf-validator';
import sharp from 'sharp';
import type { TileAddress } from '../../../tiling/core';
import { encodeFloat32GeoTiff } from '../../../tiling/encode/geotiff';

/** The official 3D Tiles 1.1 schemas (draft 2020-12). */
export const SCHEMA_DIR = resolve('../shared/data/3d-tiles-schema');

/** Writes a Float32 DEM GeoTIFF (Lambert-93 by default) whose altitude at (x, y) metres is `f(x, y)`. */
export function writeDem(
  path: string,
  o: {
    originX: number;
    originY: number;
    width: number;
    height: number;
    pixel: number;
    nodata?: number;
    epsg?: number;
  },
  f: (x: number, y: number) => number,
): void {
  const values = new Float32Array(o.width * o.height);
  for (let j = 0; j < o.height; j++)
    for (let i = 0; i < o.width; i++)
      values[j * o.width + i] = f(o.originX + (i + 0.5) * o.pixel, o.originY - (j + 0.5) * o.pixel);
  const bytes = encodeFloat32GeoTiff(
    values,
    o.width,
    o.height,
    {
      epsg: o.epsg ?? 2154,
      originX: o.originX,
      originY: o.originY,
      pixelSizeX: o.pixel,
      pixelSizeY: o.pixel,
    },
    {
      tileSize: 64,
      compress: (b) => deflateSync(b),
      ...(o.nodata !== undefined ? { nodata: o.nodata } : {}),
    },
  );
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

/** Writes imagery tiles {z}/{x}/{y}.jpg (JPEG, or PNG bytes under .jpg when `png` says so). */
export async function writeImageryTiles(
  dir: string,
  tiles: readonly TileAddress[],
  png: (t: TileAddress) => boolean = () => false,
): Promise<void> {
  for (const t of tiles) {
    const folder = join(dir, String(t.z), String(t.x));
    mkdirSync(folder, { recursive: true });
    const img = sharp({
      create: {
        width: 256,
        height: 256,
        channels: 3,
        background: { r: (t.x * 37) % 255, g: (t.y * 53) % 255, b: t.z * 10 },
      },
    });
    const bytes = png(t) ? await img.png().toBuffer() : await img.jpeg({ quality: 80 }).toBuffer();
    writeFileSync(join(folder, `${t.y}.jpg`), bytes);
  }
}

let ajv: Ajv2020 | null = null;
/** ajv with every official schema, each known by its path under the schema folder. */
export function tilesetValidator(): (json: unknown) => string[] {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true });
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith('.schema.json')) {
          const schema = JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
          schema.$id = `https://schemas.3dtiles/${relative(SCHEMA_DIR, p).split('\\').join('/')}`;
          ajv?.addSchema(schema);
        }
      }
    };
    walk(SCHEMA_DIR);
  }
  const validate = ajv.getSchema('https://schemas.3dtiles/tileset.schema.json');
  if (!validate) throw new Error('tileset.schema.json not loaded');
  return (json) =>
    validate(json) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Khronos glTF validator issues of a GLB. */
export async function validateGlb(bytes: Uint8Array, uri: string) {
  const report = await validator.validateBytes(bytes, { uri, format: 'glb' });
  return report.issues as {
    numErrors: number;
    numWarnings: number;
    messages: { code: string; message: string; severity: number }[];
  };
}

/** Every tileset JSON reachable from tileset.json (relative path -> JSON), and every GLB they name. */
export function walkTilesets(dir: string): { jsons: Map<string, Record<string, unknown>>; glbs: string[] } {
  const jsons = new Map<string, Record<string, unknown>>();
  const glbs: string[] = [];
  const visitJson = (rel: string) => {
    const json = JSON.parse(readFileSync(join(dir, rel), 'utf8')) as Record<string, unknown>;
    jsons.set(rel, json);
    const base = dirname(rel);
    const visitTile = (t: Record<string, unknown>) => {
      const content = t.content as { uri?: string } | undefined;
      if (content?.uri) {
        const target = join(base, content.uri).split('\\').join('/');
        if (target.endsWith('.json')) visitJson(target);
        else glbs.push(target);
      }
      for (const c of (t.children as Record<string, unknown>[] | undefined) ?? []) visitTile(c);
    };
    visitTile(json.root as Record<string, unknown>);
  };
  visitJson('tileset.json');
  return { jsons, glbs };
}

/** loaders.gl's parse of a tileset JSON and of a GLB tile. */
export async function parseWithLoadersGl(path: string, isTileset = false): Promise<Record<string, unknown>> {
  return (await parse(readFileSync(path), Tiles3DLoader, {
    baseUri: path,
    '3d-tiles': { isTileset, loadGLTF: true },
    // Images would need @loaders.gl/polyfills under Node; the GLB structure is what is checked here.
    gltf: { loadImages: false },
  } as never)) as Record<string, unknown>;
}
