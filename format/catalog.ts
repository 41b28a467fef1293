/**
 * The catalog: the JSON file that tells the viewer which layers exist (docs/catalog.md).
 *
 * It is input like any other, so it is validated once, here, entry by entry: a wrong entry is
 * reported (which entry, which field, what was received) and left out, the valid ones are kept.
 * Relative URLs are resolved against the catalog's own URL, so a twin folder can move as a whole.
 */
import { z } from 'zod';
import {
  type CatalogIssue,
  type CatalogProblem,
  formatPath,
  summariseValue,
  valueAt,
  zodIssueToProblem,
} from './catalog-problems';
import { type Bbox, isValidBbox } from './grid';

export * from './catalog-problems';

/** The catalog format version this viewer reads. */
export const CATALOG_VERSION = 1;

/** Every layer kind the format knows; see {@link DISPLAYED_KINDS} for those drawn today. */
export const LAYER_KINDS = [
  'orthoimagery',
  'terrain',
  'buildings',
  '3dtiles',
  'ocs2d',
  'changes',
  'territories',
] as const;
/** One of {@link LAYER_KINDS}. */
export type LayerKind = (typeof LAYER_KINDS)[number];

/** Kinds the globe does not draw yet: listed with a "coming soon" note. */
const COMING_KINDS: ReadonlySet<LayerKind> = new Set<LayerKind>(['territories']);

/** Kinds the globe draws now: every kind but the {@link COMING_KINDS}. */
export const DISPLAYED_KINDS: ReadonlySet<LayerKind> = new Set(
  LAYER_KINDS.filter((k) => !COMING_KINDS.has(k)),
);

/** A text given once (French) or per language. */
export type LocalizedText = string | { readonly fr: string; readonly en?: string };

/** Deepest Web Mercator level accepted (PCRS 5 cm needs 21; a little margin for finer sources). */
export const MAX_ZOOM_LEVEL = 24;

/** Placeholders Cesium's UrlTemplateImageryProvider fills for an XYZ pyramid. */
const XYZ_PLACEHOLDERS = new Set(['z', 'x', 'y', 'reverseX', 'reverseY', 'reverseZ', 's']);

/** A check whose failure is one fixed {@link CatalogProblem}. */
function custom<T>(guard: (v: unknown) => boolean, problem: CatalogProblem) {
  return z.custom<T>(guard, { params: { problem } });
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function isLocalizedText(v: unknown): boolean {
  if (typeof v === 'string') return v.trim() !== '';
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const { fr, en } = v as { fr?: unknown; en?: unknown };
  return typeof fr === 'string' && fr.trim() !== '' && (en === undefined || typeof en === 'string');
}

function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 0x20 || s.charCodeAt(i) === 0x7f) return true;
  return false;
}

/**
 * Whether `v` is a URL the viewer may fetch: a relative reference, or an absolute http(s) URL.
 * Other schemes (javascript:, file:, data:) are refused: a catalog must not smuggle them in.
 */
export function isFetchableUrl(v: unknown): v is string {
  if (typeof v !== 'string' || v === '' || /\s/.test(v) || hasControlCharacter(v)) return false;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(v);
  if (scheme && !/^https?$/i.test(scheme[1] ?? '')) return false;
  try {
    new URL(v, 'http://catalog.invalid/');
    return true;
  } catch {
    return false;
  }
}

/** The problem with an XYZ URL template, or `null` when it is usable. */
export function xyzTemplateProblem(v: unknown): CatalogProblem | null {
  if (!isFetchableUrl(v)) return { code: 'template', missing: ['z', 'x', 'y'] };
  const found = new Set([...v.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? ''));
  for (const name of found) {
    if (!XYZ_PLACEHOLDERS.has(name)) return { code: 'templateUnknown', placeholder: name };
  }
  const missing = ['z', 'x', 'y'].filter((n) => {
    if (found.has(n)) return false;
    // Cesium also accepts the reversed forms (TMS-style rows, for instance).
    return !found.has(`reverse${n.toUpperCase()}`);
  });
  return missing.length > 0 ? { code: 'template', missing } : null;
}

const LayerId = custom<string>((v) => typeof v === 'string' && ID_PATTERN.test(v), { code: 'idFormat' });
const Text = custom<LocalizedText>(isLocalizedText, { code: 'localizedText' });
const Url = custom<string>(isFetchableUrl, { code: 'url' });
const BboxDegrees = custom<Bbox>((v) => Array.isArray(v) && isValidBbox(v), { code: 'bbox' });
const NonEmpty = z.string().min(1);
const Zoom = z.number().int().min(0).max(MAX_ZOOM_LEVEL);

