/**
 * WMTS 1.0 GetCapabilities: the layers a server offers (formats, styles, tile matrix sets,
 * extents), and the catalog source for one of them (docs/ogc.md).
 */
import type { Bbox } from '../../format/grid';
import { isValidBbox } from '../../format/grid';
import { OgcError } from './errors';
import { attr, child, children, corner, parseXml, text, texts, type XmlNode } from './xml';

/** One matrix (zoom level) of a tile matrix set. */
export interface WmtsTileMatrix {
  readonly identifier: string;
  readonly scaleDenominator: number;
  /** Top-left corner in the set's CRS, in the axis order the document gives. */
  readonly topLeftCorner: readonly [number, number];
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly matrixWidth: number;
  readonly matrixHeight: number;
}

/** A tile matrix set: the grid tiles are cut on. */
export interface WmtsTileMatrixSet {
  readonly identifier: string;
  /** As written, e.g. `EPSG:3857`, `urn:ogc:def:crs:EPSG::3857`, `IGNF:LAMB93`. */
  readonly crs: string;
  readonly matrices: readonly WmtsTileMatrix[];
}

/** Rows and columns a layer has at one matrix. */
export interface WmtsTileMatrixLimits {
  readonly tileMatrix: string;
  readonly minTileRow: number;
  readonly maxTileRow: number;
  readonly minTileCol: number;
  readonly maxTileCol: number;
}

/** A style of a layer. */
export interface WmtsStyle {
  readonly identifier: string;
  readonly title?: string;
  readonly isDefault: boolean;
  readonly legendUrl?: string;
}

/** A layer and the matrix sets it is published in. */
export interface WmtsLayer {
  readonly identifier: string;
  readonly title: string;
  readonly abstract?: string;
  /** `[west, south, east, north]` degrees, when the document gives a valid one. */
  readonly bbox?: Bbox;
  readonly formats: readonly string[];
  readonly styles: readonly WmtsStyle[];
  readonly tileMatrixSetLinks: readonly {
    readonly tileMatrixSet: string;
    readonly limits: readonly WmtsTileMatrixLimits[];
  }[];
  /** REST templates (`ResourceURL`), when the server publishes them. */
  readonly resourceUrls: readonly { readonly format: string; readonly template: string }[];
}

/** What a WMTS GetCapabilities document says. */
export interface WmtsCapabilities {
  readonly title?: string;
  /** The KVP GetTile endpoint, or undefined when the document names none. */
  readonly getTileUrl?: string;
  readonly layers: readonly WmtsLayer[];
  readonly tileMatrixSets: readonly WmtsTileMatrixSet[];
}

const num = (v: string | undefined): number => (v === undefined ? Number.NaN : Number(v));

/** The KVP GET URL of `operation` in an OWS OperationsMetadata element. */
export function operationGetUrl(metadata: XmlNode | undefined, operation: string): string | undefined {
  const op = children(metadata, 'Operation').find((o) => attr(o, 'name') === operation);
  for (const dcp of children(op, 'DCP')) {
    for (const get of children(child(dcp, 'HTTP'), 'Get')) {
      const href = attr(get, 'href');
      if (href) return href;
    }
  }
  return undefined;
}

/** The `[west, south, east, north]` of an `ows:WGS84BoundingBox`, or undefined. */
export function wgs84Bbox(node: unknown): Bbox | undefined {
  const box = child(node, 'WGS84BoundingBox');
  const lower = corner(text(box, 'LowerCorner'));
  const upper = corner(text(box, 'UpperCorner'));
  if (!lower || !upper) return undefined;
  const b: [number, number, number, number] = [
    Math.max(-180, lower[0]),
    Math.max(-90, lower[1]),
    Math.min(180, upper[0]),
    Math.min(90, upper[1]),
  ];
  return isValidBbox(b) ? b : undefined;
}

function parseMatrix(m: XmlNode): WmtsTileMatrix {
  return {
    identifier: text(m, 'Identifier') ?? '',
    scaleDenominator: num(text(m, 'ScaleDenominator')),
    topLeftCorner: corner(text(m, 'TopLeftCorner')) ?? [Number.NaN, Number.NaN],
    tileWidth: num(text(m, 'TileWidth')),
    tileHeight: num(text(m, 'TileHeight')),
    matrixWidth: num(text(m, 'MatrixWidth')),
    matrixHeight: num(text(m, 'MatrixHeight')),
  };
}

