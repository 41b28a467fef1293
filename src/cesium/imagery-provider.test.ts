import { describe, expect, it } from 'vitest';
import { HAUTS_DE_FRANCE_BBOX } from '../../format/grid';
import { imageryLayerOptions } from './imagery-provider';

describe('imageryLayerOptions', () => {
  it('leaves a small pyramid drawn at every camera distance', () => {
    const source = {
      type: 'xyz',
      url: '{z}/{x}/{y}',
      minZoom: 14,
      maxZoom: 21,
      bounds: [3.13, 50.61, 3.15, 50.62],
    };
    expect(imageryLayerOptions(source as never)).toEqual({});
  });

  it('keeps a regional pyramid with a high minZoom for close views only', () => {
    const source = {
      type: 'xyz',
      url: '{z}/{x}/{y}',
      minZoom: 14,
      maxZoom: 21,
      bounds: HAUTS_DE_FRANCE_BBOX,
    };
    expect(imageryLayerOptions(source as never)).toEqual({ minimumTerrainLevel: 11 });
  });

  it('does nothing for a pyramid starting at level 0', () => {
    expect(imageryLayerOptions({ type: 'wms', url: 'x', layers: 'a', minZoom: 0 } as never)).toEqual({});
  });
});