const XyzTemplate = z.custom<string>().superRefine((v, ctx) => {
  const problem = xyzTemplateProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', params: { problem }, input: v });
});

/** Reports `maxZoom < minZoom` on `maxZoom`. */
function checkZoomOrder(
  s: { minZoom?: number | undefined; maxZoom?: number | undefined },
  ctx: z.RefinementCtx,
) {
  if (typeof s.minZoom === 'number' && typeof s.maxZoom === 'number' && s.maxZoom < s.minZoom) {
    ctx.addIssue({
      code: 'custom',
      path: ['maxZoom'],
      params: { problem: { code: 'zoomOrder', minZoom: s.minZoom } },
      input: s.maxZoom,
    });
  }
}

/** An XYZ pyramid (the twin's own imagery): `maxZoom` is required so no missing tile is asked for. */
const XyzSource = z
  .object({
    type: z.literal('xyz'),
    url: XyzTemplate,
    minZoom: Zoom.default(0),
    maxZoom: Zoom,
    bounds: BboxDegrees.optional(),
  })
  .superRefine(checkZoomOrder);

/** An OGC WMTS layer (IGN Géoplateforme, GeoServer/GeoWebCache). */
const WmtsSource = z
  .object({
    type: z.literal('wmts'),
    url: Url,
    layer: NonEmpty,
    tileMatrixSet: NonEmpty,
    format: NonEmpty.default('image/jpeg'),
    style: z.string().default('default'),
    /** Matrix identifiers when they are not "0", "1"… (GeoWebCache uses "EPSG:900913:0"…). */
    tileMatrixLabels: z.array(z.string()).optional(),
    minZoom: Zoom.optional(),
    maxZoom: Zoom.optional(),
    bounds: BboxDegrees.optional(),
  })
  .superRefine(checkZoomOrder);

/** An OGC WMS layer (Géo2France GeoServer). */
const WmsSource = z
  .object({
    type: z.literal('wms'),
    url: Url,
    layers: NonEmpty,
    format: NonEmpty.default('image/png'),
    transparent: z.boolean().optional(),
    styles: z.string().default(''),
    minZoom: Zoom.optional(),
    maxZoom: Zoom.optional(),
    bounds: BboxDegrees.optional(),
  })
  .superRefine(checkZoomOrder);

/** A 3D Tiles tileset (`tileset.json`). */
const Tiles3dSource = z.object({ type: z.literal('3dtiles').optional(), url: Url });

/**
 * Cesium quantized-mesh-1.0 terrain (`tiling terrain`, docs/terrain.md): `url` is the folder
 * holding `layer.json` (CesiumTerrainProvider's URL). The globe's ground: every imagery layer
 * drapes on it.
 */
const QuantizedMeshSource = z.object({ type: z.literal('quantized-mesh'), url: Url });

/** A GeoJSON file; RFC 7946 says WGS 84, the twin also writes Lambert-93 (EPSG:2154). */
const GeoJsonSource = z.object({
  type: z.literal('geojson'),
  url: Url,
  crs: z.enum(['EPSG:4326', 'EPSG:2154']).default('EPSG:4326'),
});

/**
 * An OGC WFS 2.0 feature type read as GeoJSON for the view's extent only, page by page
 * (`count` / `startIndex`), never as a whole (src/ogc/wfs-loader.ts, docs/ogc.md).
 */
const WfsSource = z.object({
  type: z.literal('wfs'),
  url: Url,
  typeName: NonEmpty,
  outputFormat: NonEmpty.default('application/json'),
  pageSize: z.number().int().min(1).max(10_000).default(500),
  maxFeatures: z.number().int().min(1).max(100_000).default(5000),
  /** Closer than this Web Mercator zoom only: a regional view would ask for too much. */
  minZoom: Zoom.default(10),
});

/**
 * A Web Mercator pyramid of Mapbox Vector Tiles written by `tiling vector` (docs/vector.md): the
 * viewer paints `layer` into imagery (draped on terrain and 3D tiles) and picks from the tiles.
 */
const MvtSource = z
  .object({
    type: z.literal('mvt'),
    url: XyzTemplate,
    /** The pyramid's metadata.json (legend, fields); relative to the catalog like `url`. */
    metadata: Url,
    /** Tile layer painted: `ocs2d`, `changes` (polygons) or `heat` (hectares per cell). */
    layer: z.enum(['ocs2d', 'changes', 'heat']),
    minZoom: Zoom.default(0),
    maxZoom: Zoom,
    bounds: BboxDegrees.optional(),
  })
  .superRefine(checkZoomOrder);

