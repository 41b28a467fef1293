import { Math as CesiumMath, Rectangle } from 'cesium';
import type { Bbox } from '../geo';

/** A Cesium rectangle (radians) from `[west, south, east, north]` degrees. */
export function bboxToRectangle(b: Bbox): Rectangle {
  return Rectangle.fromDegrees(b[0], b[1], b[2], b[3]);
}

/** `[west, south, east, north]` degrees from a Cesium rectangle. */
export function rectangleToBbox(r: Rectangle): Bbox {
  const d = CesiumMath.toDegrees;
  return [d(r.west), d(r.south), d(r.east), d(r.north)];
}
