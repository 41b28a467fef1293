/**
 * `buildTilesets`: the records of the written 3D tiles -> tileset.json and its external tilesets (pure).
 *
 * The tree is the Web Mercator quadtree itself (one 3D tile per imagery tile). A Mercator tile is
 * a longitude/latitude rectangle, so its bounding volume is an exact `region`; heights come from the
 * meshes: the tile's own mesh for `content.boundingVolume`, its whole subtree for the tile's.
 * Every `externalZoomSpan` levels a tile goes to an external tileset `{z}/{x}/{y}.json` beside its
 * GLB, so no JSON holds more than 1 + 4 + 16 + 64 tiles (with the default 4).
 * Refinement is REPLACE: children draw instead of their parent, textures of one level at a time.
 */
import { tileToLonLatBounds } from '../../format/grid';
import type { MeshTileRecord } from './job';
import { geometricErrorMetres } from './options';

/** Options of `buildTilesets`. */
export interface BuildTilesetsOptions {
  minZoom: number;
  externalZoomSpan: number;
  screenSpaceError: number;
  latRadians: number;
  /** Written as asset.tilesetVersion (the plan's fingerprint: clients re-fetch when it changes). */
  tilesetVersion: string;
}

/** The JSON files to write (path relative to the 3D folder -> JSON value), and what was left out. */
export interface BuiltTilesets {
  files: Map<string, unknown>;
  /** Tiles in the tree. */
  tiles: number;
  /** Tiles whose parent has no 3D tile (no DEM there): left out with their subtree. */
  orphans: number;
}

interface Node {
  z: number;
  x: number;
  y: number;
  minH: number;
  maxH: number;
  subMin: number;
  subMax: number;
  children: Node[];
}

const D2R = Math.PI / 180;

function region(n: Node, own: boolean): number[] {
  const b = tileToLonLatBounds(n);
  return [
    b.minX * D2R,
    b.minY * D2R,
    b.maxX * D2R,
    b.maxY * D2R,
    own ? n.minH : n.subMin,
    own ? n.maxH : n.subMax,
  ];
}

/**
 * Builds the tileset JSON values.
 * @throws Error when there is no tile at all.
 */
export function buildTilesets(records: readonly MeshTileRecord[], o: BuildTilesetsOptions): BuiltTilesets {
  const sorted = [...records].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const nodes = new Map<string, Node>();
  const roots: Node[] = [];
  let orphans = 0;
  for (const [z, x, y, minH, maxH] of sorted) {
    const node: Node = { z, x, y, minH, maxH, subMin: minH, subMax: maxH, children: [] };
    if (z === o.minZoom) roots.push(node);
    else {
      const parent = nodes.get(`${z - 1}/${x >> 1}/${y >> 1}`);
      if (!parent) {
        orphans++;
        continue;
      }
      parent.children.push(node);
    }
    nodes.set(`${z}/${x}/${y}`, node);
  }
  if (roots.length === 0) throw new Error('tiling/3d: no 3D tile to put in a tileset');
  const all = [...nodes.values()].sort((a, b) => b.z - a.z);
  for (const n of all)
    for (const c of n.children) {
      if (c.subMin < n.subMin) n.subMin = c.subMin;
      if (c.subMax > n.subMax) n.subMax = c.subMax;
    }

  const files = new Map<string, unknown>();
  const ge = (n: Node) =>
    n.children.length > 0 ? geometricErrorMetres(n.z, o.latRadians, o.screenSpaceError) : 0;
  const asset = { version: '1.1', tilesetVersion: o.tilesetVersion };
  // `prefix` leads from the JSON being written back to the 3D folder.
  const tileJson = (n: Node, prefix: string, isRoot: boolean): Record<string, unknown> => {
    const t: Record<string, unknown> = {
      boundingVolume: { region: region(n, false) },
      geometricError: ge(n),
    };
    if (isRoot) t.refine = 'REPLACE';
    t.content = { uri: `${prefix}${n.z}/${n.x}/${n.y}.glb`, boundingVolume: { region: region(n, true) } };
    if (n.children.length > 0) t.children = n.children.map((c) => childJson(c, prefix));
    return t;
  };
  const childJson = (n: Node, prefix: string): Record<string, unknown> => {
    if ((n.z - o.minZoom) % o.externalZoomSpan !== 0) return tileJson(n, prefix, false);
    const path = `${n.z}/${n.x}/${n.y}.json`;
    files.set(path, { asset, geometricError: ge(n), root: tileJson(n, '../../', true) });
    return {
      boundingVolume: { region: region(n, false) },
      geometricError: ge(n),
      content: { uri: `${prefix}${path}` },
    };
  };

  let root: Record<string, unknown>;
  let topError: number;
  if (roots.length === 1) {
    root = tileJson(roots[0] as Node, '', true);
    topError = geometricErrorMetres(o.minZoom - 1, o.latRadians, o.screenSpaceError);
  } else {
    const r = roots.map((n) => region(n, false));
    const union = [0, 1, 2, 3, 4, 5].map((i) =>
      i === 0 || i === 1 || i === 4
        ? Math.min(...r.map((v) => v[i] as number))
        : Math.max(...r.map((v) => v[i] as number)),
    );
    topError = geometricErrorMetres(o.minZoom - 1, o.latRadians, o.screenSpaceError);
    root = {
      boundingVolume: { region: union },
      geometricError: topError,
      refine: 'REPLACE',
      children: roots.map((n) => tileJson(n, '', false)),
    };
  }
  files.set('tileset.json', { asset, geometricError: topError, root });
  return { files, tiles: nodes.size, orphans };
}
