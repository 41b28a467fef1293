/**
 * The dalles of the console's selected batch on the globe: each footprint a polygon filled with
 * its state's colour (src/components/dalle-colours.ts) and outlined; a click on one opens it
 * (store: setConsoleDalle via the feature's callback). Entities are updated in place as the
 * server pushes changes (store: consoleDalles), and the camera flies to the batch once its
 * dalles arrive, or to a job's root tile when asked (store: consoleFlyTo).
 */
import {
  Cartesian3,
  Color,
  ColorMaterialProperty,
  ConstantProperty,
  defined,
  type Entity,
  Rectangle,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
} from 'cesium';
import { useEffect } from 'react';
import { useCesium } from 'resium';
import type { BatchDalle } from '../../format/batch-status';
import { tileToLonLatBounds } from '../../format/grid';
import { DALLE_COLOURS } from '../components/dalle-colours';
import { useTwinStore } from '../stores';

const PREFIX = 'dalle:';

declare global {
  interface Window {
    /** Browser tests: the footprints on the globe, by dalle index, with the state they are drawn in. */
    __consoleFootprints?: () => { index: number; state: string }[];
  }
}

/** Props of {@link DalleFootprints}. */
export interface DalleFootprintsProps {
  /** Called with the index of a dalle clicked on the globe. */
  readonly onPick: (index: number) => void;
}

function colourOf(d: BatchDalle, alpha: number): Color {
  return Color.fromCssColorString(DALLE_COLOURS[d.state]).withAlpha(alpha);
}

export function DalleFootprints({ onPick }: DalleFootprintsProps): null {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer) return;
    const shown = new Map<number, Entity>();
    let flownFor: string | null = null;
    const draw = () => {
      if (viewer.isDestroyed()) return;
      const s = useTwinStore.getState();
      const dalles = Object.values(s.consoleDalles);
      const keep = new Set<number>();
      for (const d of dalles) {
        if (!d.ring) continue;
        keep.add(d.index);
        const fill = new ColorMaterialProperty(colourOf(d, s.consolePreview ? 0.08 : 0.45));
        const existing = shown.get(d.index);
        if (existing?.polygon) {
          existing.polygon.material = fill;
          existing.polygon.outlineColor = new ConstantProperty(colourOf(d, 1));
          existing.description = new ConstantProperty(d.state);
          continue;
        }
        const e = viewer.entities.add({
          id: `${PREFIX}${s.consoleSelected}:${d.index}`,
          name: d.name,
          description: d.state,
          polygon: {
            hierarchy: Cartesian3.fromDegreesArray(d.ring.flatMap(([lon, lat]) => [lon, lat])),
            material: fill,
            outline: true,
            outlineColor: colourOf(d, 1),
            height: 0,
          },
        });
        shown.set(d.index, e);
      }
      for (const [i, e] of shown)
        if (!keep.has(i)) {
          viewer.entities.remove(e);
          shown.delete(i);
        }
      // Fly to the batch's dalles the first time they are known.
      if (dalles.length > 0 && flownFor !== s.consoleSelected) {
        flownFor = s.consoleSelected;
        const pts = dalles.flatMap((d) => d.ring ?? []);
        if (pts.length > 0) {
          const r = Rectangle.fromDegrees(
            Math.min(...pts.map((p) => p[0])),
            Math.min(...pts.map((p) => p[1])),
            Math.max(...pts.map((p) => p[0])),
            Math.max(...pts.map((p) => p[1])),
          );
          viewer.camera.flyTo({
            destination: Rectangle.fromRadians(
              r.west - r.width * 0.3,
              r.south - r.height * 0.3,
              r.east + r.width * 0.3,
              r.north + r.height * 0.3,
            ),
            duration: 0,
          });
        }
      }
      viewer.scene.requestRender();
    };
    const clear = () => {
      for (const e of shown.values()) viewer.entities.remove(e);
      shown.clear();
    };
    draw();
    window.__consoleFootprints = () =>
      [...shown.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, e]) => ({
          index,
          state: String(e.description?.getValue(viewer.clock.currentTime) ?? ''),
        }));
    const unsubscribe = useTwinStore.subscribe((s, prev) => {
      if (s.consoleSelected !== prev.consoleSelected) clear();
      if (
        s.consoleDalles !== prev.consoleDalles ||
        s.consoleSelected !== prev.consoleSelected ||
        s.consolePreview !== prev.consolePreview
      )
        draw();
      if (s.consoleFlyTo && s.consoleFlyTo !== prev.consoleFlyTo && !viewer.isDestroyed()) {
        const b = tileToLonLatBounds(s.consoleFlyTo);
        viewer.camera.flyTo({
          destination: Rectangle.fromDegrees(b.minX, b.minY, b.maxX, b.maxY),
          duration: 0.8,
        });
      }
    });
    const handler = new ScreenSpaceEventHandler(viewer.scene.canvas);
    handler.setInputAction((click: ScreenSpaceEventHandler.PositionedEvent) => {
      const picked = viewer.scene.pick(click.position);
      const id = defined(picked) ? (picked.id as Entity | undefined)?.id : undefined;
      if (typeof id === 'string' && id.startsWith(PREFIX)) onPick(Number(id.slice(id.lastIndexOf(':') + 1)));
    }, ScreenSpaceEventType.LEFT_CLICK);
    return () => {
      unsubscribe();
      delete window.__consoleFootprints;
      handler.destroy();
      if (!viewer.isDestroyed()) clear();
    };
  }, [viewer, onPick]);
  return null;
}
