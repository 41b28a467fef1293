/**
 * The permalink: the view's state as the URL's fragment (`#cam=…&l=…`), and back. Parsing is
 * validation at the edge (zod): each parameter is read on its own, so one bad value falls back
 * to its default and is named in the returned `invalid` list while the others still apply.
 *
 * Format (values use only `[A-Za-z0-9_.,~-]`, so nothing needs escaping):
 * - `cam=lon,lat,heightMetres,headingDegrees,pitchDegrees,rollDegrees`
 * - `l=id,visible(0|1),opacityPercent~id,…` layers, first drawn on top. Visibility and opacity
 *   belong to a layer's series (src/stores/series.ts): the link lists every vintage with its
 *   series' values; an older link that shows one vintage and hides another shows the series.
 * - `v=2021` vintage shown (absent: the latest)
 * - `cmp=left,right,position` compare mode on (position 0..1)
 * - `nom=cs|us|p4|p21|enaf` OCS2D nomenclature
 * - `terr=epci:200093201` the chosen territory (`<kind>:<code>`)
 * - `sel=layerId,lon,lat[,id]` the picked feature, re-picked at that point (a building: found by
 *   its id, the 4th field, in the tiles the view loads)
 * - `scn=scenarios/projet.geojson` a scenario file served with the twin (same origin only)
 * - `lang=en` the interface language (absent: French). The older `?lang=en` query still opens
 *   the viewer in English; the permalink then carries the language and the query is dropped.
 */
import { z } from 'zod';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../i18n/locale';
import { type CameraView, OCS2D_NOMENCLATURES, type Ocs2dNomenclature, type TwinState } from '../../stores';

/** Longest fragment read; a longer one is refused whole (a hostile or broken link). */
export const MAX_FRAGMENT_LENGTH = 4000;
/** Most layers a link may list. */
const MAX_LAYERS = 200;

/** The parts of the view a permalink carries; absent parts keep their defaults. */
export interface PermalinkState {
  readonly camera?: CameraView;
  readonly layers?: readonly { readonly id: string; readonly visible: boolean; readonly opacity: number }[];
  readonly vintage?: number;
  readonly compare?: { readonly left: number; readonly right: number; readonly position: number };
  readonly nomenclature?: Ocs2dNomenclature;
  /** "<kind>:<code>" of the chosen territory. */
  readonly territory?: string;
  /** The picked feature: its layer and the point clicked, degrees. */
  readonly selection?: {
    readonly layerId: string;
    readonly lon: number;
    readonly lat: number;
    /** The feature's id, for a building (3D tiles cannot be re-picked at a point without a view). */
    readonly feature?: string;
  };
  /** URL (relative to the page, or same-origin) of a scenario file. */
  readonly scenario?: string;
  /** The interface language (absent: the default, French). */
  readonly lang?: Locale;
}

/** What {@link decodePermalink} read, and the names of the parameters it had to ignore. */
export interface DecodedPermalink {
  readonly state: PermalinkState;
  readonly invalid: readonly string[];
}

const SAFE = /^[A-Za-z0-9_.,~-]*$/;
/** A plain decimal number written as text (no exponent, no Infinity, no empty string). */
const Num = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d{1,12}(\.\d{1,12})?$/)
    .transform(Number)
    .pipe(z.number().min(min).max(max));
const Vintage = z
  .string()
  .regex(/^\d{4}$/)
  .transform(Number)
  .pipe(z.number().int().min(1950).max(2100));
const csv = (n: number) =>
  z
    .string()
    .regex(SAFE)
    .transform((s) => s.split(','))
    .pipe(z.array(z.string().min(1)).length(n));

const CameraParam = csv(6).pipe(
  z.tuple([
    Num(-180, 180),
    Num(-90, 90),
    Num(-10_000, 100_000_000),
    Num(-720, 720),
    Num(-720, 720),
    Num(-720, 720),
  ]),
);
const LayerItem = z
  .string()
  .transform((s) => s.split(','))
  .pipe(
    z.tuple([
      z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/),
      z.enum(['0', '1']),
      z
        .string()
        .regex(/^\d{1,3}$/)
        .transform(Number)
        .pipe(z.number().int().min(0).max(100)),
    ]),
  );
const LayersParam = z
  .string()
  .regex(SAFE)
  .transform((s) => s.split('~'))
  .pipe(z.array(LayerItem).min(1).max(MAX_LAYERS));
