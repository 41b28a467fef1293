/**
 * The heat grid of change detections: hectares changed per square cell of the Lambert-93 grid
 * (100 m cells by default: at most 1 ha each), by class. Pure.
 */
import type { Position } from 'geojson';
import { CHANGE_CLASSES } from '../../format/change-classes';
import { polygonAreaInRect } from './area';
import type { PreparedFeature } from './prepare';

/** One cell with changed area. */
export interface HeatCell {
  /** Lambert-93 south-west corner, metres (a multiple of the cell size). */
  readonly x: number;
  readonly y: number;
  /** Changed area in the cell, hectares, all counted classes together. */
  readonly hectares: number;
  /** Changed area by class code, hectares. */
  readonly byClass: Readonly<Record<string, number>>;
}

/**
 * Area of each detection inside each cell it touches, summed per cell; detections with a
 * confidence below `minConfidence` are left out. Cells in row-major order (south to north, west
 * to east) so the output is deterministic.
 */
export function heatGrid(
  features: readonly PreparedFeature[],
  cellMetres: number,
  minConfidence: number,
): HeatCell[] {
  const cells = new Map<string, { x: number; y: number; byClass: Record<string, number> }>();
  for (const f of features) {
    const confidence = Number(f.properties.confidence);
    if (!(confidence >= minConfidence)) continue;
    const cls = String(f.properties.class_code);
    for (const polygon of f.lambert93) {
      const outer = polygon[0] as Position[];
      let minX = Number.POSITIVE_INFINITY;
      let minY = Number.POSITIVE_INFINITY;
      let maxX = Number.NEGATIVE_INFINITY;
      let maxY = Number.NEGATIVE_INFINITY;
      for (const p of outer) {
        minX = Math.min(minX, p[0] as number);
        maxX = Math.max(maxX, p[0] as number);
        minY = Math.min(minY, p[1] as number);
        maxY = Math.max(maxY, p[1] as number);
      }
      const i0 = Math.floor(minX / cellMetres);
      const i1 = Math.ceil(maxX / cellMetres);
      const j0 = Math.floor(minY / cellMetres);
      const j1 = Math.ceil(maxY / cellMetres);
      for (let j = j0; j < j1; j++) {
        for (let i = i0; i < i1; i++) {
          const x = i * cellMetres;
          const y = j * cellMetres;
          const a = polygonAreaInRect(polygon, x, y, x + cellMetres, y + cellMetres);
          if (a <= 0) continue;
          const key = `${j},${i}`;
          const cell = cells.get(key) ?? { x, y, byClass: {} };
          cell.byClass[cls] = (cell.byClass[cls] ?? 0) + a / 10_000;
          cells.set(key, cell);
        }
      }
    }
  }
  const round = (v: number) => Math.round(v * 10_000) / 10_000;
  return [...cells.values()]
    .sort((a, b) => a.y - b.y || a.x - b.x)
    .map((c) => {
      const byClass: Record<string, number> = {};
      let total = 0;
      for (const k of CHANGE_CLASSES.map((cc) => cc.code)) {
        const v = c.byClass[k];
        if (v === undefined) continue;
        byClass[k] = round(v);
        total += v;
      }
      return { x: c.x, y: c.y, hectares: round(total), byClass };
    });
}

/** A heat cell as a prepared feature (square polygon, `ha` and `ha_<class>` attributes). */
export function heatCellFeature(cell: HeatCell, cellMetres: number): PreparedFeature {
  const { x, y } = cell;
  const s = cellMetres;
  const properties: Record<string, string | number> = { id: `${x}-${y}`, ha: cell.hectares };
  for (const [k, v] of Object.entries(cell.byClass)) properties[`ha_${k}`] = v;
  return {
    lambert93: [
      [
        [
          [x, y],
          [x + s, y],
          [x + s, y + s],
          [x, y + s],
          [x, y],
        ],
      ],
    ],
    properties,
  };
}
