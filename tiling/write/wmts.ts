/**
 * WMTS 1.0.0 GetCapabilities (`WMTSCapabilities.xml`) of a pyramid in RESTful form: one layer, the
 * GoogleMapsCompatible tile matrix set (EPSG:3857, 256 px, the same grid as WebMercatorQuad; matrix
 * identifiers are the zoom levels), TileMatrixSetLimits per zoom, and a ResourceURL template. QGIS
 * and OpenLayers (optionsFromCapabilities) use the template as it is, so give an absolute base URL
 * (`--base-url`) when the document is served; a relative one only works next to the tiles.
 */

import type { TileRange } from '../../format/grid';
import { MERCATOR_HALF_EXTENT_METRES } from '../../format/grid';
import type { Extent } from '../core';

/** What the capabilities say. */
export interface WmtsOptions {
  /** Layer identifier (letters, digits, -, _). */
  layer: string;
  title: string;
  abstract?: string;
  /** Tiles' base URL ("" for relative, else ending with "/"). */
  baseUrl: string;
  extension: string;
  mimeType: string;
  minZoom: number;
  maxZoom: number;
  boundsLonLat: Extent;
  /** Tile ranges per zoom (minZoom..maxZoom) for TileMatrixSetLimits. */
  ranges: readonly TileRange[];
  attribution: string;
}

/** Scale denominator of zoom 0 for 0.28 mm pixels (OGC WMTS, annex E.4). */
export const GOOGLE_MAPS_SCALE_DENOMINATOR_Z0 = 559082264.0287178;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function num(v: number): string {
  return String(Math.round(v * 1e9) / 1e9);
}

/** The capabilities document. */
export function buildWmtsCapabilities(o: WmtsOptions): string {
  const b = o.boundsLonLat;
  const h = num(MERCATOR_HALF_EXTENT_METRES);
  const matrices: string[] = [];
  for (let z = 0; z <= o.maxZoom; z++) {
    const n = 2 ** z;
    matrices.push(`      <TileMatrix>
        <ows:Identifier>${z}</ows:Identifier>
        <ScaleDenominator>${GOOGLE_MAPS_SCALE_DENOMINATOR_Z0 / n}</ScaleDenominator>
        <TopLeftCorner>-${h} ${h}</TopLeftCorner>
        <TileWidth>256</TileWidth>
        <TileHeight>256</TileHeight>
        <MatrixWidth>${n}</MatrixWidth>
        <MatrixHeight>${n}</MatrixHeight>
      </TileMatrix>`);
  }
  const limits = o.ranges
    .filter((r) => r.z >= o.minZoom && r.z <= o.maxZoom)
    .map(
      (r) => `            <TileMatrixLimits>
              <TileMatrix>${r.z}</TileMatrix>
              <MinTileRow>${r.minY}</MinTileRow>
              <MaxTileRow>${r.maxY}</MaxTileRow>
              <MinTileCol>${r.minX}</MinTileCol>
              <MaxTileCol>${r.maxX}</MaxTileCol>
            </TileMatrixLimits>`,
    );
  const template = `${o.baseUrl}{TileMatrix}/{TileCol}/{TileRow}.${o.extension}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Capabilities xmlns="http://www.opengis.net/wmts/1.0" xmlns:ows="http://www.opengis.net/ows/1.1" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:gml="http://www.opengis.net/gml" xsi:schemaLocation="http://www.opengis.net/wmts/1.0 http://schemas.opengis.net/wmts/1.0/wmtsGetCapabilities_response.xsd" version="1.0.0">
  <ows:ServiceIdentification>
    <ows:Title>${esc(o.title)}</ows:Title>
    <ows:ServiceType>OGC WMTS</ows:ServiceType>
    <ows:ServiceTypeVersion>1.0.0</ows:ServiceTypeVersion>
  </ows:ServiceIdentification>
  <Contents>
    <Layer>
      <ows:Title>${esc(o.title)}</ows:Title>
${o.abstract ? `      <ows:Abstract>${esc(o.abstract)}</ows:Abstract>\n` : ''}      <ows:WGS84BoundingBox crs="urn:ogc:def:crs:OGC:2:84">
        <ows:LowerCorner>${num(b.minX)} ${num(b.minY)}</ows:LowerCorner>
        <ows:UpperCorner>${num(b.maxX)} ${num(b.maxY)}</ows:UpperCorner>
      </ows:WGS84BoundingBox>
      <ows:Identifier>${esc(o.layer)}</ows:Identifier>
      <Style isDefault="true">
        <ows:Title>default</ows:Title>
        <ows:Identifier>default</ows:Identifier>
      </Style>
      <Format>${esc(o.mimeType)}</Format>
      <TileMatrixSetLink>
        <TileMatrixSet>GoogleMapsCompatible</TileMatrixSet>
        <TileMatrixSetLimits>
${limits.join('\n')}
        </TileMatrixSetLimits>
      </TileMatrixSetLink>
      <ResourceURL format="${esc(o.mimeType)}" resourceType="tile" template="${esc(template)}"/>
    </Layer>
    <TileMatrixSet>
      <ows:Identifier>GoogleMapsCompatible</ows:Identifier>
      <ows:SupportedCRS>urn:ogc:def:crs:EPSG::3857</ows:SupportedCRS>
      <WellKnownScaleSet>urn:ogc:def:wkss:OGC:1.0:GoogleMapsCompatible</WellKnownScaleSet>
${matrices.join('\n')}
    </TileMatrixSet>
  </Contents>
  <ServiceMetadataURL xlink:href="${esc(o.baseUrl)}WMTSCapabilities.xml"/>
</Capabilities>
`;
}
