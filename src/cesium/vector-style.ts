/**
 * How OCS2D, change and heat features are painted: the fill of one feature from its attributes
 * and the user's choices. Pure (no Cesium, no DOM), shared by painting and picking so that what
 * is picked is what is shown.
 */
import type { ChangeClassCode, Ocs2dNomenclature, TwinState, VectorLegendEntry } from '../stores';

export type { VectorLegendEntry, VectorMetadata } from '../stores';

/** The user's choices that change the picture. */
export interface VectorStyle {
  readonly nomenclature: Ocs2dNomenclature;
  readonly changeClasses: Readonly<Record<ChangeClassCode, boolean>>;
  readonly minConfidence: number;
}

/** The style the store's choices make (nomenclature, change classes, minimum confidence). */
export const vectorStyleOf = (s: TwinState): VectorStyle => ({
  nomenclature: s.ocs2dNomenclature,
  changeClasses: s.changeClasses,
  minConfidence: s.minConfidence,
});

/** Colour of features whose code has no legend entry (e.g. no ENAF class without a spatial rule). */
export const UNCLASSIFIED_COLOUR = '#b0b0b0';

/** Heat ramp: light yellow (little change) to dark red (the whole cell changed). */
const HEAT_RAMP: readonly [number, number, number][] = [
  [255, 255, 178],
  [254, 204, 92],
  [253, 141, 60],
  [240, 59, 32],
  [189, 0, 38],
];

/** Colour of a heat value `t` in 0..1, as `rgba(...)` with an alpha that grows with `t`. */
export function heatColour(t: number): string {
  const v = Math.min(1, Math.max(0, t)) * (HEAT_RAMP.length - 1);
  const i = Math.min(HEAT_RAMP.length - 2, Math.floor(v));
  const f = v - i;
  const a = HEAT_RAMP[i] as [number, number, number];
  const b = HEAT_RAMP[i + 1] as [number, number, number];
  const c = a.map((x, k) => Math.round(x + ((b[k] as number) - x) * f));
  return `rgba(${c[0]},${c[1]},${c[2]},${(0.45 + 0.5 * Math.min(1, t)).toFixed(2)})`;
}

/** Hectares of a heat cell counting only the classes shown. */
export function heatHectares(
  props: Readonly<Record<string, unknown>>,
  classes: VectorStyle['changeClasses'],
): number {
  let ha = 0;
  for (const [code, shown] of Object.entries(classes)) {
    const v = props[`ha_${code}`];
    if (shown && typeof v === 'number') ha += v;
  }
  return ha;
}

/** Whether a change detection passes the class and confidence filters. */
export function changeShown(props: Readonly<Record<string, unknown>>, style: VectorStyle): boolean {
  const code = props.class_code;
  const confidence = props.confidence;
  return (
    typeof code === 'string' &&
    style.changeClasses[code as ChangeClassCode] === true &&
    typeof confidence === 'number' &&
    confidence >= style.minConfidence
  );
}

/** Colour table of a legend group: code -> colour. */
export function colourTable(entries: readonly VectorLegendEntry[] | undefined): Map<string, string> {
  // Colours come from a data file: only #rrggbb reaches the canvas.
  return new Map(
    (entries ?? []).filter((e) => /^#[0-9a-f]{6}$/i.test(e.colour)).map((e) => [e.code, e.colour]),
  );
}

/**
 * The fill of one feature of tile layer `tileLayer`, or null when it is filtered out: the one
 * switch over the tile layers (`ocs2d`, `changes`, `heat`), for painting and, through
 * {@link featureShown}, for picking. `colours` is the legend group in use (the nomenclature for
 * OCS2D, `class` for changes); `cellHectares` the area of a full heat cell.
 */
export function featureFill(
  tileLayer: string,
  props: Readonly<Record<string, unknown>>,
  style: VectorStyle,
  colours: ReadonlyMap<string, string>,
  cellHectares = 1,
): string | null {
  if (tileLayer === 'ocs2d') {
    const code = props[style.nomenclature];
    return (code === undefined ? undefined : colours.get(String(code))) ?? UNCLASSIFIED_COLOUR;
  }
  if (tileLayer === 'changes') {
    if (!changeShown(props, style)) return null;
    return colours.get(String(props.class_code)) ?? UNCLASSIFIED_COLOUR;
  }
  if (tileLayer === 'heat') {
    const ha = heatHectares(props, style.changeClasses);
    return ha > 0 ? heatColour(ha / cellHectares) : null;
  }
  return null;
}

const NO_COLOURS: ReadonlyMap<string, string> = new Map();

/** Whether the globe shows a feature of tile layer `tileLayer` with `style` (what may be picked). */
export function featureShown(
  tileLayer: string,
  props: Readonly<Record<string, unknown>>,
  style: VectorStyle,
): boolean {
  // Shown is "has a fill"; colours only change which one, so none are needed here.
  return featureFill(tileLayer, props, style, NO_COLOURS) !== null;
}