const CompareParam = csv(3).pipe(z.tuple([Vintage, Vintage, Num(0, 1)]));
const NomenclatureParam = z.enum(OCS2D_NOMENCLATURES);
const LayerIdText = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/);
const TerritoryParam = z.string().regex(/^(region|dep|scot|epci|commune):[0-9A-Za-z]{1,12}$/);
const FeatureIdText = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);
const SelectionParam = z.union([
  csv(3).pipe(z.tuple([LayerIdText, Num(-180, 180), Num(-90, 90)])),
  csv(4).pipe(z.tuple([LayerIdText, Num(-180, 180), Num(-90, 90), FeatureIdText])),
]);
/** A relative path or same-origin URL of a .json/.geojson file: no scheme, no `//`, no `..`. */
const ScenarioParam = z
  .string()
  .max(300)
  .regex(/^(?!.*\.\.)(?!\/\/)[A-Za-z0-9_~/.-]+\.(geo)?json$/);

const LangParam = z.enum(LOCALES);

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** The fragment (without `#`) for a state; deterministic, so equal states give equal links. */
export function encodePermalink(p: PermalinkState): string {
  const parts: string[] = [];
  if (p.camera) {
    const c = p.camera;
    parts.push(
      `cam=${[
        round(c.lon, 7),
        round(c.lat, 7),
        round(c.heightMetres, 2),
        round(c.headingDegrees, 3),
        round(c.pitchDegrees, 3),
        round(c.rollDegrees, 3),
      ].join(',')}`,
    );
  }
  if (p.layers && p.layers.length > 0)
    parts.push(
      `l=${p.layers.map((l) => `${l.id},${l.visible ? 1 : 0},${Math.round(l.opacity * 100)}`).join('~')}`,
    );
  if (p.vintage !== undefined) parts.push(`v=${p.vintage}`);
  if (p.compare) parts.push(`cmp=${p.compare.left},${p.compare.right},${round(p.compare.position, 4)}`);
  if (p.nomenclature) parts.push(`nom=${p.nomenclature}`);
  if (p.territory) parts.push(`terr=${p.territory}`);
  if (p.selection)
    parts.push(
      `sel=${p.selection.layerId},${round(p.selection.lon, 7)},${round(p.selection.lat, 7)}${
        p.selection.feature !== undefined ? `,${p.selection.feature}` : ''
      }`,
    );
  if (p.scenario) parts.push(`scn=${p.scenario}`);
  if (p.lang && p.lang !== DEFAULT_LOCALE) parts.push(`lang=${p.lang}`);
  return parts.join('&');
}

/**
 * Reads a fragment (with or without `#`). Never throws: a parameter that does not validate is
 * left out of `state` and its name added to `invalid`; unknown parameters are ignored.
 */
export function decodePermalink(fragment: string): DecodedPermalink {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text === '') return { state: {}, invalid: [] };
  if (text.length > MAX_FRAGMENT_LENGTH) return { state: {}, invalid: ['#'] };
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(text);
  } catch {
    return { state: {}, invalid: ['#'] };
  }
  const invalid: string[] = [];
  const state: { -readonly [K in keyof PermalinkState]: PermalinkState[K] } = {};
  const read = <T>(name: string, schema: z.ZodType<T>, use: (v: T) => void) => {
    const raw = params.get(name);
    if (raw === null) return;
    const r = schema.safeParse(raw);
    if (r.success) use(r.data);
    else invalid.push(name);
  };
  read('cam', CameraParam, ([lon, lat, heightMetres, headingDegrees, pitchDegrees, rollDegrees]) => {
    state.camera = { lon, lat, heightMetres, headingDegrees, pitchDegrees, rollDegrees };
  });
  read('l', LayersParam, (items) => {
    state.layers = items.map(([id, visible, percent]) => ({
      id,
      visible: visible === '1',
      opacity: percent / 100,
    }));
  });
  read('v', Vintage, (v) => {
    state.vintage = v;
  });
  read('cmp', CompareParam, ([left, right, position]) => {
    state.compare = { left, right, position };
  });
  read('nom', NomenclatureParam, (n) => {
    state.nomenclature = n;
  });
  read('terr', TerritoryParam, (t) => {
    state.territory = t;
  });
  read('sel', SelectionParam, ([layerId, lon, lat, feature]) => {
    state.selection = feature === undefined ? { layerId, lon, lat } : { layerId, lon, lat, feature };
  });
  read('scn', ScenarioParam, (u) => {
    state.scenario = u;
  });
  read('lang', LangParam, (l) => {
    state.lang = l;
  });
  return { state, invalid };
}

