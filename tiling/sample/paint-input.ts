/**
 * Turns one vintage of the scene into the painter's input (plain data, cheap to send to workers).
 */
import type { PaintInput } from './paint';
import type { Scene } from './scene';

/** The painter's input for vintage `index` (0 or 1) of a scene. */
export function paintInputFor(scene: Scene, index: 0 | 1): PaintInput {
  const v = scene.vintages[index];
  return {
    seed: scene.seed,
    vintage: index,
    sizeMetres: scene.sizeMetres,
    polygons: v.polygons.map((p) => ({
      rings: [p.poly.outer, ...p.poly.holes],
      spec: p.paint,
      height: p.height,
    })),
    trees: v.trees,
    sunAzimuthDeg: v.look.sunAzimuthDeg,
    sunElevationDeg: v.look.sunElevationDeg,
    gain: v.look.gain,
  };
}