function parseLayer(l: XmlNode): WmtsLayer {
  const identifier = text(l, 'Identifier') ?? '';
  const abstract = text(l, 'Abstract');
  const bbox = wgs84Bbox(l);
  return {
    identifier,
    title: text(l, 'Title') ?? identifier,
    ...(abstract !== undefined ? { abstract } : {}),
    ...(bbox ? { bbox } : {}),
    formats: texts(l, 'Format'),
    styles: children(l, 'Style').map((s) => {
      const title = text(s, 'Title');
      const legendUrl = attr(child(s, 'LegendURL'), 'href');
      return {
        identifier: text(s, 'Identifier') ?? '',
        ...(title !== undefined ? { title } : {}),
        isDefault: attr(s, 'isDefault') === 'true',
        ...(legendUrl ? { legendUrl } : {}),
      };
    }),
    tileMatrixSetLinks: children(l, 'TileMatrixSetLink').map((link) => ({
      tileMatrixSet: text(link, 'TileMatrixSet') ?? '',
      limits: children(child(link, 'TileMatrixSetLimits'), 'TileMatrixLimits').map((lim) => ({
        tileMatrix: text(lim, 'TileMatrix') ?? '',
        minTileRow: num(text(lim, 'MinTileRow')),
        maxTileRow: num(text(lim, 'MaxTileRow')),
        minTileCol: num(text(lim, 'MinTileCol')),
        maxTileCol: num(text(lim, 'MaxTileCol')),
      })),
    })),
    resourceUrls: children(l, 'ResourceURL')
      .filter((r) => attr(r, 'resourceType') === 'tile')
      .map((r) => ({ format: attr(r, 'format') ?? '', template: attr(r, 'template') ?? '' })),
  };
}

/**
 * Reads a WMTS 1.0 GetCapabilities document.
 *
 * @param xml - the document
 * @param sourceUrl - where it came from, for error messages
 * @throws OgcError when it is not XML, is an exception report, or is not WMTS capabilities
 */
export function parseWmtsCapabilities(xml: string, sourceUrl: string): WmtsCapabilities {
  const doc = parseXml(xml, 'WMTS capabilities', sourceUrl);
  const root = child(doc, 'Capabilities');
  const contents = child(root, 'Contents');
  if (!root || !contents) {
    const found = Object.keys(doc).filter((k) => !k.startsWith('?'));
    throw new OgcError(
      'notCapabilities',
      `WMTS capabilities from ${sourceUrl}: expected a <Capabilities> element with <Contents>, found <${found.join('>, <') || 'nothing'}>`,
    );
  }
  const title = text(child(root, 'ServiceIdentification'), 'Title');
  const getTileUrl = operationGetUrl(child(root, 'OperationsMetadata'), 'GetTile');
  return {
    ...(title !== undefined ? { title } : {}),
    ...(getTileUrl ? { getTileUrl } : {}),
    layers: children(contents, 'Layer').map(parseLayer),
    tileMatrixSets: children(contents, 'TileMatrixSet').map((s) => ({
      identifier: text(s, 'Identifier') ?? '',
      crs: text(s, 'SupportedCRS') ?? '',
      matrices: children(s, 'TileMatrix').map(parseMatrix),
    })),
  };
}

/** Whether a CRS name is Web Mercator (EPSG:3857 and its aliases). */
export function isWebMercatorCrs(crs: string): boolean {
  return /(^|[:/])(3857|900913|102100|3785)$/.test(crs.trim());
}

/** Half the Web Mercator world width, metres. */
const WEB_MERCATOR_HALF = 20037508.342789244;

/**
 * The zoom level of each matrix of a WebMercatorQuad-compatible set (`2^z` square matrices of
 * 256-px tiles anchored at the world's top-left), or null when the set is not one Cesium's Web
 * Mercator tiling scheme can draw.
 */
export function webMercatorZooms(set: WmtsTileMatrixSet): Map<string, number> | null {
  if (!isWebMercatorCrs(set.crs)) return null;
  const zooms = new Map<string, number>();
  for (const m of set.matrices) {
    const z = Math.log2(m.matrixWidth);
    const [x, y] = m.topLeftCorner;
    const anchored =
      Math.abs(x + WEB_MERCATOR_HALF) < 1 && Math.abs(y - WEB_MERCATOR_HALF) < 1 && m.tileWidth === 256;
    if (!Number.isInteger(z) || m.matrixHeight !== m.matrixWidth || !anchored) return null;
    zooms.set(m.identifier, z);
  }
  return zooms.size > 0 ? zooms : null;
}

/** Edit distance between two strings, case-insensitive (for "did you mean"). */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = row;
  }
  return prev[y.length] ?? 0;
}

