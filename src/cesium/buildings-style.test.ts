import { Cesium3DTileStyle, Color } from 'cesium';
import { describe, expect, it } from 'vitest';
import { BUILDINGS_COLOURS, type BuildingsColour } from '../stores';
import { buildingClasses, buildingsStyleJson, classOf, heightColour, PICKED_COLOUR } from './buildings-style';

/** A feature as Cesium's style engine reads it: properties by name (noData columns undefined). */
const feature = (p: Record<string, unknown>) => ({
  getProperty: (name: string) => p[name],
  getPropertyInherited: (name: string) => p[name],
});

/** The colour CesiumJS's own expression engine gives `p` under the style, as #rrggbb and alpha. */
function drawn(by: BuildingsColour, p: Record<string, unknown>, opacity = 1, picked: string | null = null) {
  const style = new Cesium3DTileStyle(buildingsStyleJson(by, opacity, picked));
  // biome-ignore lint/suspicious/noExplicitAny: Cesium's StyleExpression.evaluateColor takes a feature.
  const c = (style.color as any).evaluateColor(feature(p), new Color()) as Color;
  return { hex: c.toCssHexString().slice(0, 7), alpha: Number(c.alpha.toFixed(3)) };
}

const building = {
  id: 'BATIMENT0000000000000001',
  height: 12.4,
  usage: 'Résidentiel',
  year: 1975,
  height_source: 'dsm',
};

describe('buildings style', () => {
  it('colours by height classes <6, 6-10, 10-15, 15-25, ≥25 m on a light-to-dark ramp', () => {
    const hexes = [3, 6, 9.9, 10, 14.9, 15, 24.9, 25, 80].map(
      (h) => drawn('height', { ...building, height: h }).hex,
    );
    const ramp = buildingClasses('height').map((c) => c.color);
    expect(hexes).toEqual([ramp[0], ramp[1], ramp[1], ramp[2], ramp[2], ramp[3], ramp[3], ramp[4], ramp[4]]);
    expect(new Set(ramp).size).toBe(5);
    expect(heightColour(12)).toBe(ramp[2]);
  });

  it('colours by use, age and height source as CesiumJS evaluates them, the JS test agreeing', () => {
    const cases: [BuildingsColour, Record<string, unknown>, string][] = [
      ['usage', { ...building, usage: 'Industriel' }, 'Industriel'],
      ['usage', { ...building, usage: 'Commercial et services' }, 'Commercial et services'],
      ['usage', { ...building, usage: 'Inconnu' }, 'Inconnu'],
      ['age', { ...building, year: 1900 }, 'y0'],
      ['age', { ...building, year: 1975 }, 'y1975'],
      ['age', { ...building, year: 2023 }, 'y2013'],
      // year's noData (0) reaches the style as undefined.
      ['age', { ...building, year: undefined }, 'unknown'],
      ['source', { ...building, height_source: 'etages' }, 'etages'],
      ['source', { ...building, height_source: 'default' }, 'default'],
    ];
    for (const [by, p, key] of cases) {
      const c = buildingClasses(by).find((k) => k.key === key);
      expect(c, key).toBeDefined();
      expect(drawn(by, p).hex, `${by} ${key}`).toBe(c?.color);
      expect(classOf(by, p).key).toBe(key);
    }
  });

  it('gives every choice distinct legend colours', () => {
    for (const by of BUILDINGS_COLOURS) {
      const colours = buildingClasses(by).map((c) => c.color);
      expect(new Set(colours).size, by).toBe(colours.length);
    }
  });

  it('applies the layer opacity and highlights the picked building opaque', () => {
    expect(drawn('height', building, 0.4).alpha).toBe(0.4);
    expect(drawn('usage', building, 0.4, building.id)).toEqual({ hex: PICKED_COLOUR, alpha: 1 });
    expect(drawn('usage', { ...building, id: 'OTHER' }, 1, building.id).hex).not.toBe(PICKED_COLOUR);
  });

  it('never puts an id with quotes into the style', () => {
    const json = buildingsStyleJson('height', 1, "x' || true || '");
    expect(JSON.stringify(json)).not.toContain('true ||');
    expect(json.color.conditions).toHaveLength(buildingClasses('height').length);
  });
});
