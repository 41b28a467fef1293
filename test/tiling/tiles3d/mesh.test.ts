// biome-ignore-all lint/style/noNonNullAssertion: indices in range by construction in these checks.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { tileToMercatorBounds } from '../../../format/grid';
import { buildTerrainMesh, encodeTerrainGlb, sniffImageMimeType } from '../../../tiling/mesh';
import { validateGlb } from './helpers';

const size = 17;
const n = size + 2;
const tile = { z: 18, x: 133413, y: 87567 };

/** Heights of a smooth hill sampled on a tile's grid with margin, from Mercator metres. */
function hillGrid(t: { z: number; x: number; y: number }): Float64Array {
  const b = tileToMercatorBounds(t);
  const step = (b.maxX - b.minX) / (size - 1);
  const h = new Float64Array(n * n);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const x = b.minX + (i - 1) * step;
      const y = b.maxY - (j - 1) * step;
      h[j * n + i] = 70 + 8 * Math.sin(x / 40) * Math.cos(y / 55);
    }
  return h;
}

function triangleNormal(p: Float64Array, a: number, b: number, c: number): number[] {
  const u = [0, 1, 2].map((k) => (p[b * 3 + k] as number) - (p[a * 3 + k] as number));
  const v = [0, 1, 2].map((k) => (p[c * 3 + k] as number) - (p[a * 3 + k] as number));
  return [
    (u[1] as number) * (v[2] as number) - (u[2] as number) * (v[1] as number),
    (u[2] as number) * (v[0] as number) - (u[0] as number) * (v[2] as number),
    (u[0] as number) * (v[1] as number) - (u[1] as number) * (v[0] as number),
  ];
}

describe('terrain mesh', () => {
  const mesh = buildTerrainMesh(
    { size, heights: hillGrid(tile), boundsMercator: tileToMercatorBounds(tile) },
    { maxErrorMetres: 0.2, skirtMetres: 2 },
  );
  const up = mesh.centre.map((c) => c / Math.hypot(...mesh.centre));

  it('faces every surface triangle up, counter-clockwise seen from the sky', () => {
    for (let t = 0; t < mesh.surfaceTriangles; t++) {
      const nrm = triangleNormal(
        mesh.positions,
        mesh.indices[3 * t] as number,
        mesh.indices[3 * t + 1] as number,
        mesh.indices[3 * t + 2] as number,
      );
      expect(nrm[0]! * up[0]! + nrm[1]! * up[1]! + nrm[2]! * up[2]!).toBeGreaterThan(0);
    }
  });

  it('hangs skirts below the border, facing away from the tile', () => {
    const total = mesh.indices.length / 3;
    expect(total).toBeGreaterThan(mesh.surfaceTriangles);
    for (let t = mesh.surfaceTriangles; t < total; t++) {
      const [a, b, c] = [0, 1, 2].map((k) => mesh.indices[3 * t + k] as number) as [number, number, number];
      const nrm = triangleNormal(mesh.positions, a, b, c);
      const centroid = [0, 1, 2].map(
        (k) =>
          ((mesh.positions[a * 3 + k] as number) +
            (mesh.positions[b * 3 + k] as number) +
            (mesh.positions[c * 3 + k] as number)) /
          3,
      );
      // Outwards: the normal points away from the tile's centre, horizontally.
      const dot = nrm[0]! * centroid[0]! + nrm[1]! * centroid[1]! + nrm[2]! * centroid[2]!;
      expect(dot).toBeGreaterThan(0);
    }
    // Every skirt vertex hangs 2 m under the border vertex of the same texture coordinate.
    const c = mesh.centre;
    const radius = (v: number) =>
      Math.hypot(
        (mesh.positions[v * 3] as number) + c[0],
        (mesh.positions[v * 3 + 1] as number) + c[1],
        (mesh.positions[v * 3 + 2] as number) + c[2],
      );
    const byUv = new Map<string, number>();
    for (let v = 0; v < mesh.surfaceVertices; v++) byUv.set(`${mesh.uvs[v * 2]},${mesh.uvs[v * 2 + 1]}`, v);
    const vertices = mesh.positions.length / 3;
    for (let v = mesh.surfaceVertices; v < vertices; v++) {
      const top = byUv.get(`${mesh.uvs[v * 2]},${mesh.uvs[v * 2 + 1]}`) as number;
      expect(radius(top) - radius(v)).toBeCloseTo(2, 2);
    }
    const innerMin = Math.min(...hillGrid(tile)) - 1;
    expect(mesh.minHeightMetres).toBeGreaterThan(innerMin - 2.1);
  });

  it('maps the tile corners to the image corners (u east, v south)', () => {
    const uv = new Set<string>();
    for (let v = 0; v < mesh.surfaceVertices; v++) uv.add(`${mesh.uvs[v * 2]},${mesh.uvs[v * 2 + 1]}`);
    for (const c of ['0,0', '1,0', '0,1', '1,1']) expect(uv.has(c)).toBe(true);
  });

  it('lines every vertex up with the imagery tile to a hundredth of a pixel (u, v from its position)', () => {
    const b = tileToMercatorBounds(tile);
    const c = mesh.centre;
    for (let v = 0; v < mesh.surfaceVertices; v++) {
      const x = mesh.positions[v * 3]! + c[0];
      const y = mesh.positions[v * 3 + 1]! + c[1];
      const z = mesh.positions[v * 3 + 2]! + c[2];
      const lon = Math.atan2(y, x);
      const p = Math.hypot(x, y);
      const e2 = 6.69437999014e-3;
      let lat = Math.atan2(z, p * (1 - e2));
      for (let i = 0; i < 5; i++) {
        const nn = 6378137 / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
        lat = Math.atan2(z + e2 * nn * Math.sin(lat), p);
      }
      const mx = lon * 6378137;
      const my = Math.log(Math.tan(Math.PI / 4 + lat / 2)) * 6378137;
      const px = ((mx - b.minX) / (b.maxX - b.minX)) * 256;
      const py = ((b.maxY - my) / (b.maxY - b.minY)) * 256;
      expect(Math.abs(mesh.uvs[v * 2]! * 256 - px)).toBeLessThan(0.01);
      expect(Math.abs(mesh.uvs[v * 2 + 1]! * 256 - py)).toBeLessThan(0.01);
    }
  });

  it('gives neighbours of one level the same normal where they share a border point', () => {
    const east = { ...tile, x: tile.x + 1 };
    const other = buildTerrainMesh(
      { size, heights: hillGrid(east), boundsMercator: tileToMercatorBounds(east) },
      { maxErrorMetres: 0, skirtMetres: 2 },
    );
    const full = buildTerrainMesh(
      { size, heights: hillGrid(tile), boundsMercator: tileToMercatorBounds(tile) },
      { maxErrorMetres: 0, skirtMetres: 2 },
    );
    // With no simplification, the east border of `tile` (u = 1) is the west border of `east` (u = 0).
    const border = (m: typeof full, u: number) => {
      const out = new Map<string, number[]>();
      for (let v = 0; v < m.surfaceVertices; v++)
        if (m.uvs[v * 2] === u)
          out.set(
            (m.uvs[v * 2 + 1] as number).toFixed(5),
            [0, 1, 2].map((k) => m.normals[v * 3 + k] as number),
          );
      return out;
    };
    const a = border(full, 1);
    const b = border(other, 0);
    expect(a.size).toBe(size);
    for (const [key, na] of a) {
      const nb = b.get(key) as number[];
      for (let k = 0; k < 3; k++) expect(nb[k]).toBeCloseTo(na[k] as number, 6);
    }
  });
});

