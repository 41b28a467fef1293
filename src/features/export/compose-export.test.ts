import { describe, expect, it } from 'vitest';
import { PRINT_SIZES, placePicture, sheetLayout } from './compose-export';

describe('export sheet layout', () => {
  it('puts figures and legends beside the picture on A4/A3, under it on a portrait screen', () => {
    for (const size of [PRINT_SIZES.a4, PRINT_SIZES.a3, { width: 972, height: 800 }]) {
      const l = sheetLayout(size.width, size.height);
      expect(l.landscape).toBe(true);
      expect(l.side.x).toBeGreaterThanOrEqual(l.map.x + l.map.width);
      expect(l.side.x + l.side.width).toBeLessThanOrEqual(size.width);
      expect(l.map.y + l.map.height).toBeLessThanOrEqual(size.height - l.footer);
    }
    const phone = sheetLayout(390, 600);
    expect(phone.landscape).toBe(false);
    expect(phone.side.y).toBeGreaterThanOrEqual(phone.map.y + phone.map.height);
    expect(phone.side.y + phone.side.height).toBeLessThanOrEqual(600 - phone.footer);
  });

  it('fills the frame with the picture when the crop is small: no bars at all', () => {
    const { map } = sheetLayout(PRINT_SIZES.a4.width, PRINT_SIZES.a4.height);
    // The globe of a 1280×800 window beside a 22rem panel.
    const p = placePicture(972, 800, map);
    expect(p.cropped).toBe(true);
    expect(p.dest).toEqual(map);
    // The part kept is centred and has the frame's proportions.
    expect(p.source.width / p.source.height).toBeCloseTo(map.width / map.height, 6);
    expect(p.source.x * 2 + p.source.width).toBeCloseTo(972, 6);
    expect(p.source.y * 2 + p.source.height).toBeCloseTo(800, 6);
  });

  it('fits a very differently shaped picture whole, centred on the white sheet', () => {
    const { map } = sheetLayout(PRINT_SIZES.a3.width, PRINT_SIZES.a3.height);
    // A phone's tall globe on a landscape A3: cropping would lose most of it.
    const p = placePicture(390, 600, map);
    expect(p.cropped).toBe(false);
    expect(p.dest.height).toBeCloseTo(map.height, 6);
    expect(p.dest.x - map.x).toBeCloseTo(map.x + map.width - (p.dest.x + p.dest.width), 6);
    expect(p.source).toEqual({ x: 0, y: 0, width: 390, height: 600 });
  });

  it('gives the picture the whole body when there is nothing to put beside it', () => {
    const l = sheetLayout(640, 400, { column: false });
    expect(l.map.width).toBe(640);
    expect(l.map.y + l.map.height).toBe(400 - l.footer);
  });
});
