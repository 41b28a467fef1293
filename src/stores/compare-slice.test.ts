import { describe, expect, it } from 'vitest';
import { type LayerEntry, parseCatalog } from '../../format/catalog';
import { COMPARE_OFF, layerSides, vintageSeries, vintageSubstitutes } from './compare-slice';
import { catalogVintages, nearestVintage } from './series';
import { createTwinStore } from './twin-store';

const ortho = (id: string, vintage?: number) => ({
  id,
  kind: 'orthoimagery',
  title: id,
  ...(vintage === undefined ? {} : { vintage }),
  source: { type: 'xyz', url: `${id}/{z}/{x}/{y}.jpg`, maxZoom: 16 },
});

function entries(): readonly LayerEntry[] {
  const { catalog, issues } = parseCatalog(
    {
      version: 1,
      layers: [
        ortho('ortho-2018', 2018),
        ortho('ortho-2021', 2021),
        ortho('ortho-2024', 2024),
        ortho('plan-ign'),
        {
          id: 'ocs-2015',
          kind: 'ocs2d',
          title: 'o',
          vintage: 2015,
          source: { type: 'geojson', url: 'a.geojson' },
        },
        {
          id: 'ocs-2021',
          kind: 'ocs2d',
          title: 'o',
          vintage: 2021,
          source: { type: 'geojson', url: 'b.geojson' },
        },
      ],
    },
    'http://localhost/catalog.json',
  );
  expect(issues).toEqual([]);
  if (!catalog) throw new Error('catalog did not parse');
  return catalog.layers;
}

describe('vintage choice', () => {
  it('picks the nearest vintage, the earlier one on a tie, none from an empty list', () => {
    expect(nearestVintage([2018, 2021, 2024], 2015)).toBe(2018);
    expect(nearestVintage([2018, 2021, 2024], 2022)).toBe(2021);
    expect(nearestVintage([2018, 2024], 2021)).toBe(2018);
    expect(nearestVintage([], 2021)).toBeNull();
  });

  it('groups layers into series by kind and lists every vintage of the catalog', () => {
    expect(vintageSeries(entries()).map((s) => [s.kind, s.vintages])).toEqual([
      ['orthoimagery', [2018, 2021, 2024]],
      ['ocs2d', [2015, 2021]],
    ]);
    expect(catalogVintages(entries())).toEqual([2015, 2018, 2021, 2024]);
  });

  it('shows one vintage per series, keeps layers without a vintage, and says what stands in', () => {
    const sides = layerSides(entries(), 2015, COMPARE_OFF);
    expect(sides).toEqual({
      'ortho-2018': 'both',
      'ortho-2021': 'hidden',
      'ortho-2024': 'hidden',
      'plan-ign': 'both',
      'ocs-2015': 'both',
      'ocs-2021': 'hidden',
    });
    // "ortho 2018 shown for 2015"; OCS2D has 2015 itself.
    expect(vintageSubstitutes(entries(), 2015)).toEqual([
      { kind: 'orthoimagery', key: 'orthoimagery.xyz', title: 'ortho', wanted: 2015, shown: 2018 },
    ]);
    // Only the series asked about (the visible ones) get a note.
    expect(vintageSubstitutes(entries(), 2015, new Set(['ocs2d.geojson']))).toEqual([]);
    // No vintage chosen: each series at its latest (never two vintages of one series at once).
    expect(layerSides(entries(), null, COMPARE_OFF)).toEqual({
      'ortho-2018': 'hidden',
      'ortho-2021': 'hidden',
      'ortho-2024': 'both',
      'plan-ign': 'both',
      'ocs-2015': 'hidden',
      'ocs-2021': 'both',
    });
  });

  it('in compare mode puts vintage A left and vintage B right, a shared nearest layer on both', () => {
    const sides = layerSides(entries(), null, { enabled: true, left: 2018, right: 2024, position: 0.3 });
    expect(sides).toEqual({
      'ortho-2018': 'left',
      'ortho-2021': 'hidden',
      'ortho-2024': 'right',
      'plan-ign': 'both',
      // OCS2D has no 2018 nor 2024: 2015 is nearest to 2018, 2021 to 2024.
      'ocs-2015': 'left',
      'ocs-2021': 'right',
    });
    const same = layerSides(entries(), null, { enabled: true, left: 2020, right: 2022, position: 0.5 });
    expect(same['ocs-2021']).toBe('both');
    expect(same['ortho-2021']).toBe('both');
  });
});

describe('compare slice', () => {
  it('starts, moves (clamped) and stops a comparison, keeping the divider place', () => {
    const store = createTwinStore();
    store.getState().startCompare(2015, 2024);
    store.getState().setComparePosition(1.7);
    expect(store.getState().compare).toEqual({ enabled: true, left: 2015, right: 2024, position: 1 });
    // The indicators (issue 8) follow the comparison's vintages.
    expect(store.getState().indicatorVintages).toEqual([2015, 2024]);
    store.getState().setComparePosition(Number.NaN);
    expect(store.getState().compare.position).toBe(0.5);
    store.getState().stopCompare();
    expect(store.getState().compare.enabled).toBe(false);
  });
});
