/**
 * Draws the loaded scenario's buildings as extruded volumes standing on the ground (entities of a
 * CustomDataSource: polygon footprint at the ground's height, extruded `heightM` above it), the
 * "after" state. Entities cannot be split by `scene.splitPosition` (only imagery, 3D tilesets, models,
 * billboards and points can), so in compare mode the volumes show on both sides; the panel
 * says so. Renders nothing.
 *
 * On a 3D layer (the PCRS terrain mesh, buildings), "the ground" is the tileset's surface, not the
 * ellipsoid or terrain under it. Heights of 3D tiles are read only from tilesets with
 * `enableCollision`, so while a scenario is shown every 3D tileset of the scene gets it (and
 * keeps it: it also stops the camera going under the mesh); the volumes then take absolute
 * heights from `scene.getHeight`, sampled again as tiles load. Clamped entities (the earlier way)
 * stood at the ellipsoid, hidden under the mesh.
 */
import {
  BoundingSphere,
  Cartesian3,
  Cartographic,
  Cesium3DTileset,
  Math as CesiumMath,
  Color,
  ConstantProperty,
  CustomDataSource,
  type Entity,
  HeadingPitchRange,
  PolygonHierarchy,
  SceneTransforms,
  type Viewer,
} from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import type { Ring } from '../features/scenario/scenario-file';
import { useTwinStore } from '../stores';

const FILL = Color.fromCssColorString('#e8590c').withAlpha(0.9);
/** How often the ground under the volumes is sampled again (tiles keep loading), ms. */
const SETTLE_MS = 1000;

/** Read-only facts for browser tests (`window.__twinScenario`). */
export interface TwinScenarioTestHook {
  /** Volumes drawn (one per footprint polygon). */
  volumes(): number;
  /** Ground height (3D tiles or terrain, m) under the first building's centre, if known. */
  ground?(): number | null;
  /**
   * Whether a click at the screen point of the first building's middle (half its height above
   * the ground) hits that volume: true when it is drawn in front of the 3D mesh, not under it.
   */
  pickedAtCentre?(): boolean;
}
declare global {
  interface Window {
    __twinScenario?: TwinScenarioTestHook;
  }
}

/**
 * The ground's height at a point: the highest of the shown 3D tilesets that allow collision and
 * of the globe, as `scene.getHeight` does with CLAMP_TO_GROUND (private in Cesium's types).
 */
function groundHeight(viewer: Viewer, at: Cartographic): number | undefined {
  let best = Number.NEGATIVE_INFINITY;
  const p = viewer.scene.primitives;
  for (let i = 0; i < p.length; i++) {
    const t = p.get(i);
    if (t instanceof Cesium3DTileset && t.show && t.enableCollision) {
      const h = t.getHeight(at, viewer.scene);
      if (h !== undefined && h > best) best = h;
    }
  }
  const globe = viewer.scene.globe;
  if (globe?.show) {
    const h = globe.getHeight(at);
    if (h !== undefined && h > best) best = h;
  }
  return best > Number.NEGATIVE_INFINITY ? best : undefined;
}

const positions = (ring: Ring) => Cartesian3.fromDegreesArray(ring.slice(0, -1).flat());

