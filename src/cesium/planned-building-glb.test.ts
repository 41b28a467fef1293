/**
 * The planned building's GLB (planned-building-glb.ts): a 20 × 10 m footprint with a 4 × 4 m
 * courtyard, 12 m high, read back by @gltf-transform/core: standing from 0 to 12 m in its local
 * frame, walls facing out, the roof up, the courtyard left open.
 */
import { NodeIO } from '@gltf-transform/core';
import { Cartesian3, Matrix4, PolygonHierarchy, Transforms } from 'cesium';
import { describe, expect, it } from 'vitest';
import { extrudeFootprint, extrusionGlb } from './planned-building-glb';

/** Degrees of a point `e`, `n` metres east and north of (3.1, 50.6), near enough for metres. */
const at = (e: number, n: number) =>
  Cartesian3.fromDegrees(3.1 + e / (111_320 * Math.cos((50.6 * Math.PI) / 180)), 50.6 + n / 110_574);

describe('planned building GLB', () => {
  it('extrudes the footprint from the ground to its height, walls out, roof up, courtyard open', async () => {
    const origin = at(0, 0);
    const toLocal = Matrix4.inverseTransformation(Transforms.eastNorthUpToFixedFrame(origin), new Matrix4());
    const outer = [at(0, 0), at(20, 0), at(20, 10), at(0, 10)];
    const hole = [at(8, 3), at(12, 3), at(12, 7), at(8, 7)];
    const mesh = extrudeFootprint(new PolygonHierarchy(outer, [new PolygonHierarchy(hole)]), 12, toLocal);
    expect(mesh).not.toBeNull();
    const { positions, normals, indices } = mesh as NonNullable<typeof mesh>;
    const xs = positions.filter((_, i) => i % 3 === 0);
    const ys = positions.filter((_, i) => i % 3 === 1);
    const zs = positions.filter((_, i) => i % 3 === 2);
    expect(Math.min(...xs)).toBeCloseTo(0, 0);
    expect(Math.max(...xs)).toBeCloseTo(20, 0);
    expect(Math.max(...ys)).toBeCloseTo(10, 0);
    expect(Math.min(...zs)).toBeCloseTo(0, 1);
    expect(Math.max(...zs)).toBeCloseTo(12, 1);
    // Every triangle's normal points away from the building's inside: up on the roof, out on
    // the outer walls, into the courtyard on its walls.
    let roof = 0;
    for (let t = 0; t < indices.length; t += 3) {
      const i = indices[t] as number;
      const [x, y, z] = [positions[i * 3], positions[i * 3 + 1], positions[i * 3 + 2]] as number[];
      const [nx, ny, nz] = [normals[i * 3], normals[i * 3 + 1], normals[i * 3 + 2]] as number[];
      if ((nz as number) > 0.9) {
        roof++;
        expect(z).toBeCloseTo(12, 1);
        continue;
      }
      expect(Math.abs(nz as number)).toBeLessThan(0.1);
      const inCourtyard = (x as number) > 7 && (x as number) < 13 && (y as number) > 2 && (y as number) < 8;
      // From the footprint's centre (10, 5), also the courtyard's.
      const [cx, cy] = [10, 5];
      const out = (nx as number) * ((x as number) - cx) + (ny as number) * ((y as number) - cy);
      expect(inCourtyard ? out < 0 : out > 0).toBe(true);
    }
    // The roof: the 20 × 10 rectangle less the 4 × 4 courtyard, in triangles.
    expect(roof).toBeGreaterThanOrEqual(8);

    const glb = await extrusionGlb(mesh as NonNullable<typeof mesh>);
    expect(new TextDecoder().decode(glb.slice(0, 4))).toBe('glTF');
    const doc = await new NodeIO().readBinary(glb);
    const prim = doc.getRoot().listMeshes()[0]?.listPrimitives()[0];
    expect(prim?.getAttribute('POSITION')?.getCount()).toBe(positions.length / 3);
    expect(prim?.getIndices()?.getCount()).toBe(indices.length);
    expect(prim?.getMaterial()?.getMetallicFactor()).toBe(0);
  });
});
