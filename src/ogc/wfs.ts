/**
 * WFS 2.0 GetCapabilities: the feature types a server offers, its GetFeature endpoint and
 * whether it pages results (count / startIndex) — docs/ogc.md.
 */
import type { Bbox } from '../../format/grid';
import { OgcError } from './errors';
import { operationGetUrl, wgs84Bbox } from './wmts';
import { attr, child, children, parseXml, text, texts, type XmlNode } from './xml';

/** One feature type (a vector layer). */
export interface WfsFeatureType {
  /** Qualified name, e.g. `cr_hdf:epci_2020`, `ADMINEXPRESS-COG.LATEST:commune`. */
  readonly name: string;
  readonly title: string;
  readonly abstract?: string;
  readonly defaultCrs?: string;
  readonly otherCrs: readonly string[];
  /** `[west, south, east, north]` degrees. */
  readonly bbox?: Bbox;
  /** Formats listed on the type itself (GeoServer lists them on the operation instead). */
  readonly outputFormats: readonly string[];
}

/** What a WFS GetCapabilities document says. */
export interface WfsCapabilities {
  readonly version: string;
  readonly title?: string;
  /** The KVP GetFeature endpoint. */
  readonly getFeatureUrl?: string;
  /** `ImplementsResultPaging`: the server honours `count` + `startIndex`. */
  readonly paging: boolean;
  /** `CountDefault`: most features one GetFeature returns, when the server says. */
  readonly countDefault?: number;
  /** GetFeature output formats offered for every type. */
  readonly outputFormats: readonly string[];
  readonly featureTypes: readonly WfsFeatureType[];
}

function constraintValue(node: XmlNode | undefined, name: string): string | undefined {
  const c = children(node, 'Constraint').find((x) => attr(x, 'name') === name);
  return text(c, 'DefaultValue') ?? texts(child(c, 'AllowedValues'), 'Value')[0];
}

/**
 * Reads a WFS 2.0 (or 1.1) GetCapabilities document.
 *
 * @throws OgcError when it is not XML, is an exception report, or is not WFS capabilities
 */
export function parseWfsCapabilities(xml: string, sourceUrl: string): WfsCapabilities {
  const doc = parseXml(xml, 'WFS capabilities', sourceUrl);
  const root = child(doc, 'WFS_Capabilities');
  if (!root) {
    const found = Object.keys(doc).filter((k) => !k.startsWith('?'));
    throw new OgcError(
      'notCapabilities',
      `WFS capabilities from ${sourceUrl}: expected a <WFS_Capabilities> element, found <${found.join('>, <') || 'nothing'}>`,
    );
  }
  const metadata = child(root, 'OperationsMetadata');
  const getFeature = children(metadata, 'Operation').find((o) => attr(o, 'name') === 'GetFeature');
  const formatParam = children(getFeature, 'Parameter').find((p) => attr(p, 'name') === 'outputFormat');
  const countText = constraintValue(getFeature, 'CountDefault') ?? constraintValue(metadata, 'CountDefault');
  const countDefault = countText !== undefined ? Number(countText) : Number.NaN;
  const getFeatureUrl = operationGetUrl(metadata, 'GetFeature');
  const title = text(child(root, 'ServiceIdentification'), 'Title');
  return {
    version: attr(root, 'version') ?? '',
    ...(title !== undefined ? { title } : {}),
    ...(getFeatureUrl ? { getFeatureUrl } : {}),
    paging: (constraintValue(metadata, 'ImplementsResultPaging') ?? '').toUpperCase() === 'TRUE',
    ...(Number.isFinite(countDefault) ? { countDefault } : {}),
    outputFormats: texts(child(formatParam, 'AllowedValues'), 'Value'),
    featureTypes: children(child(root, 'FeatureTypeList'), 'FeatureType').map((f) => {
      const name = text(f, 'Name') ?? '';
      const abstract = text(f, 'Abstract');
      const defaultCrs = text(f, 'DefaultCRS') ?? text(f, 'DefaultSRS');
      const bbox = wgs84Bbox(f);
      return {
        name,
        title: text(f, 'Title') ?? name,
        ...(abstract !== undefined ? { abstract } : {}),
        ...(defaultCrs !== undefined ? { defaultCrs } : {}),
        otherCrs: [...texts(f, 'OtherCRS'), ...texts(f, 'OtherSRS')],
        ...(bbox ? { bbox } : {}),
        outputFormats: texts(child(f, 'OutputFormats'), 'Format'),
      };
    }),
  };
}

/** Whether the service can answer GetFeature in GeoJSON (the only format the viewer reads). */
export function geoJsonFormat(caps: WfsCapabilities, typeName?: string): string | undefined {
  const type = caps.featureTypes.find((t) => t.name === typeName);
  const formats = [...(type?.outputFormats ?? []), ...caps.outputFormats];
  return formats.find((f) => /^application\/(geo\+)?json$/i.test(f)) ?? formats.find((f) => /json/i.test(f));
}