/** The volumes of the store's scenario; frames the camera on a newly loaded one. */
export function ScenarioVolumes() {
  const { viewer } = useCesium();
  const scenario = useTwinStore((s) => s.scenario);
  useEffect(() => {
    if (!viewer || !scenario) {
      window.__twinScenario = { volumes: () => 0 };
      return;
    }
    // Let the volumes stand on 3D tiles (see above), now and for tilesets added later.
    const collide = (p: unknown) => {
      if (p instanceof Cesium3DTileset && !p.isDestroyed()) p.enableCollision = true;
    };
    for (let i = 0; i < viewer.scene.primitives.length; i++) collide(viewer.scene.primitives.get(i));
    const stopCollide = viewer.scene.primitives.primitiveAdded.addEventListener(collide);
    const source = new CustomDataSource('scenario');
    const placed: { entity: Entity; points: Cartographic[]; heightM: number; base: number }[] = [];
    let west = 180;
    let south = 90;
    let east = -180;
    let north = -90;
    for (const [i, b] of scenario.buildings.entries()) {
      for (const [k, poly] of b.wgs84.entries()) {
        const [outer, ...holes] = poly;
        if (!outer) continue;
        for (const [lon, lat] of outer) {
          west = Math.min(west, lon);
          east = Math.max(east, lon);
          south = Math.min(south, lat);
          north = Math.max(north, lat);
        }
        const entity = source.entities.add({
          id: `scenario-${i}-${k}`,
          name: b.label,
          polygon: {
            hierarchy: new PolygonHierarchy(
              positions(outer),
              holes.map((h) => new PolygonHierarchy(positions(h))),
            ),
            height: 0,
            extrudedHeight: b.heightM,
            material: FILL,
          },
        });
        const points = outer.slice(0, -1).map(([lon, lat]) => Cartographic.fromDegrees(lon, lat));
        placed.push({ entity, points, heightM: b.heightM, base: Number.NaN });
      }
    }
    // Absolute heights from the ground found under each footprint (its lowest point, so the volume
    // never floats), sampled again while tiles load and whenever a tileset comes or goes.
    const settle = () => {
      if (viewer.isDestroyed()) return;
      let moved = false;
      for (const p of placed) {
        const hs = p.points
          .map((c) => groundHeight(viewer, c))
          .filter((h): h is number => h !== undefined && Number.isFinite(h));
        const base = hs.length > 0 ? Math.min(...hs) : 0;
        if (Number.isNaN(p.base) || Math.abs(base - p.base) > 0.25) {
          p.base = base;
          if (p.entity.polygon) {
            p.entity.polygon.height = new ConstantProperty(base);
            p.entity.polygon.extrudedHeight = new ConstantProperty(base + p.heightM);
          }
          moved = true;
        }
      }
      if (moved) viewer.scene.requestRender();
    };
    settle();
    const timer = setInterval(settle, SETTLE_MS);
    const stopAdded = viewer.scene.primitives.primitiveAdded.addEventListener(() => setTimeout(settle, 0));
    const stopRemoved = viewer.scene.primitives.primitiveRemoved.addEventListener(() =>
      setTimeout(settle, 0),
    );
    let live = true;
    void viewer.dataSources.add(source).then(() => {
      if (!live || viewer.isDestroyed()) return;
      viewer.scene.requestRender();
    });
    const first = scenario.buildings[0];
    const firstRing = first?.wgs84[0]?.[0];
    const centre = firstRing
      ? Cartographic.fromDegrees(
          firstRing.slice(0, -1).reduce((a, p) => a + p[0], 0) / (firstRing.length - 1),
          firstRing.slice(0, -1).reduce((a, p) => a + p[1], 0) / (firstRing.length - 1),
        )
      : null;
    const groundAtCentre = () =>
      centre && !viewer.isDestroyed() ? (groundHeight(viewer, centre) ?? null) : null;
    window.__twinScenario = {
      volumes: () => source.entities.values.length,
      ground: groundAtCentre,
      pickedAtCentre: () => {
        if (!centre || !first || viewer.isDestroyed()) return false;
        const h = (groundAtCentre() ?? 0) + first.heightM / 2;
        const at = SceneTransforms.worldToWindowCoordinates(
          viewer.scene,
          Cartesian3.fromRadians(centre.longitude, centre.latitude, h),
        );
        if (!at) return false;
        const picked = viewer.scene.pick(at) as { id?: { id?: unknown } } | undefined;
        return typeof picked?.id?.id === 'string' && picked.id.id.startsWith('scenario-0-');
      },
    };
    // A file the user loads is framed; one a permalink names keeps the link's camera.
    if (west <= east && useTwinStore.getState().scenarioUrl === null) {
      // An oblique view on the new volumes, so their height shows.
      const top = Math.max(...scenario.buildings.map((b) => b.heightM));
      // The ground there: 3D tiles or terrain as loaded now (0 when nothing is loaded yet).
      const ground =
        groundHeight(viewer, Cartographic.fromDegrees((west + east) / 2, (south + north) / 2)) ?? 0;
      const sphere = BoundingSphere.fromPoints([
        Cartesian3.fromDegrees(west, south, ground),
        Cartesian3.fromDegrees(east, north, ground),
        Cartesian3.fromDegrees((west + east) / 2, (south + north) / 2, ground + top),
      ]);
      viewer.camera.flyToBoundingSphere(sphere, {
        offset: new HeadingPitchRange(0, CesiumMath.toRadians(-35), Math.max(300, sphere.radius * 3.5)),
        duration: 0,
      });
    }
    viewer.scene.requestRender();
    return () => {
      live = false;
      stopCollide();
      stopAdded();
      stopRemoved();
      clearInterval(timer);
      window.__twinScenario = { volumes: () => 0 };
      if (!viewer.isDestroyed()) {
        viewer.dataSources.remove(source, true);
        viewer.scene.requestRender();
      }
    };
  }, [viewer, scenario]);
  return null;
}
