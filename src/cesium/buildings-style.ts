/**
 * How the buildings (catalog kind `buildings`, docs/buildings.md) are coloured: the classes of
 * each "colour by" choice (height, use, age, height source), their colours, and the 3D Tiles
 * style (JSON of a Cesium3DTileStyle) reading the per-building metadata (EXT_structural_metadata
 * property table: `${height}`, `${usage}`, `${year}`, `${height_source}`; CesiumJS gives an enum
 * property as its name, and a value equal to the column's noData as undefined). Pure: no Cesium
 * here, so the layer panel's legend and the scenario's planned buildings read the same classes.
 */
import type { BuildingsColour } from '../stores';

/** One legend class: its key (worded by src/i18n/buildings-messages.ts), colour and test. */
export interface BuildingClass {
  readonly key: string;
  /** CSS hex colour, `#rrggbb`. */
  readonly color: string;
  /** 3D Tiles style condition selecting the class (the last class of a list is `true`). */
  readonly condition: string;
  /** The same test on a building's attributes (as read from the property table). */
  readonly test: (p: Readonly<Record<string, unknown>>) => boolean;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Height above the ground, metres: a sequential ramp (light low, dark high). */
export const HEIGHT_CLASSES: readonly BuildingClass[] = [
  { key: 'h0', color: '#ffffb2', condition: `\${height} < 6`, test: (p) => (num(p.height) ?? 0) < 6 },
  { key: 'h6', color: '#fecc5c', condition: `\${height} < 10`, test: (p) => (num(p.height) ?? 0) < 10 },
  { key: 'h10', color: '#fd8d3c', condition: `\${height} < 15`, test: (p) => (num(p.height) ?? 0) < 15 },
  { key: 'h15', color: '#f03b20', condition: `\${height} < 25`, test: (p) => (num(p.height) ?? 0) < 25 },
  { key: 'h25', color: '#bd0026', condition: 'true', test: () => true },
];

/** BD TOPO `usage_1` values (the `usage` enum of tiling/buildings/glb.ts) and their colours. */
export const USAGE_COLOURS: readonly (readonly [usage: string, color: string])[] = [
  ['Résidentiel', '#e6550d'],
  ['Commercial et services', '#3182bd'],
  ['Industriel', '#756bb1'],
  ['Agricole', '#31a354'],
  ['Religieux', '#de2d26'],
  ['Sportif', '#e7ba52'],
  ['Annexe', '#bdbdbd'],
  ['Indifférencié', '#8c8c8c'],
];

/** A style string literal: the usages are fixed texts without quotes. */
const quoted = (s: string) => `'${s.replace(/['\\]/g, '')}'`;

export const USAGE_CLASSES: readonly BuildingClass[] = [
  ...USAGE_COLOURS.map(
    ([usage, color]): BuildingClass => ({
      key: usage,
      color,
      condition: `\${usage} === ${quoted(usage)}`,
      test: (p) => p.usage === usage,
    }),
  ),
  // `Inconnu` (no usage given) and anything else.
  { key: 'Inconnu', color: '#e0e0e0', condition: 'true', test: () => true },
];

/** Year built: the periods of the French thermal regulations (before 1949, RT 1974, 1988, 2000, 2012). */
export const AGE_CLASSES: readonly BuildingClass[] = [
  {
    key: 'unknown',
    color: '#e0e0e0',
    condition: `\${year} === undefined`,
    test: (p) => num(p.year) === undefined,
  },
  { key: 'y0', color: '#8c510a', condition: `\${year} < 1949`, test: (p) => (num(p.year) ?? 0) < 1949 },
  { key: 'y1949', color: '#d8b365', condition: `\${year} < 1975`, test: (p) => (num(p.year) ?? 0) < 1975 },
  { key: 'y1975', color: '#f6e8c3', condition: `\${year} < 1989`, test: (p) => (num(p.year) ?? 0) < 1989 },
  { key: 'y1989', color: '#c7eae5', condition: `\${year} < 2001`, test: (p) => (num(p.year) ?? 0) < 2001 },
  { key: 'y2001', color: '#5ab4ac', condition: `\${year} < 2013`, test: (p) => (num(p.year) ?? 0) < 2013 },
  { key: 'y2013', color: '#01665e', condition: 'true', test: () => true },
];

/** Where the height comes from (`height_source` enum): the DSM first, then the fallbacks. */
export const SOURCE_CLASSES: readonly BuildingClass[] = [
  {
    key: 'dsm',
    color: '#1a9641',
    condition: `\${height_source} === 'dsm'`,
    test: (p) => p.height_source === 'dsm',
  },
  {
    key: 'hauteur',
    color: '#a6d96a',
    condition: `\${height_source} === 'hauteur'`,
    test: (p) => p.height_source === 'hauteur',
  },
  {
    key: 'etages',
    color: '#fdae61',
    condition: `\${height_source} === 'etages'`,
    test: (p) => p.height_source === 'etages',
  },
  { key: 'default', color: '#d7191c', condition: 'true', test: () => true },
];

/** The classes of a "colour by" choice, in legend order (the first matching one wins). */
export function buildingClasses(by: BuildingsColour): readonly BuildingClass[] {
  switch (by) {
    case 'usage':
      return USAGE_CLASSES;
    case 'age':
      return AGE_CLASSES;
    case 'source':
      return SOURCE_CLASSES;
    default:
      return HEIGHT_CLASSES;
  }
}

/** The class of a building's attributes under a choice (the last one when nothing else fits). */
export function classOf(by: BuildingsColour, p: Readonly<Record<string, unknown>>): BuildingClass {
  const classes = buildingClasses(by);
  return classes.find((c) => c.test(p)) ?? (classes[classes.length - 1] as BuildingClass);
}

/** The colour a building `heightM` high gets from the height ramp (the scenario's planned ones). */
export function heightColour(heightM: number): string {
  return classOf('height', { height: heightM }).color;
}

/** The picked building's colour: the picking outline's yellow. */
export const PICKED_COLOUR = '#ffe600';

/** A BD TOPO `cleabs` as it may go in a style string: letters, digits, `_`, `.`, `-` only. */
const SAFE_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/** `color('#rrggbb', a)` with the alpha at 3 decimals. */
const colour = (hex: string, alpha: number) =>
  `color('${hex}', ${Math.min(1, Math.max(0, alpha)).toFixed(3)})`;

/** The JSON of a Cesium3DTileStyle: `color` by conditions (every building shown). */
export interface BuildingsStyleJson {
  readonly color: { readonly conditions: readonly (readonly [string, string])[] };
}

/**
 * The style of a buildings tileset: each building the colour of its class under `by`, at
 * `opacity`; the building whose `id` is `pickedId` (if its id is a plain BD TOPO identifier) in
 * {@link PICKED_COLOUR}, opaque.
 */
export function buildingsStyleJson(
  by: BuildingsColour,
  opacity: number,
  pickedId: string | null = null,
): BuildingsStyleJson {
  const conditions: [string, string][] = [];
  if (pickedId !== null && SAFE_ID.test(pickedId))
    conditions.push([`\${id} === '${pickedId}'`, colour(PICKED_COLOUR, 1)]);
  for (const c of buildingClasses(by)) conditions.push([c.condition, colour(c.color, opacity)]);
  return { color: { conditions } };
}
