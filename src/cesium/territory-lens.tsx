/**
 * The territory lens: the focused territory's outline on the globe and, when `lensClip` is on,
 * everything outside it hidden — the globe and every 3D tileset — with an inverse
 * ClippingPolygonCollection (CesiumJS 1.145: several polygons, holes included; WebGL 2 only,
 * where the outline alone remains). Framing is the navigation slice's fly-to. Renders nothing.
 */
import {
  Cartesian3,
  Cesium3DTileset,
  ClippingPolygon,
  ClippingPolygonCollection,
  Color,
  CustomDataSource,
  type Globe,
  type Viewer,
} from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import { type LensPolygon, useTwinStore } from '../stores';

/** Read-only facts for browser tests (`window.__twinLens`). */
export interface TwinLensTestHook {
  /** Clipping polygons on the globe (0 when not clipping). */
  globeClippingPolygons(): number;
  /** Whether the globe's clipping is inverse (hides outside) and enabled. */
  clipsOutside(): boolean;
  /** Outline rings drawn. */
  outlineRings(): number;
}

declare global {
  interface Window {
    __twinLens?: TwinLensTestHook;
  }
}

/** Ring [lon, lat][] -> positions, without the closing repeat of the first point. */
function ringPositions(ring: readonly (readonly [number, number])[]): Cartesian3[] {
  const pts = ring.slice();
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (first && last && first[0] === last[0] && first[1] === last[1]) pts.pop();
  return Cartesian3.fromDegreesArray(pts.flatMap((p) => [p[0], p[1]]));
}

function clippingPolygons(polygons: readonly LensPolygon[]): ClippingPolygon[] {
  const out: ClippingPolygon[] = [];
  for (const p of polygons) {
    const [outer, ...holes] = p;
    if (!outer || outer.length < 4) continue;
    out.push(
      new ClippingPolygon({
        positions: ringPositions(outer),
        holes: holes.filter((h) => h.length >= 4).map(ringPositions),
      }),
    );
  }
  return out;
}

const setGlobeClipping = (globe: Globe, c: ClippingPolygonCollection | undefined) => {
  globe.clippingPolygons = c as ClippingPolygonCollection;
};

function tilesets(viewer: Viewer): Cesium3DTileset[] {
  const p = viewer.scene.primitives;
  const out: Cesium3DTileset[] = [];
  for (let i = 0; i < p.length; i++) {
    const t = p.get(i);
    if (t instanceof Cesium3DTileset && !t.isDestroyed()) out.push(t);
  }
  return out;
}

/** See the file's summary. */
export function TerritoryLens(): null {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer) return;
    const store = useTwinStore;
    const outline = new CustomDataSource('territory-lens');
    void viewer.dataSources.add(outline);
    let rings = 0;
    const clipped = new Set<Cesium3DTileset>();
    const webgl2 = ClippingPolygonCollection.isSupported(viewer.scene);

    const apply = () => {
      if (viewer.isDestroyed()) return;
      const { lensPolygons, lensClip } = store.getState();
      outline.entities.removeAll();
      rings = 0;
      for (const p of lensPolygons ?? [])
        for (const ring of p) {
          rings++;
          outline.entities.add({
            polyline: {
              positions: Cartesian3.fromDegreesArray(ring.flatMap((q) => [q[0], q[1]])),
              width: 2,
              material: Color.fromCssColorString('#d7191c'),
              clampToGround: true,
            },
          });
        }
      const polygons = lensClip && webgl2 && lensPolygons ? clippingPolygons(lensPolygons) : [];
      const globe = viewer.scene.globe;
      setGlobeClipping(
        globe,
        polygons.length > 0 ? new ClippingPolygonCollection({ polygons, inverse: true }) : undefined,
      );
      for (const t of clipped)
        if (!t.isDestroyed()) t.clippingPolygons = undefined as unknown as ClippingPolygonCollection;
      clipped.clear();
      if (polygons.length > 0)
        for (const t of tilesets(viewer)) {
          t.clippingPolygons = new ClippingPolygonCollection({
            polygons: polygons.map((c) => ClippingPolygon.clone(c)),
            inverse: true,
          });
          clipped.add(t);
        }
      viewer.scene.requestRender();
    };

    apply();
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.lensPolygons !== prev.lensPolygons || s.lensClip !== prev.lensClip) apply();
    });
    const removeAdded = viewer.scene.primitives.primitiveAdded.addEventListener(() => setTimeout(apply, 0));
    const hook: TwinLensTestHook = {
      globeClippingPolygons: () =>
        viewer.isDestroyed() ? 0 : (viewer.scene.globe.clippingPolygons?.length ?? 0),
      clipsOutside: () => {
        const c = viewer.isDestroyed() ? undefined : viewer.scene.globe.clippingPolygons;
        return !!c && c.enabled && c.inverse && c.length > 0;
      },
      outlineRings: () => rings,
    };
    window.__twinLens = hook;
    return () => {
      unsubscribe();
      removeAdded();
      if (window.__twinLens === hook) delete window.__twinLens;
      if (viewer.isDestroyed()) return;
      setGlobeClipping(viewer.scene.globe, undefined);
      for (const t of clipped)
        if (!t.isDestroyed()) t.clippingPolygons = undefined as unknown as ClippingPolygonCollection;
      viewer.dataSources.remove(outline, true);
    };
  }, [viewer]);
  return null;
}
