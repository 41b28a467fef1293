import { ArcType, Cartesian3, Color, type Entity } from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import type { ReviewItem } from '../api/review-client';
import { useTwinStore } from '../stores';
import { rectangleToBbox, viewRectangle } from './rectangle';

/** Outline colour of the detection under review: bright, readable on imagery and OCS2D colours. */
const OUTLINE = Color.fromCssColorString('#ffd400');
const OUTLINE_WIDTH = 4;

/** The rings of a Polygon/MultiPolygon (lon/lat), outer and inner. */
export function ringsOf(geometry: unknown): number[][][] {
  const g = geometry as { type?: string; coordinates?: unknown } | null;
  if (g?.type === 'Polygon') return (g.coordinates as number[][][]) ?? [];
  if (g?.type === 'MultiPolygon') return ((g.coordinates as number[][][][]) ?? []).flat();
  return [];
}

function addOutline(viewer: NonNullable<ReturnType<typeof useCesium>['viewer']>, item: ReviewItem): Entity[] {
  return ringsOf(item.geometry)
    .filter((ring) => ring.length >= 2)
    .map((ring) =>
      viewer.entities.add({
        name: `review:${item.id}`,
        polyline: {
          positions: Cartesian3.fromDegreesArray(ring.flatMap((p) => [p[0] ?? 0, p[1] ?? 0])),
          // A ground polyline (GroundPolylinePrimitive): follows the terrain and 3D-less globe.
          clampToGround: true,
          arcType: ArcType.GEODESIC,
          width: OUTLINE_WIDTH,
          material: OUTLINE,
        },
      }),
    );
}

/**
 * Outlines the detection under review (store: reviewSelected) on the globe, clamped to the
 * ground, and publishes the part of the globe in view after each camera move (the queue's
 * "in view" filter). Renders nothing itself.
 */
export function ReviewOutline(): null {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer) return;
    let shown: Entity[] = [];
    const show = (item: ReviewItem | null) => {
      for (const e of shown) viewer.entities.remove(e);
      shown = item ? addOutline(viewer, item) : [];
      viewer.scene.requestRender();
    };
    show(useTwinStore.getState().reviewSelected);
    const unsubscribe = useTwinStore.subscribe((s, prev) => {
      if (!viewer.isDestroyed() && s.reviewSelected !== prev.reviewSelected) show(s.reviewSelected);
    });
    const publishView = () => {
      const r = viewer.isDestroyed() ? undefined : viewRectangle(viewer.camera, viewer.scene);
      useTwinStore.getState().setReviewViewBbox(r ? rectangleToBbox(r) : null);
    };
    publishView();
    const removeMoveEnd = viewer.camera.moveEnd.addEventListener(publishView);
    return () => {
      unsubscribe();
      removeMoveEnd();
      if (!viewer.isDestroyed()) for (const e of shown) viewer.entities.remove(e);
    };
  }, [viewer]);
  return null;
}
