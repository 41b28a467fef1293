/**
 * Draws the loaded scenario's buildings as volumes standing on the ground, the "after" state: each
 * footprint polygon extruded to its height as a small glTF made in the browser
 * (planned-building-glb.ts), drawn as a Cesium Model coloured with the buildings' height ramp
 * (buildings-style.ts). Models take the compare split: with compare on they are drawn on the right
 * (side B, the future) only, else on both sides. Renders nothing.
 *
 * On a 3D layer (the PCRS terrain mesh, buildings), "the ground" is the tileset's surface, not the
 * ellipsoid or terrain under it. Heights of 3D tiles are read only from tilesets with
 * `enableCollision`, so while a scenario is shown every 3D tileset of the scene gets it (and
 * keeps it: it also stops the camera going under the mesh); the volumes then take absolute
 * heights from the tilesets' `getHeight` and, on the quantized-mesh terrain (globe-terrain.tsx),
 * from the terrain's most detailed tiles (`sampleTerrainMostDetailed`, whatever the view loaded),
 * sampled again as tiles load (the globe's `tileLoadProgressEvent`, each tileset's `tileLoad`),
 * when the terrain changes and when a layer is shown or hidden.
 */
import {
  Axis,
  BoundingSphere,
  Cartesian3,
  Cartographic,
  Cesium3DTileset,
  Math as CesiumMath,
  Color,
  HeadingPitchRange,
  Matrix4,
  Model,
  PolygonHierarchy,
  PrimitiveCollection,
  SceneTransforms,
  SplitDirection,
  Transforms,
  type Viewer,
} from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import type { Ring } from '../scenario/scenario-file';
import { useTwinStore } from '../stores';
import { heightColour } from './buildings-style';
import { sampleGround } from './globe-terrain';
import { extrudeFootprint, extrusionGlb } from './planned-building-glb';

/** A planned building's colour: the buildings' height ramp (buildings-style.ts), as the built ones. */
const fillOf = (heightM: number) => Color.fromCssColorString(heightColour(heightM));
/** Tiles arrive in bursts: the ground is read again once a burst is over, ms. */
const SETTLE_DELAY_MS = 100;

/** Read-only facts for browser tests (`window.__twinScenario`). */
export interface TwinScenarioTestHook {
  /** Volumes drawn (one model per footprint polygon, counted once on the scene). */
  volumes(): number;
  /** Where the volumes are drawn: on both sides of the compare divider, or right of it only. */
  side?(): 'both' | 'right';
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
 * of the globe, as `scene.getHeight` does with CLAMP_TO_GROUND (private in Cesium's types). The
 * globe's is `terrain` when known (the terrain's most detailed height), else its loaded tiles'.
 */
function groundHeight(viewer: Viewer, at: Cartographic, terrain?: number): number | undefined {
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
    const h = terrain ?? globe.getHeight(at);
    if (h !== undefined && h > best) best = h;
  }
  return best > Number.NEGATIVE_INFINITY ? best : undefined;
}

const positions = (ring: Ring) => Cartesian3.fromDegreesArray(ring.slice(0, -1).flat());