/** Sources of the vector kinds: a GeoJSON file, a WFS feature type or vector tiles. */
const VectorSource = z.discriminatedUnion('type', [GeoJsonSource, WfsSource, MvtSource]);

const layerFields = {
  id: LayerId,
  title: Text,
  /** Millésime: the year the data describes. */
  vintage: z.number().int().min(1950).max(2100).optional(),
  /**
   * The series this entry is a vintage of (same id on each vintage); without it, entries are
   * grouped by kind and source (src/stores/series.ts, docs/catalog.md).
   */
  series: LayerId.optional(),
  /** The series' name in the layer panel (default: the entries' title without the year). */
  seriesTitle: Text.optional(),
  attribution: z.string().optional(),
  visible: z.boolean().default(true),
  opacity: z.number().min(0).max(1).default(1),
};

const OrthoLayer = z.object({
  ...layerFields,
  kind: z.literal('orthoimagery'),
  source: z.discriminatedUnion('type', [XyzSource, WmtsSource, WmsSource]),
});
const Tiles3dLayer = z.object({ ...layerFields, kind: z.literal('3dtiles'), source: Tiles3dSource });
/** The globe's terrain (one drawn at a time: the first visible one). */
const TerrainLayer = z.object({ ...layerFields, kind: z.literal('terrain'), source: QuantizedMeshSource });
/**
 * Buildings as 3D Tiles 1.1 with per-building metadata (`tiling buildings`, docs/buildings.md):
 * styled by height, use, age or height source, and picked per building.
 */
const BuildingsLayer = z.object({ ...layerFields, kind: z.literal('buildings'), source: Tiles3dSource });
const Ocs2dLayer = z.object({ ...layerFields, kind: z.literal('ocs2d'), source: VectorSource });
const ChangesLayer = z.object({ ...layerFields, kind: z.literal('changes'), source: VectorSource });
const TerritoriesLayer = z.object({ ...layerFields, kind: z.literal('territories'), source: VectorSource });

/** Schema of one entry of `layers`: a union discriminated by `kind` (then by `source.type`). */
export const LayerEntrySchema = z.discriminatedUnion('kind', [
  OrthoLayer,
  TerrainLayer,
  BuildingsLayer,
  Tiles3dLayer,
  Ocs2dLayer,
  ChangesLayer,
  TerritoriesLayer,
]);

/** A validated layer entry, URLs resolved, defaults applied. */
export type LayerEntry = z.output<typeof LayerEntrySchema>;
/** A validated orthoimagery entry. */
export type OrthoLayerEntry = Extract<LayerEntry, { kind: 'orthoimagery' }>;
/** A validated 3D Tiles entry. */
export type Tiles3dLayerEntry = Extract<LayerEntry, { kind: '3dtiles' }>;
/** A validated terrain entry (quantized-mesh). */
export type TerrainLayerEntry = Extract<LayerEntry, { kind: 'terrain' }>;
/** A validated buildings entry (3D Tiles with building metadata). */
export type BuildingsLayerEntry = Extract<LayerEntry, { kind: 'buildings' }>;
/** A validated entry of a vector kind (ocs2d, changes, territories). */
export type VectorLayerEntry = Extract<LayerEntry, { kind: 'ocs2d' | 'changes' | 'territories' }>;
/** A validated vector entry whose source is a WFS feature type. */
export type WfsLayerEntry = VectorLayerEntry & { readonly source: { readonly type: 'wfs' } };
/**
 * Whether the globe draws this entry: a kind of {@link DISPLAYED_KINDS}, and for OCS2D and
 * changes a source it paints (vector tiles; GeoJSON files are listed as coming soon).
 */
export function isDisplayedEntry(entry: LayerEntry): boolean {
  if (!DISPLAYED_KINDS.has(entry.kind)) return false;
  return !((entry.kind === 'ocs2d' || entry.kind === 'changes') && entry.source.type === 'geojson');
}
/** A validated ocs2d/changes entry drawn from vector tiles (`source.type: "mvt"`). */
export type MvtLayerEntry = Extract<LayerEntry, { kind: 'ocs2d' | 'changes' }> & {
  readonly source: { readonly type: 'mvt' };
};
/** The source of an orthoimagery entry. */
export type ImagerySource = OrthoLayerEntry['source'];

/** A validated catalog: only the entries that passed, in file order. */
export interface Catalog {
  readonly version: typeof CATALOG_VERSION;
  readonly title?: LocalizedText;
  /** Home view, `[west, south, east, north]` degrees; absent means Hauts-de-France. */
  readonly home?: Bbox;
  readonly layers: readonly LayerEntry[];
  /**
   * Indicators (docs/indicators.md): `stats`, the URL of `tiling stats`' file (resolved against
   * the catalog), and `sraddet`, consumption targets per territory (checked by the panel).
   */
  readonly indicators?: { readonly stats?: string; readonly sraddet?: unknown };
}