/** The permalink state of the store (layers in the user's order, first on top). */
/** The link's `sel` of a picked feature: a building with its id (when the id fits in a link). */
function selectionOf(picked: NonNullable<TwinState['picked']>): NonNullable<PermalinkState['selection']> {
  const { layerId, lon, lat } = picked;
  const id = picked.properties.id;
  return picked.tileLayer === 'building' && typeof id === 'string' && FeatureIdText.safeParse(id).success
    ? { layerId, lon, lat, feature: id }
    : { layerId, lon, lat };
}

export function permalinkFromStore(s: TwinState): PermalinkState {
  const layers = s.layerOrder.flatMap((id) => {
    const l = s.layers[id];
    return l ? [{ id, visible: l.visible, opacity: l.opacity }] : [];
  });
  return {
    ...(s.camera ? { camera: s.camera } : {}),
    ...(layers.length > 0 ? { layers } : {}),
    ...(s.vintage !== null ? { vintage: s.vintage } : {}),
    ...(s.compare.enabled && s.compare.left !== null && s.compare.right !== null
      ? { compare: { left: s.compare.left, right: s.compare.right, position: s.compare.position } }
      : {}),
    ...(s.ocs2dNomenclature !== 'cs' ? { nomenclature: s.ocs2dNomenclature } : {}),
    ...(s.territoryFocus ? { territory: `${s.territoryFocus.kind}:${s.territoryFocus.code}` } : {}),
    ...(s.picked ? { selection: selectionOf(s.picked) } : {}),
    ...(s.scenarioUrl ? { scenario: s.scenarioUrl } : {}),
    ...(s.locale !== DEFAULT_LOCALE ? { lang: s.locale } : {}),
  };
}

/**
 * Applies a decoded permalink to the store once the catalog is loaded. Layers the catalog does
 * not have are skipped and reported (returned `invalid` gains `l`).
 */
export function applyPermalink(p: PermalinkState, store: { getState: () => TwinState }): string[] {
  const invalid: string[] = [];
  const s = store.getState();
  if (p.layers) {
    const known = p.layers.filter((l) => s.layers[l.id] !== undefined);
    if (known.length !== p.layers.length) invalid.push('l');
    // Visibility and opacity are the series' (every vintage of it): a series is shown when one
    // of its listed layers is (links written before layers were series list each vintage on its
    // own, e.g. ortho-2024 shown and ortho-2021 hidden), at that layer's opacity.
    const bySeries = new Map<string, (typeof known)[number][]>();
    for (const l of known) {
      const key = s.layerSeriesKeys[l.id] ?? l.id;
      bySeries.set(key, [...(bySeries.get(key) ?? []), l]);
    }
    for (const [key, items] of bySeries) {
      const shown = items.find((l) => l.visible);
      s.setSeriesVisible(key, shown !== undefined);
      s.setSeriesOpacity(key, (shown ?? items[0])?.opacity ?? 1);
    }
    // Order: move each listed series to its rank, top first; unlisted ones keep their relative place.
    [...bySeries.keys()].forEach((key, rank) => {
      const now = store.getState();
      const blocks = [...new Set(now.layerOrder.map((id) => now.layerSeriesKeys[id] ?? id))];
      const from = blocks.indexOf(key);
      if (from >= 0 && from !== rank) now.moveSeries(key, rank - from);
    });
  }
  if (p.vintage !== undefined) s.setVintage(p.vintage);
  if (p.compare) {
    s.startCompare(p.compare.left, p.compare.right);
    s.setComparePosition(p.compare.position);
  }
  if (p.nomenclature) s.setOcs2dNomenclature(p.nomenclature);
  if (p.territory) s.setPendingTerritory(p.territory);
  if (p.scenario) s.setPendingScenarioUrl(p.scenario);
  if (p.selection && s.layers[p.selection.layerId] === undefined) invalid.push('sel');
  if (p.camera) s.requestCamera(p.camera);
  if (p.lang && p.lang !== s.locale) s.setLocale(p.lang);
  return invalid;
}