/** The `n` names closest to `name`, closest first. */
export function closestNames(name: string, names: readonly string[], n: number): string[] {
  return names
    .map((candidate) => ({ candidate, d: editDistance(name, candidate) }))
    .sort((p, q) => p.d - q.d || p.candidate.localeCompare(q.candidate))
    .slice(0, n)
    .map((p) => p.candidate);
}

/** Web Mercator's latitude limit, degrees. */
const WEB_MERCATOR_MAX_LAT = 85.0511287798066;

function clampToWebMercator(b: Bbox): Bbox {
  return [b[0], Math.max(b[1], -WEB_MERCATOR_MAX_LAT), b[2], Math.min(b[3], WEB_MERCATOR_MAX_LAT)];
}

/** Options of {@link wmtsCatalogSource}. */
export interface WmtsSourceOptions {
  /** Preferred image format; default: `image/jpeg` if offered, else the layer's first. */
  readonly format?: string;
  /** Preferred matrix set; default: the layer's first Web Mercator set. */
  readonly tileMatrixSet?: string;
}

/** The `source` object of a catalog `wmts` entry (docs/catalog.md). */
export interface WmtsCatalogSource {
  readonly type: 'wmts';
  readonly url: string;
  readonly layer: string;
  readonly tileMatrixSet: string;
  readonly format: string;
  readonly style: string;
  readonly minZoom: number;
  readonly maxZoom: number;
  readonly bounds?: Bbox;
  readonly tileMatrixLabels?: readonly string[];
}

/**
 * The catalog source that draws `layerId` from these capabilities: a Web Mercator matrix set,
 * its zoom range (from the layer's limits when given), labels when matrices are not named
 * "0", "1"…, the default style, the layer's extent.
 *
 * @throws OgcError `unknownLayer` (with close names) or `noWebMercator` (with the sets offered)
 */
export function wmtsCatalogSource(
  caps: WmtsCapabilities,
  layerId: string,
  serviceUrl: string,
  options: WmtsSourceOptions = {},
): WmtsCatalogSource {
  const layer = caps.layers.find((l) => l.identifier === layerId);
  if (!layer) {
    const close = closestNames(
      layerId,
      caps.layers.map((l) => l.identifier),
      3,
    );
    throw new OgcError(
      'unknownLayer',
      `WMTS layer "${layerId}" is not in the capabilities of ${serviceUrl} (${caps.layers.length} layers${close.length ? `; close: ${close.join(', ')}` : ''})`,
    );
  }
  const candidates = layer.tileMatrixSetLinks.filter(
    (l) => options.tileMatrixSet === undefined || l.tileMatrixSet === options.tileMatrixSet,
  );
  for (const link of candidates) {
    const set = caps.tileMatrixSets.find((s) => s.identifier === link.tileMatrixSet);
    const zooms = set ? webMercatorZooms(set) : null;
    if (!zooms) continue;
    const available = link.limits.length > 0 ? link.limits.map((l) => l.tileMatrix) : [...zooms.keys()];
    const levels = available.map((id) => zooms.get(id)).filter((z): z is number => z !== undefined);
    if (levels.length === 0) continue;
    const minZoom = Math.min(...levels);
    const maxZoom = Math.max(...levels);
    const byZoom = new Map([...zooms].map(([id, z]) => [z, id]));
    const labels = Array.from({ length: maxZoom + 1 }, (_, z) => byZoom.get(z) ?? String(z));
    const plain = labels.every((label, z) => label === String(z));
    const format =
      options.format ??
      (layer.formats.includes('image/jpeg') ? 'image/jpeg' : (layer.formats[0] ?? 'image/png'));
    const style = layer.styles.find((s) => s.isDefault) ?? layer.styles[0];
    return {
      type: 'wmts',
      url: caps.getTileUrl ?? serviceUrl,
      layer: layer.identifier,
      tileMatrixSet: link.tileMatrixSet,
      format,
      style: style?.identifier ?? 'default',
      minZoom,
      maxZoom,
      ...(layer.bbox ? { bounds: clampToWebMercator(layer.bbox) } : {}),
      ...(plain ? {} : { tileMatrixLabels: labels }),
    };
  }
  throw new OgcError(
    'noWebMercator',
    `WMTS layer "${layerId}" of ${serviceUrl} has no Web Mercator tile matrix set${options.tileMatrixSet ? ` named "${options.tileMatrixSet}"` : ''} (offered: ${layer.tileMatrixSetLinks.map((l) => l.tileMatrixSet).join(', ') || 'none'})`,
  );
}