/** A model from a GLB made here (a blob URL: Model.fromGltfAsync's typed options take a URL). */
async function modelOf(glb: Uint8Array, options: Omit<Parameters<typeof Model.fromGltfAsync>[0], 'url'>) {
  const url = URL.createObjectURL(new Blob([new Uint8Array(glb)], { type: 'model/gltf-binary' }));
  try {
    // Resolves once the GLB is read (its buffers are embedded): the URL is no longer needed.
    return await Model.fromGltfAsync({ ...options, url });
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Where planned buildings are drawn: with compare on, on the right (side B, the future) only. */
const splitOf = (compareOn: boolean) => (compareOn ? SplitDirection.RIGHT : SplitDirection.NONE);

/** One footprint polygon drawn as a model standing at `base` (NaN until the ground is known). */
interface Placed {
  readonly id: string;
  /** The model's local origin: the outer ring's first point. */
  readonly origin: Cartographic;
  readonly points: Cartographic[];
  readonly heightM: number;
  base: number;
  model: Model | null;
}

/** The model's placement: east-north-up axes at its origin, `base` metres up. */
const frameAt = (p: Placed) =>
  Transforms.eastNorthUpToFixedFrame(
    Cartesian3.fromRadians(p.origin.longitude, p.origin.latitude, Number.isNaN(p.base) ? 0 : p.base),
  );

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
    // The models in a collection of their own (adding them does not raise the scene's primitiveAdded).
    const models = viewer.scene.primitives.add(new PrimitiveCollection()) as PrimitiveCollection;
    const placed: Placed[] = [];
    let live = true;
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
        const points = outer.slice(0, -1).map(([lon, lat]) => Cartographic.fromDegrees(lon, lat));
        const origin = points[0];
        if (!origin) continue;
        const p: Placed = {
          id: `scenario-${i}-${k}`,
          origin,
          points,
          heightM: b.heightM,
          base: Number.NaN,
          model: null,
        };
        const toLocal = Matrix4.inverseTransformation(frameAt(p), new Matrix4());
        const mesh = extrudeFootprint(
          new PolygonHierarchy(
            positions(outer),
            holes.map((h) => new PolygonHierarchy(positions(h))),
          ),
          b.heightM,
          toLocal,
        );
        if (!mesh) continue;
        placed.push(p);
        void extrusionGlb(mesh)
          .then((glb) =>
            modelOf(glb, {
              modelMatrix: frameAt(p),
              // Vertices are east, north, up already: no glTF axis correction.
              upAxis: Axis.Z,
              forwardAxis: Axis.X,
              color: fillOf(b.heightM),
              id: { id: p.id, name: b.label },
              splitDirection: splitOf(useTwinStore.getState().compare.enabled),
            }),
          )
          .then((model) => {
            if (!live || viewer.isDestroyed()) {
              model.destroy();
              return;
            }
            // Placed where the ground is now known (it may have been read while the model loaded).
            model.modelMatrix = frameAt(p);
            p.model = model;
            models.add(model);
            model.readyEvent.addEventListener(() => {
              if (!viewer.isDestroyed()) viewer.scene.requestRender();
            });
            viewer.scene.requestRender();
          })
          .catch((e: unknown) => {
            console.error(`Scenario: building ${p.id} could not be drawn`, e);
          });
      }
    }
    // The terrain's most detailed heights under each footprint's points (null: the ellipsoid).
    let terrain: (number | undefined)[][] | null = null;
    const sampleTerrain = () => {
      const provider = viewer.terrainProvider;
      terrain = null;
      void sampleGround(
        provider,
        placed.flatMap((p) => p.points),
      )
        .then((heights) => {
          if (!live || viewer.isDestroyed() || viewer.terrainProvider !== provider) return;
          let i = 0;
          terrain = heights ? placed.map((p) => p.points.map(() => heights[i++])) : null;
          settle();
        })
        .catch(() => {
          // A terrain tile that cannot be read (the layer panel says so): the loaded tiles' heights.
        });
    };
    // Absolute heights from the ground found under each footprint (its lowest point, so the volume
    // never floats), sampled again while tiles load and whenever a tileset comes or goes.
    const settle = () => {
      if (viewer.isDestroyed()) return;
      let moved = false;
      for (const [k, p] of placed.entries()) {
        const hs = p.points
          .map((c, j) => groundHeight(viewer, c, terrain?.[k]?.[j]))
          .filter((h): h is number => h !== undefined && Number.isFinite(h));
        const base = hs.length > 0 ? Math.min(...hs) : 0;
        if (Number.isNaN(p.base) || Math.abs(base - p.base) > 0.25) {
          p.base = base;
          if (p.model) p.model.modelMatrix = frameAt(p);
          moved = true;
        }
      }
      if (moved) viewer.scene.requestRender();
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = () => {
      if (timer === undefined)
        timer = setTimeout(() => {
          timer = undefined;
          if (live) settle();
        }, SETTLE_DELAY_MS);
    };
    settle();
    sampleTerrain();
    // Tiles of the globe and of the 3D tilesets arriving, tilesets coming and going, the terrain
    // changing, a layer shown or hidden: the ground may have moved.
    const tileLoads = new Map<Cesium3DTileset, () => void>();
    const watch = (t: unknown) => {
      if (t instanceof Cesium3DTileset && !t.isDestroyed() && !tileLoads.has(t))
        tileLoads.set(t, t.tileLoad.addEventListener(later));
    };
    for (let i = 0; i < viewer.scene.primitives.length; i++) watch(viewer.scene.primitives.get(i));
    const stopAdded = viewer.scene.primitives.primitiveAdded.addEventListener((t: unknown) => {
      watch(t);
      later();
    });
    const stopRemoved = viewer.scene.primitives.primitiveRemoved.addEventListener((t: unknown) => {
      if (t instanceof Cesium3DTileset) {
        tileLoads.get(t)?.();
        tileLoads.delete(t);
      }
      later();
    });
    const stopGlobe = viewer.scene.globe.tileLoadProgressEvent.addEventListener(later);
    const stopTerrain = viewer.scene.globe.terrainProviderChanged.addEventListener(sampleTerrain);
    const stopStore = useTwinStore.subscribe((s, prev) => {
      if (s.layers !== prev.layers || s.vintage !== prev.vintage || s.sceneMode !== prev.sceneMode) later();
      if (s.compare.enabled !== prev.compare.enabled && !viewer.isDestroyed()) {
        for (const p of placed) if (p.model) p.model.splitDirection = splitOf(s.compare.enabled);
        viewer.scene.requestRender();
      }
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
      volumes: () => placed.filter((p) => p.model !== null).length,
      side: () => (useTwinStore.getState().compare.enabled ? 'right' : 'both'),
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
      stopGlobe();
      stopTerrain();
      stopStore();
      for (const stop of tileLoads.values()) stop();
      clearTimeout(timer);
      window.__twinScenario = { volumes: () => 0 };
      if (!viewer.isDestroyed()) {
        // Destroys the collection and its models.
        viewer.scene.primitives.remove(models);
        viewer.scene.requestRender();
      } else if (!models.isDestroyed()) models.destroy();
    };
  }, [viewer, scenario]);
  return null;
}
