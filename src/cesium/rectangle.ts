import {
  type Camera,
  Cartesian2,
  type Cartographic,
  Math as CesiumMath,
  Rectangle,
  type Scene,
  SceneMode,
} from 'cesium';
import type { Bbox } from '../../format/grid';

/** A Cesium rectangle (radians) from `[west, south, east, north]` degrees. */
export function bboxToRectangle(b: Bbox): Rectangle {
  return Rectangle.fromDegrees(b[0], b[1], b[2], b[3]);
}

/** `[west, south, east, north]` degrees from a Cesium rectangle. */
export function rectangleToBbox(r: Rectangle): Bbox {
  const d = CesiumMath.toDegrees;
  return [d(r.west), d(r.south), d(r.east), d(r.north)];
}

/**
 * The part of the globe in view, like `camera.computeViewRectangle()`, but also on the Web
 * Mercator 2D map: there Cesium's own test (the camera inside a sphere of the ellipsoid's radius,
 * in projected metres) fails at our latitudes and it answers "nothing in view". On the map the
 * view is the rectangle under the canvas's corners.
 */
export function viewRectangle(camera: Camera, scene: Scene): Rectangle | undefined {
  if (scene.mode !== SceneMode.SCENE2D) return camera.computeViewRectangle();
  const w = scene.canvas.clientWidth;
  const h = scene.canvas.clientHeight;
  const corners = [new Cartesian2(0, 0), new Cartesian2(w, 0), new Cartesian2(w, h), new Cartesian2(0, h)];
  const ellipsoid = scene.globe.ellipsoid;
  const points: Cartographic[] = [];
  for (const c of corners) {
    const p = camera.pickEllipsoid(c, ellipsoid);
    if (p) points.push(ellipsoid.cartesianToCartographic(p));
  }
  if (points.length < 4) return camera.computeViewRectangle() ?? Rectangle.clone(Rectangle.MAX_VALUE);
  return Rectangle.fromCartographicArray(points);
}