describe('terrain GLB', () => {
  it('passes the Khronos glTF validator with zero errors, with the JPEG bytes embedded as they are', async () => {
    const jpeg = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#408020' } })
      .jpeg()
      .toBuffer();
    const mesh = buildTerrainMesh(
      { size, heights: hillGrid(tile), boundsMercator: tileToMercatorBounds(tile) },
      { maxErrorMetres: 0.2, skirtMetres: 2 },
    );
    const glb = encodeTerrainGlb(mesh, jpeg);
    const issues = await validateGlb(glb, 'tile.glb');
    expect(issues.messages.filter((m) => m.severity === 0)).toEqual([]);
    expect(issues.numErrors).toBe(0);
    expect(Buffer.from(glb).indexOf(jpeg)).toBeGreaterThan(0);
    const json = JSON.parse(
      Buffer.from(glb.subarray(20, 20 + new DataView(glb.buffer).getUint32(12, true))).toString(),
    );
    expect(json.images[0].mimeType).toBe('image/jpeg');
    expect(json.extensionsRequired).toContain('KHR_mesh_quantization');
    // The node translation is the tile centre in ECEF (glTF Y-up: x, z, -y).
    expect(json.nodes[0].translation[0]).toBeCloseTo(mesh.centre[0], 3);
    expect(json.nodes[0].translation[2]).toBeCloseTo(-mesh.centre[1], 3);
  });

  it('names PNG bytes image/png even under a .jpg name, and refuses other bytes', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 4, background: '#00000000' } })
      .png()
      .toBuffer();
    expect(sniffImageMimeType(png)).toBe('image/png');
    expect(sniffImageMimeType(new Uint8Array([1, 2, 3, 4]))).toBeNull();
    const mesh = buildTerrainMesh(
      { size, heights: hillGrid(tile), boundsMercator: tileToMercatorBounds(tile) },
      { maxErrorMetres: 0.2, skirtMetres: 2 },
    );
    expect(() => encodeTerrainGlb(mesh, new Uint8Array([0x52, 0x49, 0x46, 0x46]))).toThrow(
      /neither JPEG nor PNG/,
    );
  });
});
