/**
 * catalogs/real-services.json goes through the viewer's own schema with no issue, and what it
 * names exists: the WMTS layers and matrix sets in the real Géoplateforme capabilities, the
 * Géo2France layers in the names its QGIS projects use.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../format/catalog';
import { parseWmtsCapabilities, wmtsCatalogSource } from '../../src/ogc';
import { layerSeries } from '../../src/stores/series';
import { SHARED_DATA, WMTS_GEOPF } from './ogc-test-server';

const CATALOG = resolve('catalogs/real-services.json');
const parsed = parseCatalog(
  JSON.parse(readFileSync(CATALOG, 'utf8')),
  'http://localhost/catalogs/real-services.json',
);

describe('catalogs/real-services.json', () => {
  it('is valid: every entry kept, no issue', () => {
    expect(parsed.issues).toEqual([]);
    expect(parsed.catalog?.layers.map((l) => l.id)).toEqual([
      'g2f-ortho-2024',
      'g2f-ortho-2021',
      'g2f-ortho-2021-irc',
      'ign-ortho',
      'ign-ocsge-couverture',
      'g2f-epci',
      'g2f-communes',
    ]);
  });

  it('has one series per product: the RVB orthos 2021 and 2024, the IRC apart', () => {
    const series = layerSeries(parsed.catalog?.layers ?? []);
    expect(series.map((s) => [s.key, s.ids])).toEqual([
      ['g2f-ortho', ['g2f-ortho-2021', 'g2f-ortho-2024']],
      ['g2f-ortho-irc', ['g2f-ortho-2021-irc']],
      ['ign-ortho', ['ign-ortho']],
      ['ign-ocsge-couverture', ['ign-ocsge-couverture']],
      ['g2f-epci', ['g2f-epci']],
      ['g2f-communes', ['g2f-communes']],
    ]);
    expect(series[0]?.title).toEqual({
      fr: 'Orthophoto régionale IGN 20 cm (Géo2France)',
      en: 'Regional orthophoto, IGN 20 cm (Géo2France)',
    });
  });

  it('its WMTS entries match what the Géoplateforme capabilities offer', () => {
    const caps = parseWmtsCapabilities(readFileSync(WMTS_GEOPF, 'utf8'), WMTS_GEOPF);
    const wmts = (parsed.catalog?.layers ?? []).flatMap((l) =>
      l.kind === 'orthoimagery' && l.source.type === 'wmts' ? [l.source] : [],
    );
    expect(wmts.length).toBe(2);
    for (const s of wmts) {
      const offered = wmtsCatalogSource(caps, s.layer, s.url);
      expect({ ...s, tileMatrixLabels: undefined }).toMatchObject({
        url: offered.url,
        layer: offered.layer,
        tileMatrixSet: offered.tileMatrixSet,
        format: offered.format,
        style: offered.style,
        minZoom: offered.minZoom,
        maxZoom: offered.maxZoom,
      });
    }
  });

  it('its Géo2France WMS layers are the regional orthos Géo2France publishes', () => {
    const seen = readFileSync(
      resolve(SHARED_DATA, 'geo2france-configs/geo2france_wms_layers_seen_in_ocs2d_qgis_projects.txt'),
      'utf8',
    );
    const wms = (parsed.catalog?.layers ?? []).flatMap((l) =>
      l.kind === 'orthoimagery' && l.source.type === 'wms' ? [l.source] : [],
    );
    expect(wms.length).toBe(3);
    for (const s of wms) expect(seen).toContain(`${s.layers} @ ${s.url}`);
  });

  it('its WFS entries page the view and start only when zoomed in', () => {
    const wfs = (parsed.catalog?.layers ?? []).flatMap((l) =>
      l.kind === 'territories' && l.source.type === 'wfs' ? [l.source] : [],
    );
    expect(wfs.map((s) => s.typeName)).toEqual(['spld:epci', 'spld:communes']);
    for (const s of wfs) {
      expect(s.pageSize).toBeLessThanOrEqual(s.maxFeatures);
      expect(s.minZoom).toBeGreaterThanOrEqual(8);
    }
  });
});
