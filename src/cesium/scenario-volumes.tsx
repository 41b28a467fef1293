/**
 * Draws the loaded scenario's buildings as extruded volumes clamped to the ground (entities of a
 * CustomDataSource: polygon footprint on the terrain, extruded `heightM` above it), the "after"
 * state. Entities cannot be split by `scene.splitPosition` (only imagery, 3D tilesets, models,
 * billboards and points can), so in compare mode the volumes show on both sides; the panel
 * says so. Renders nothing.
 */
import {
  BoundingSphere,
  Cartesian3,
  Math as CesiumMath,
  Color,
  CustomDataSource,
  HeadingPitchRange,
  HeightReference,
  PolygonHierarchy,
} from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import type { Ring } from '../features/scenario/scenario-file';
import { useTwinStore } from '../stores';

const FILL = Color.fromCssColorString('#e8590c').withAlpha(0.9);

/** Read-only facts for browser tests (`window.__twinScenario`). */
export interface TwinScenarioTestHook {
  /** Volumes drawn (one per footprint polygon). */
  volumes(): number;
}
declare global {
  interface Window {
    __twinScenario?: TwinScenarioTestHook;
  }
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
    const source = new CustomDataSource('scenario');
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
        source.entities.add({
          id: `scenario-${i}-${k}`,
          name: b.label,
          polygon: {
            hierarchy: new PolygonHierarchy(
              positions(outer),
              holes.map((h) => new PolygonHierarchy(positions(h))),
            ),
            height: 0,
            heightReference: HeightReference.CLAMP_TO_GROUND,
            extrudedHeight: b.heightM,
            extrudedHeightReference: HeightReference.RELATIVE_TO_GROUND,
            material: FILL,
          },
        });
      }
    }
    let live = true;
    void viewer.dataSources.add(source).then(() => {
      if (!live || viewer.isDestroyed()) return;
      viewer.scene.requestRender();
    });
    window.__twinScenario = { volumes: () => source.entities.values.length };
    // A file the user loads is framed; one a permalink names keeps the link's camera.
    if (west <= east && useTwinStore.getState().scenarioUrl === null) {
      // An oblique view on the new volumes, so their height shows.
      const top = Math.max(...scenario.buildings.map((b) => b.heightM));
      const sphere = BoundingSphere.fromPoints([
        Cartesian3.fromDegrees(west, south, 0),
        Cartesian3.fromDegrees(east, north, 0),
        Cartesian3.fromDegrees((west + east) / 2, (south + north) / 2, top),
      ]);
      viewer.camera.flyToBoundingSphere(sphere, {
        offset: new HeadingPitchRange(0, CesiumMath.toRadians(-35), Math.max(300, sphere.radius * 3.5)),
        duration: 0,
      });
    }
    viewer.scene.requestRender();
    return () => {
      live = false;
      window.__twinScenario = { volumes: () => 0 };
      if (!viewer.isDestroyed()) {
        viewer.dataSources.remove(source, true);
        viewer.scene.requestRender();
      }
    };
  }, [viewer, scenario]);
  return null;
}