/** What {@link parseCatalog} found: the usable part (null when nothing is) and every problem. */
export interface CatalogParseResult {
  readonly catalog: Catalog | null;
  readonly issues: readonly CatalogIssue[];
}

/**
 * Resolves `url` against `base` (the catalog's URL) and keeps `{z}`-style placeholders intact:
 * the URL parser percent-encodes braces in paths.
 */
export function resolveUrl(url: string, base: string): string {
  return new URL(url, base).href.replace(/%7B([A-Za-z]*)%7D/g, '{$1}');
}

function issueAt(path: readonly PropertyKey[], problem: CatalogProblem, root: unknown): CatalogIssue {
  const found = valueAt(root, path);
  if (!found.present || problem.code === 'required')
    return { path: formatPath(path), problem: { code: 'required' } };
  return { path: formatPath(path), problem, received: summariseValue(found.value) };
}

function withUrlsResolved(entry: LayerEntry, base: string): LayerEntry {
  const source = { ...entry.source, url: resolveUrl(entry.source.url, base) };
  if ('metadata' in source) source.metadata = resolveUrl(source.metadata, base);
  return { ...entry, source } as LayerEntry;
}

/** The catalog's `indicators` section, its stats URL resolved; anything else is ignored. */
function indicatorsOf(raw: unknown, base: string): Pick<Catalog, 'indicators'> {
  if (typeof raw !== 'object' || raw === null) return {};
  const { stats, sraddet } = raw as { stats?: unknown; sraddet?: unknown };
  return {
    indicators: {
      ...(typeof stats === 'string' && stats !== '' ? { stats: resolveUrl(stats, base) } : {}),
      ...(sraddet !== undefined ? { sraddet } : {}),
    },
  };
}

/**
 * Validates a parsed catalog JSON document.
 *
 * Problems with the file as a whole (not an object, wrong `version`, `layers` not a list) give
 * `catalog: null`. A bad `title` or `home` is reported and ignored. Each bad layer entry is
 * reported with its position and id and left out; a repeated id keeps the first entry.
 *
 * @param json - the document, as `JSON.parse` returned it
 * @param catalogUrl - absolute URL the catalog was read from; relative URLs resolve against it
 */
export function parseCatalog(json: unknown, catalogUrl: string): CatalogParseResult {
  const issues: CatalogIssue[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { catalog: null, issues: [issueAt([], { code: 'type', expected: 'object' }, json)] };
  }
  const root = json as Record<string, unknown>;
  if (root.version !== CATALOG_VERSION) {
    issues.push(issueAt(['version'], { code: 'oneOf', options: [String(CATALOG_VERSION)] }, root));
  }
  if (!Array.isArray(root.layers)) {
    issues.push(issueAt(['layers'], { code: 'type', expected: 'array' }, root));
  }
  if (issues.length > 0) return { catalog: null, issues };

  let title: LocalizedText | undefined;
  if (root.title !== undefined) {
    if (isLocalizedText(root.title)) title = root.title as LocalizedText;
    else issues.push(issueAt(['title'], { code: 'localizedText' }, root));
  }
  let home: Bbox | undefined;
  if (root.home !== undefined) {
    if (Array.isArray(root.home) && isValidBbox(root.home)) home = root.home;
    else issues.push(issueAt(['home'], { code: 'bbox' }, root));
  }

  const layers: LayerEntry[] = [];
  const firstIndexById = new Map<string, number>();
  (root.layers as unknown[]).forEach((raw, layerIndex) => {
    const rawId = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
    const where = { layerIndex, ...(typeof rawId === 'string' && rawId !== '' ? { layerId: rawId } : {}) };
    const result = LayerEntrySchema.safeParse(raw);
    if (!result.success) {
      for (const zi of result.error.issues) {
        issues.push({ ...where, ...issueAt(zi.path, zodIssueToProblem(zi, raw), raw) });
      }
      return;
    }
    const first = firstIndexById.get(result.data.id);
    if (first !== undefined) {
      issues.push({ ...where, ...issueAt(['id'], { code: 'duplicateId', firstIndex: first }, raw) });
      return;
    }
    firstIndexById.set(result.data.id, layerIndex);
    layers.push(withUrlsResolved(result.data, catalogUrl));
  });

  return {
    catalog: {
      version: CATALOG_VERSION,
      ...(title !== undefined ? { title } : {}),
      ...(home ? { home } : {}),
      layers,
      ...indicatorsOf(root.indicators, catalogUrl),
    },
    issues,
  };
}
