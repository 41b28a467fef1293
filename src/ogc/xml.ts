/**
 * XML reading shared by the OGC clients: one fast-xml-parser set-up (namespace prefixes removed,
 * attributes kept, every text left as a string so identifiers like "0" or "08" stay intact), and
 * the OWS exception report check every service may answer instead of the document asked for.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { OgcError } from './errors';

/** Elements that may repeat in the documents read here: always parsed as lists. */
const LIST_ELEMENTS = new Set([
  'Layer',
  'Style',
  'Format',
  'InfoFormat',
  'TileMatrixSetLink',
  'TileMatrixSet',
  'TileMatrix',
  'TileMatrixLimits',
  'ResourceURL',
  'FeatureType',
  'OtherCRS',
  'OtherSRS',
  'Operation',
  'Parameter',
  'Constraint',
  'Value',
  'Get',
  'Post',
  'DCP',
  'Exception',
  'ExceptionText',
  'ServiceException',
  'WGS84BoundingBox',
  'LegendURL',
  'Keyword',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // `TileMatrixSet` is a list under `Contents` but a single text under `TileMatrixSetLink`:
  // text-only leaves are never listified, so one rule serves both.
  isArray: (name, _jpath, isLeafNode) => LIST_ELEMENTS.has(name) && !(isLeafNode && name === 'TileMatrixSet'),
});

/** A parsed element: attributes as `@name`, children by local name, text as `#text`. */
export type XmlNode = { readonly [key: string]: unknown };

/** The children named `name` of `node` (none when absent). */
export function children(node: unknown, name: string): XmlNode[] {
  if (typeof node !== 'object' || node === null) return [];
  const v = (node as XmlNode)[name];
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((c) => (typeof c === 'object' && c !== null ? (c as XmlNode) : { '#text': c }));
}

/** The first child named `name`, or undefined. */
export function child(node: unknown, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** The text of `node` (or of its child `name`), trimmed; undefined when absent or empty. */
export function text(node: unknown, name?: string): string | undefined {
  const target = name === undefined ? node : (node as XmlNode | undefined)?.[name];
  const first = Array.isArray(target) ? target[0] : target;
  let value: unknown = first;
  if (typeof first === 'object' && first !== null) value = (first as XmlNode)['#text'];
  if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  return t === '' ? undefined : t;
}

/** The texts of every child `name` of `node`. */
export function texts(node: unknown, name: string): string[] {
  return children(node, name)
    .map((c) => text(c))
    .filter((t): t is string => t !== undefined);
}

/** An attribute of `node`, or undefined. */
export function attr(node: unknown, name: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const v = (node as XmlNode)[`@${name}`];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Parses an XML document, checking it first: malformed XML, or an OWS / WMS exception report,
 * is an {@link OgcError} naming `what` (e.g. "WMTS capabilities") and `where` (the URL).
 */
export function parseXml(xml: string, what: string, where: string): XmlNode {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new OgcError(
      'invalidXml',
      `${what} from ${where} is not valid XML: ${msg} (line ${line}, column ${col})`,
    );
  }
  const doc = parser.parse(xml) as XmlNode;
  const report = child(doc, 'ExceptionReport') ?? child(doc, 'ServiceExceptionReport');
  if (report) {
    const details = [...children(report, 'Exception'), ...children(report, 'ServiceException')].map((e) => {
      const code = attr(e, 'exceptionCode') ?? attr(e, 'code');
      const message = texts(e, 'ExceptionText').join(' ') || text(e) || '';
      return code ? `${code}: ${message}` : message;
    });
    throw new OgcError(
      'exceptionReport',
      `${what} from ${where}: the service answered with an exception (${details.join('; ') || 'no detail'})`,
    );
  }
  return doc;
}

/** Parses "x y" (an OWS corner) into two numbers, or undefined. */
export function corner(value: string | undefined): [number, number] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(/\s+/).map(Number);
  const [a, b] = parts;
  return parts.length === 2 && a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b)
    ? [a, b]
    : undefined;
}
