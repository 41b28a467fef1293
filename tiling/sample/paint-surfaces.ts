// biome-ignore-all lint/style/noNonNullAssertion: typed-array hot loops; every index is in range by construction.
/**
 * The surface painters: one function per kind of surface (fields, lawns, gardens, roads, car
 * parks, paving, water, roofs, earthworks), each painting a run of pixels of one polygon along one
 * row. They read the polygon's look (colour, frame, parameters from palette.ts), the row's noise
 * and the shadow mask from a `SurfaceContext` that the DallePainter fills per dalle.
 */
import { PAINT, PAINT_PARAMS } from './codes';
import { hash3 } from './prng';

/** What the surface painters read and write (owned by a DallePainter). */
export interface SurfaceContext {
  /** Side of the dalle, pixels. */
  pixels: number;
  /** Pixel size, metres. */
  px: number;
  /** Per polygon: kind, colour (3), frame (4: ox, oy, ax, ay), parameters (PAINT_PARAMS), roof plane shades (4). */
  kind: Uint8Array;
  colour: Float32Array;
  frame: Float64Array;
  param: Float64Array;
  roofShade: Float32Array;
  /** Per pixel of the dalle: shadow strength 0-255, and the output RGB. */
  shadow: Uint8Array;
  rgb: Uint8ClampedArray;
  /** Noise of the current row, per pixel column. */
  lowRow: Float32Array;
  midRow: Float32Array;
  /** 256 x 256 tables indexed by absolute pixel position. */
  white: Float32Array;
  fine: Float32Array;
  /** Colour gain of the flight. */
  gain: [number, number, number];
  /** Unit vector of shadows on the ground, and shadow length per metre of height. */
  shadowDir: [number, number];
  shadowPerMetre: number;
}

const CAR_COLOURS: readonly (readonly [number, number, number])[] = [
  [228, 228, 226],
  [216, 218, 220],
  [40, 42, 46],
  [24, 26, 30],
  [120, 124, 130],
  [158, 162, 166],
  [150, 30, 32],
  [36, 60, 112],
  [70, 90, 120],
  [200, 200, 196],
];

/** Writes one pixel, darkened by the shadow mask on ground surfaces. */
function put(ctx: SurfaceContext, i: number, r: number, g: number, b: number, shade: boolean): void {
  let f = 1;
  if (shade) {
    const s = ctx.shadow[i]!;
    if (s > 0) f = 1 - (s / 255) * 0.52;
  }
  const o = i * 3;
  // A little blue in the shadows, as skylight fills them.
  ctx.rgb[o] = r * f;
  ctx.rgb[o + 1] = g * f;
  ctx.rgb[o + 2] = b * f + (1 - f) * 9;
}

/**
 * Paints pixels [c0, c1) of row r with the look of polygon `gi`; (x0, y): the row's west edge and
 * centre line in the local frame, metres; gx0, gy: absolute pixel column of c = 0 and row (noise
 * tables are indexed by absolute position so that dalles join without seams).
 */
export function paintRun(
  ctx: SurfaceContext,
  gi: number,
  r: number,
  c0: number,
  c1: number,
  x0: number,
  y: number,
  gx0: number,
  gy: number,
): void {
  switch (ctx.kind[gi]) {
    case PAINT.field:
      field(ctx, gi, r, c0, c1, x0, y, gx0, gy);
      return;
    case PAINT.meadow:
    case PAINT.lawn:
    case PAINT.woodFloor:
      grass(ctx, gi, r, c0, c1, x0, y, gx0, gy);
      return;
    case PAINT.garden:
      garden(ctx, gi, r, c0, c1, x0, y, gx0, gy);
      return;
    case PAINT.road:
    case PAINT.junction:
      road(ctx, gi, r, c0, c1, x0, y, gx0, gy);
      return;
    case PAINT.parking:
      parking(ctx, gi, r, c0, c1, x0, y, gx0, gy);
      return;
    case PAINT.paved:
    case PAINT.track:
      paved(ctx, gi, r, c0, c1, x0, y, gx0, gy);
      return;
    case PAINT.water:
      water(ctx, gi, r, c0, c1, x0, y, gx0, gy);
      return;
    case PAINT.roofGable:
    case PAINT.roofHip:
      pitchedRoof(ctx, gi, r, c0, c1, x0, y, gx0, gy);
      return;
    case PAINT.roofFlat:
      flatRoof(ctx, gi, r, c0, c1, x0, y, gx0, gy);
      return;
    case PAINT.earthworks:
      earthworks(ctx, gi, r, c0, c1, x0, y, gx0, gy);
      return;
    default:
      grass(ctx, gi, r, c0, c1, x0, y, gx0, gy);
      return;
  }
}

function field(
  ctx: SurfaceContext,
  gi: number,
  r: number,
  c0: number,
  c1: number,
  x0: number,
  y: number,
  gx0: number,
  gy: number,
): void {
  const W = ctx.pixels;
  const px = ctx.px;
  const P = gi * PAINT_PARAMS;
  const period = ctx.param[P]!;
  const cover = ctx.param[P + 1]!;
  const contrast = ctx.param[P + 2]!;
  const tram = ctx.param[P + 3]!;
  const g0 = ctx.gain;
  const sr = ctx.param[P + 4]! * g0[0];
  const sg = ctx.param[P + 5]! * g0[1];
  const sb = ctx.param[P + 6]! * g0[2];
  const ridges = ctx.param[P + 7]!;
  const cr = ctx.colour[gi * 3]!;
  const cg = ctx.colour[gi * 3 + 1]!;
  const cb = ctx.colour[gi * 3 + 2]!;
  const F = gi * 4;
  const ox = ctx.frame[F]!;
  const oy = ctx.frame[F + 1]!;
  const bx = -ctx.frame[F + 3]!;
  const by = ctx.frame[F + 2]!;
  const low = ctx.lowRow;
  const mid = ctx.midRow;
  const white = ctx.white;
  const fine = ctx.fine;
  const wrow = (gy & 255) << 8;
  const base = r * W;
  const sRow = (y - oy) * by;
  for (let c = c0; c < c1; c++) {
    const x = x0 + (c + 0.5) * px;
    const s = (x - ox) * bx + sRow;
    const gx = (gx0 + c) & 255;
    const wn = white[wrow | gx]!;
    const fn = fine[wrow | gx]!;
    const lo = low[c]!;
    let pr = cr;
    let pg = cg;
    let pb = cb;
    let k = 1 + 0.08 * lo + 0.05 * mid[c]! + 0.05 * wn;
    if (period > 0) {
      const q = s / period;
      const ph = q - Math.floor(q);
      const d = Math.abs(ph - 0.5) * 2;
      if (cover >= 1) {
        k *= 1 - contrast * d;
      } else {
        // Sparse crops: plants along the rows over bare soil; growth varies across the field.
        // Plants along the rows are tufts, not lines: the fine noise breaks them up.
        const cov = cover * (1 + 0.35 * lo) + 0.3 * fn - 0.05;
        let m = (cov - d) * 5 + 0.5;
        m = m < 0 ? 0 : Math.min(m, 1);
        let rs = 1;
        if (ridges > 0) rs = ph < 0.5 ? 1.1 : 0.9;
        pr = sr * rs + (cr - sr * rs) * m;
        pg = sg * rs + (cg - sg * rs) * m;
        pb = sb * rs + (cb - sb * rs) * m;
        k += 0.09 * fn;
      }
    } else {
      k += 0.06 * fn;
    }
    // Tramlines: pairs of wheel tracks every `tram` metres, soil showing through.
    const tq = s / tram;
    const t = (tq - Math.floor(tq)) * tram;
    if (t < 0.45 || (t > 1.8 && t < 2.25)) {
      const m = cover >= 1 ? 0.55 : 0.2;
      pr += (sr * 0.92 - pr) * m;
      pg += (sg * 0.92 - pg) * m;
      pb += (sb * 0.92 - pb) * m;
    }
    put(ctx, base + c, pr * k, pg * k, pb * k, true);
  }
}

function grass(
  ctx: SurfaceContext,
  gi: number,
  r: number,
  c0: number,
  c1: number,
  x0: number,
  y: number,
  gx0: number,
  gy: number,
): void {
  const W = ctx.pixels;
  const px = ctx.px;
  const P = gi * PAINT_PARAMS;
  const kind = ctx.kind[gi]!;
  const rough = kind === PAINT.woodFloor ? 1 : ctx.param[P]!;
  const stripe = kind === PAINT.woodFloor ? 0 : ctx.param[P + 1]!;
  const cr = ctx.colour[gi * 3]!;
  const cg = ctx.colour[gi * 3 + 1]!;
  const cb = ctx.colour[gi * 3 + 2]!;
  const F = gi * 4;
  const ox = ctx.frame[F]!;
  const oy = ctx.frame[F + 1]!;
  const bx = -ctx.frame[F + 3]!;
  const by = ctx.frame[F + 2]!;
  const low = ctx.lowRow;
  const mid = ctx.midRow;
  const white = ctx.white;
  const fine = ctx.fine;
  const wrow = (gy & 255) << 8;
  const base = r * W;
  const meadow = kind === PAINT.meadow ? 1 : 0;
  const aLow = 0.07 + 0.09 * meadow;
  const aMid = 0.05 + 0.08 * rough;
  const aFine = 0.05 + 0.07 * rough;
  for (let c = c0; c < c1; c++) {
    const gx = (gx0 + c) & 255;
    const fn = fine[wrow | gx]!;
    const md = mid[c]!;
    let k = 1 + aLow * low[c]! + aMid * md + aFine * fn + 0.09 * white[wrow | gx]!;
    if (stripe > 0) {
      const s = (x0 + (c + 0.5) * px - ox) * bx + (y - oy) * by;
      const q = Math.floor(s / stripe);
      k *= (q & 1) === 0 ? 1.045 : 0.96;
    }
    // Rough grass: dry, yellowish tufts.
    const dry = rough * (md > 0.25 ? md - 0.25 : 0) * 30;
    put(ctx, base + c, (cr + dry) * k, (cg + dry * 0.6) * k, cb * k, true);
  }
}

function garden(
  ctx: SurfaceContext,
  gi: number,
  r: number,
  c0: number,
  c1: number,
  x0: number,
  y: number,
  gx0: number,
  gy: number,
): void {
  const W = ctx.pixels;
  const px = ctx.px;
  const P = gi * PAINT_PARAMS;
  const hasHouse = ctx.param[P]! > 0;
  const hl = ctx.param[P + 1]!;
  const hw = ctx.param[P + 2]!;
  const setback = ctx.param[P + 3]!;
  const driveU = ctx.param[P + 4]!;
  const terrace = ctx.param[P + 5]!;
  const fresh = ctx.param[P + 6]! > 0;
  const features = ctx.param[P + 7]!;
  const backEdge = -hw - terrace;
  const cr = ctx.colour[gi * 3]!;
  const cg = ctx.colour[gi * 3 + 1]!;
  const cb = ctx.colour[gi * 3 + 2]!;
  const F = gi * 4;
  const ox = ctx.frame[F]!;
  const oy = ctx.frame[F + 1]!;
  const ax = ctx.frame[F + 2]!;
  const ay = ctx.frame[F + 3]!;
  const g0 = ctx.gain;
  const low = ctx.lowRow;
  const mid = ctx.midRow;
  const white = ctx.white;
  const fine = ctx.fine;
  const wrow = (gy & 255) << 8;
  const base = r * W;
  for (let c = c0; c < c1; c++) {
    const x = x0 + (c + 0.5) * px;
    const gx = (gx0 + c) & 255;
    const wn = white[wrow | gx]!;
    const fn = fine[wrow | gx]!;
    if (hasHouse) {
      const u = (x - ox) * ax + (y - oy) * ay;
      // v grows towards the street (the right of the house axis).
      const v = (x - ox) * ay - (y - oy) * ax;
      if (v > hw - 0.01 && v < hw + setback + 1 && Math.abs(u - driveU) < 1.5) {
        // Driveway: concrete pavers with joints.
        const joint = ((u * 5) & 1) === 0 && ((v * 10) | 0) % 3 === 0 ? 0.93 : 1;
        const k = (1 + 0.05 * wn + 0.04 * fn) * joint;
        put(ctx, base + c, 150 * g0[0] * k, 144 * g0[1] * k, 134 * g0[2] * k, true);
        continue;
      }
      if (features > 0 && v < backEdge - 3.5) {
        if (features & 2 && v > backEdge - 6.7 && u > hl - 3.2 && u < hl + 0.4) {
          // Garden shed: a small felt roof, darker on its north half.
          const edge = v < backEdge - 6.55 || v > backEdge - 3.65 || u < hl - 3.05 || u > hl + 0.25;
          const kk = (edge ? 0.7 : v > backEdge - 5.1 ? 0.95 : 0.8) * (1 + 0.04 * wn);
          put(ctx, base + c, 96 * g0[0] * kk, 90 * g0[1] * kk, 84 * g0[2] * kk, false);
          continue;
        }
        if (features & 1 && v > backEdge - 10 && u > -hl - 0.5 && u < -hl + 4.5) {
          // Vegetable patch: soil with rows of plants.
          const row = v / 0.6 - Math.floor(v / 0.6);
          const plant = row < 0.35 && fn > -0.2;
          const kk = 1 + 0.1 * fn + 0.06 * wn;
          if (plant) put(ctx, base + c, 76 * g0[0] * kk, 110 * g0[1] * kk, 50 * g0[2] * kk, true);
          else put(ctx, base + c, 128 * g0[0] * kk, 106 * g0[1] * kk, 82 * g0[2] * kk, true);
          continue;
        }
        if (features & 4 && v > backEdge - 8.5 && u > -2.3 && u < 2.3) {
          // Swimming pool with its light coping.
          const coping = v < backEdge - 8.2 || v > backEdge - 3.8 || u < -2 || u > 2;
          if (coping) put(ctx, base + c, 206 * g0[0], 202 * g0[1], 192 * g0[2], true);
          else {
            const kk = 1 + 0.05 * Math.sin(u * 7 + v * 3 + fn * 2) + 0.02 * wn;
            put(ctx, base + c, 70 * g0[0] * kk, 168 * g0[1] * kk, 190 * g0[2] * kk, true);
          }
          continue;
        }
      }
      if (v < -hw && v > -hw - terrace && u > -hl * 0.9 && u < hl * 0.5) {
        // Terrace slabs 0.6 m.
        const ju = u / 0.6 - Math.floor(u / 0.6);
        const jv = v / 0.6 - Math.floor(v / 0.6);
        const joint = ju < 0.06 || jv < 0.06 ? 0.88 : 1;
        const k = (1 + 0.04 * wn + 0.03 * fn) * joint;
        put(ctx, base + c, 176 * g0[0] * k, 166 * g0[1] * k, 150 * g0[2] * k, true);
        continue;
      }
    }
    const lo = low[c]!;
    const md = mid[c]!;
    const k = 1 + 0.07 * lo + 0.07 * md + 0.08 * fn + 0.06 * wn;
    if (fresh && md + 0.5 * lo > -0.1) {
      // New garden: topsoil not yet covered by the sown lawn.
      const m = Math.min(1, (md + 0.5 * lo + 0.1) * 2.5);
      put(
        ctx,
        base + c,
        (cr + (146 - cr) * m) * k,
        (cg + (126 - cg) * m) * k,
        (cb + (100 - cb) * m) * k,
        true,
      );
      continue;
    }
    put(ctx, base + c, cr * k, cg * k, cb * k, true);
  }
}

function road(
  ctx: SurfaceContext,
  gi: number,
  r: number,
  c0: number,
  c1: number,
  x0: number,
  y: number,
  gx0: number,
  gy: number,
): void {
  const W = ctx.pixels;
  const px = ctx.px;
  const P = gi * PAINT_PARAMS;
  const junction = ctx.kind[gi] === PAINT.junction;
  const hw = ctx.param[P]!;
  const sw = junction ? 0 : ctx.param[P + 1]!;
  const marking = junction ? 0 : ctx.param[P + 2]!;
  const parked = junction ? 0 : ctx.param[P + 3]!;
  const fresh = ctx.param[P + 4]!;
  const cr = ctx.colour[gi * 3]!;
  const cg = ctx.colour[gi * 3 + 1]!;
  const cb = ctx.colour[gi * 3 + 2]!;
  const F = gi * 4;
  const ox = ctx.frame[F]!;
  const oy = ctx.frame[F + 1]!;
  const ax = ctx.frame[F + 2]!;
  const ay = ctx.frame[F + 3]!;
  const g0 = ctx.gain;
  const low = ctx.lowRow;
  const mid = ctx.midRow;
  const white = ctx.white;
  const fine = ctx.fine;
  const wrow = (gy & 255) << 8;
  const base = r * W;
  const carriage = hw - sw;
  const edgeLine = carriage - 0.5;
  for (let c = c0; c < c1; c++) {
    const x = x0 + (c + 0.5) * px;
    const gx = (gx0 + c) & 255;
    const wn = white[wrow | gx]!;
    const fn = fine[wrow | gx]!;
    const u = (x - ox) * ax + (y - oy) * ay;
    const v = (y - oy) * ax - (x - ox) * ay;
    const av = v < 0 ? -v : v;
    if (sw > 0 && av > carriage) {
      if (av < carriage + 0.18) {
        put(ctx, base + c, 172 * g0[0], 170 * g0[1], 164 * g0[2], true);
      } else {
        const slab = u / 1.2 - Math.floor(u / 1.2) < 0.04 ? 0.9 : 1;
        const k = (1 + 0.04 * mid[c]! + 0.05 * wn + 0.03 * fn) * slab;
        put(ctx, base + c, 156 * g0[0] * k, 152 * g0[1] * k, 146 * g0[2] * k, true);
      }
      continue;
    }
    if (parked > 0 && av > carriage - 2.2 && av < carriage - 0.2) {
      const slot = Math.floor(u / 5.6);
      const h = hash3(slot, v < 0 ? 1 : 2, gi);
      if (h % 100 < 38) {
        const uc = u - (slot + 0.5) * 5.6;
        const vc = (av - (carriage - 1.2)) * (v < 0 ? -1 : 1);
        if (uc > -2.15 && uc < 2.15 && vc > -0.88 && vc < 0.88) {
          car(ctx, base + c, uc, vc, h, wn);
          continue;
        }
      }
    }
    let k = 1 + 0.05 * low[c]! + 0.05 * mid[c]! + 0.07 * wn + 0.04 * fn;
    if (fresh === 0 && low[c]! > 0.55) k *= 0.93;
    let pr = cr * k;
    let pg = cg * k;
    let pb = cb * k;
    if (marking > 0) {
      const dash = u / 13 - Math.floor(u / 13);
      const line =
        (av < 0.07 && dash < 0.23) || (marking > 1 && av > edgeLine - 0.07 && av < edgeLine + 0.07);
      if (line) {
        const wk = 1 + 0.05 * wn;
        pr = 212 * g0[0] * wk;
        pg = 212 * g0[1] * wk;
        pb = 206 * g0[2] * wk;
      }
    }
    put(ctx, base + c, pr, pg, pb, true);
  }
}

/** A parked car seen from above: `uc` along the car (front at +), `vc` across, metres. */
function car(ctx: SurfaceContext, i: number, uc: number, vc: number, h: number, wn: number): void {
  const col = CAR_COLOURS[(h >>> 8) % CAR_COLOURS.length]!;
  const g0 = ctx.gain;
  const front = (h & 0x10000) === 0 ? 1 : -1;
  const a = uc * front;
  const av = vc < 0 ? -vc : vc;
  let k = 1 + 0.03 * wn;
  let r = col[0];
  let g = col[1];
  let b = col[2];
  if ((a > 0.55 && a < 1.25 && av < 0.72) || (a < -1.25 && a > -1.75 && av < 0.68)) {
    // Windscreen and rear window.
    r = 38;
    g = 44;
    b = 52;
  } else if (av > 0.78 || a > 2.02 || a < -2.05) {
    k *= 0.7;
  } else if (a > -1.25 && a < 0.55 && av < 0.62) {
    k *= 1.08;
  }
  put(ctx, i, r * k * g0[0], g * k * g0[1], b * k * g0[2], true);
}

function parking(
  ctx: SurfaceContext,
  gi: number,
  r: number,
  c0: number,
  c1: number,
  x0: number,
  y: number,
  gx0: number,
  gy: number,
): void {
  const W = ctx.pixels;
  const px = ctx.px;
  const P = gi * PAINT_PARAMS;
  const bw = ctx.param[P]!;
  const bd = ctx.param[P + 1]!;
  const aisle = ctx.param[P + 2]!;
  const occ = ctx.param[P + 3]!;
  const cr = ctx.colour[gi * 3]!;
  const cg = ctx.colour[gi * 3 + 1]!;
  const cb = ctx.colour[gi * 3 + 2]!;
  const F = gi * 4;
  const ox = ctx.frame[F]!;
  const oy = ctx.frame[F + 1]!;
  const ax = ctx.frame[F + 2]!;
  const ay = ctx.frame[F + 3]!;
  const g0 = ctx.gain;
  const low = ctx.lowRow;
  const mid = ctx.midRow;
  const white = ctx.white;
  const wrow = (gy & 255) << 8;
  const base = r * W;
  const period = 2 * bd + aisle;
  const occInt = Math.round(occ * 100);
  for (let c = c0; c < c1; c++) {
    const x = x0 + (c + 0.5) * px;
    const wn = white[wrow | ((gx0 + c) & 255)]!;
    const u = (x - ox) * ax + (y - oy) * ay;
    const v = (y - oy) * ax - (x - ox) * ay;
    const band = Math.floor(v / period);
    const vv = v - band * period;
    const inA = vv < bd;
    const inB = vv >= bd + aisle;
    if (inA || inB) {
      const vb = inA ? vv : vv - bd - aisle;
      const bay = Math.floor(u / bw);
      const ub = u - bay * bw;
      if (ub < 0.1) {
        put(ctx, base + c, 214 * g0[0], 214 * g0[1], 208 * g0[2], true);
        continue;
      }
      const h = hash3(bay, band * 2 + (inA ? 0 : 1), gi);
      if (h % 100 < occInt) {
        const uc = (vb - bd / 2) * (inA ? 1 : -1);
        const vc = ub - bw / 2;
        if (uc > -2.15 && uc < 2.15 && vc > -0.88 && vc < 0.88) {
          car(ctx, base + c, uc, vc, h, wn);
          continue;
        }
      }
    }
    const k = 1 + 0.05 * low[c]! + 0.05 * mid[c]! + 0.07 * wn;
    put(ctx, base + c, cr * k, cg * k, cb * k, true);
  }
}

function paved(
  ctx: SurfaceContext,
  gi: number,
  r: number,
  c0: number,
  c1: number,
  x0: number,
  y: number,
  gx0: number,
  gy: number,
): void {
  const W = ctx.pixels;
  const px = ctx.px;
  const P = gi * PAINT_PARAMS;
  const track = ctx.kind[gi] === PAINT.track;
  const slab = track ? 0 : ctx.param[P]!;
  const cr = ctx.colour[gi * 3]!;
  const cg = ctx.colour[gi * 3 + 1]!;
  const cb = ctx.colour[gi * 3 + 2]!;
  const F = gi * 4;
  const ox = ctx.frame[F]!;
  const oy = ctx.frame[F + 1]!;
  const ax = ctx.frame[F + 2]!;
  const ay = ctx.frame[F + 3]!;
  const low = ctx.lowRow;
  const mid = ctx.midRow;
  const white = ctx.white;
  const fine = ctx.fine;
  const wrow = (gy & 255) << 8;
  const base = r * W;
  const grain = track ? 0.13 : 0.06;
  for (let c = c0; c < c1; c++) {
    const x = x0 + (c + 0.5) * px;
    const gx = (gx0 + c) & 255;
    let k = 1 + 0.05 * low[c]! + 0.05 * mid[c]! + grain * white[wrow | gx]! + 0.05 * fine[wrow | gx]!;
    if (slab > 0 || track) {
      const u = (x - ox) * ax + (y - oy) * ay;
      const v = (y - oy) * ax - (x - ox) * ay;
      if (track) {
        // Two wheel ruts along the towpath.
        const av = v < 0 ? -v : v;
        if (av > 0.55 && av < 1.05) k *= 0.9;
      } else {
        const ju = u / slab - Math.floor(u / slab);
        const jv = v / slab - Math.floor(v / slab);
        if (ju < 0.012 || jv < 0.012) k *= 0.85;
      }
    }
    put(ctx, base + c, cr * k, cg * k, cb * k, true);
  }
}

function water(
  ctx: SurfaceContext,
  gi: number,
  r: number,
  c0: number,
  c1: number,
  x0: number,
  y: number,
  gx0: number,
  gy: number,
): void {
  const W = ctx.pixels;
  const px = ctx.px;
  const cr = ctx.colour[gi * 3]!;
  const cg = ctx.colour[gi * 3 + 1]!;
  const cb = ctx.colour[gi * 3 + 2]!;
  const F = gi * 4;
  const ox = ctx.frame[F]!;
  const oy = ctx.frame[F + 1]!;
  const ax = ctx.frame[F + 2]!;
  const ay = ctx.frame[F + 3]!;
  const halfWidth = ctx.param[gi * PAINT_PARAMS + 1]!;
  const g0 = ctx.gain;
  const low = ctx.lowRow;
  const mid = ctx.midRow;
  const white = ctx.white;
  const wrow = (gy & 255) << 8;
  const base = r * W;
  for (let c = c0; c < c1; c++) {
    const x = x0 + (c + 0.5) * px;
    const u = (x - ox) * ax + (y - oy) * ay;
    const v = (y - oy) * ax - (x - ox) * ay;
    if (halfWidth > 0) {
      const av = v < 0 ? -v : v;
      if (av > halfWidth - 0.45) {
        // Sheet piling and concrete capping along the canal banks.
        const kk = (av > halfWidth - 0.2 ? 1.05 : 0.7) * (1 + 0.05 * white[wrow | ((gx0 + c) & 255)]!);
        put(ctx, base + c, 150 * g0[0] * kk, 146 * g0[1] * kk, 138 * g0[2] * kk, true);
        continue;
      }
    }
    // Wind ripples: faint waves across the flow, broken up by noise.
    const wave = Math.sin(v * 9 + u * 1.3 + mid[c]! * 3) * 0.035;
    const k = 1 + 0.05 * low[c]! + wave + 0.025 * white[wrow | ((gx0 + c) & 255)]!;
    const glint = wave > 0.033 && mid[c]! > 0.55 ? 40 : 0;
    put(ctx, base + c, cr * k + glint, cg * k + glint, cb * k + glint, true);
  }
}

function pitchedRoof(
  ctx: SurfaceContext,
  gi: number,
  r: number,
  c0: number,
  c1: number,
  x0: number,
  y: number,
  gx0: number,
  gy: number,
): void {
  const W = ctx.pixels;
  const px = ctx.px;
  const P = gi * PAINT_PARAMS;
  const hip = ctx.kind[gi] === PAINT.roofHip;
  const hl = ctx.param[P]!;
  const hw = ctx.param[P + 1]!;
  const slate = ctx.param[P + 3]! > 0;
  const chimney = ctx.param[P + 4]!;
  const skylights = ctx.param[P + 5]! > 0;
  const weather = ctx.param[P + 6]!;
  const cr = ctx.colour[gi * 3]!;
  const cg = ctx.colour[gi * 3 + 1]!;
  const cb = ctx.colour[gi * 3 + 2]!;
  const F = gi * 4;
  const ox = ctx.frame[F]!;
  const oy = ctx.frame[F + 1]!;
  const ax = ctx.frame[F + 2]!;
  const ay = ctx.frame[F + 3]!;
  const S = gi * 4;
  const sPlus = ctx.roofShade[S]!;
  const sMinus = ctx.roofShade[S + 1]!;
  const sEndPlus = ctx.roofShade[S + 2]!;
  const sEndMinus = ctx.roofShade[S + 3]!;
  const g0 = ctx.gain;
  const low = ctx.lowRow;
  const white = ctx.white;
  const wrow = (gy & 255) << 8;
  const base = r * W;
  const course = slate ? 0.24 : 0.34;
  const tileW = slate ? 0.3 : 0.22;
  const ridgeHalf = hl - hw;
  for (let c = c0; c < c1; c++) {
    const x = x0 + (c + 0.5) * px;
    const wn = white[wrow | ((gx0 + c) & 255)]!;
    const u = (x - ox) * ax + (y - oy) * ay;
    const v = (y - oy) * ax - (x - ox) * ay;
    const au = u < 0 ? -u : u;
    const av = v < 0 ? -v : v;
    let shade = v >= 0 ? sPlus : sMinus;
    let d = av; // distance from the ridge, across the courses
    let edge = av > hw - 0.2 || au > hl - 0.15;
    if (hip && au - ridgeHalf > av) {
      shade = u >= 0 ? sEndPlus : sEndMinus;
      d = au - ridgeHalf;
      edge = av > hw - 0.2 || au > hl - 0.2;
    }
    const hipLine = hip && Math.abs(au - ridgeHalf - av) < 0.1;
    const ridge = (av < 0.14 && (!hip || au < ridgeHalf + 0.1)) || hipLine;
    const q = d / course;
    const row = Math.floor(q);
    const inCourse = q - row;
    const tile = hash3(Math.floor(u / tileW), row, gi);
    let k = shade * (1 + ((tile & 255) / 255 - 0.5) * (slate ? 0.09 : 0.14) + 0.04 * wn);
    if (inCourse < 0.16) k *= 0.82;
    k *= 1 - 0.08 * weather * (low[c]! + 0.3);
    let pr = cr;
    let pg = cg;
    let pb = cb;
    if (ridge) {
      k = shade * (slate ? 0.8 : 0.92) * (1 + 0.04 * wn);
    } else if (edge) {
      k *= 0.62;
    }
    if (chimney !== 0 && Math.abs(u - chimney) < 0.45 && av < 0.4) {
      const inner = Math.abs(u - chimney) < 0.2 && av < 0.15;
      pr = (inner ? 30 : 132) * g0[0];
      pg = (inner ? 30 : 82) * g0[1];
      pb = (inner ? 30 : 64) * g0[2];
      k = 1 + 0.05 * wn;
    } else if (skylights && v > hw * 0.25 && v < hw * 0.25 + 1.1) {
      const slot = Math.floor(u / 3.4);
      if ((hash3(slot, 7, gi) & 3) === 0 && Math.abs(u - (slot + 0.5) * 3.4) < 0.42) {
        const frame = Math.abs(u - (slot + 0.5) * 3.4) > 0.34 || v < hw * 0.25 + 0.08 || v > hw * 0.25 + 1.02;
        pr = (frame ? 70 : 44) * g0[0];
        pg = (frame ? 72 : 56) * g0[1];
        pb = (frame ? 76 : 70) * g0[2];
        k = shade * (1 + 0.03 * wn);
      }
    }
    put(ctx, base + c, pr * k, pg * k, pb * k, false);
  }
}

function flatRoof(
  ctx: SurfaceContext,
  gi: number,
  r: number,
  c0: number,
  c1: number,
  x0: number,
  y: number,
  gx0: number,
  gy: number,
): void {
  const W = ctx.pixels;
  const px = ctx.px;
  const P = gi * PAINT_PARAMS;
  const hl = ctx.param[P]!;
  const hw = ctx.param[P + 1]!;
  const hvac = Math.round(ctx.param[P + 2]! * 100);
  const cr = ctx.colour[gi * 3]!;
  const cg = ctx.colour[gi * 3 + 1]!;
  const cb = ctx.colour[gi * 3 + 2]!;
  const F = gi * 4;
  const ox = ctx.frame[F]!;
  const oy = ctx.frame[F + 1]!;
  const ax = ctx.frame[F + 2]!;
  const ay = ctx.frame[F + 3]!;
  const [sdx, sdy] = ctx.shadowDir;
  // Shadow offset of a 1.2 m rooftop unit, in the roof's own frame.
  const su = (sdx * ax + sdy * ay) * 1.2 * ctx.shadowPerMetre;
  const sv = (sdy * ax - sdx * ay) * 1.2 * ctx.shadowPerMetre;
  const g0 = ctx.gain;
  const low = ctx.lowRow;
  const mid = ctx.midRow;
  const white = ctx.white;
  const wrow = (gy & 255) << 8;
  const base = r * W;
  for (let c = c0; c < c1; c++) {
    const x = x0 + (c + 0.5) * px;
    const wn = white[wrow | ((gx0 + c) & 255)]!;
    const u = (x - ox) * ax + (y - oy) * ay;
    const v = (y - oy) * ax - (x - ox) * ay;
    const au = u < 0 ? -u : u;
    const av = v < 0 ? -v : v;
    let k = 1 + 0.04 * low[c]! + 0.04 * mid[c]! + 0.05 * wn;
    if (au > hl - 0.45 || av > hw - 0.45) {
      put(ctx, base + c, 200 * g0[0] * k, 198 * g0[1] * k, 192 * g0[2] * k, false);
      continue;
    }
    if (u / 1.05 - Math.floor(u / 1.05) < 0.035) k *= 1.06;
    // Rooftop units: one per 8 m cell where the hash allows, away from the parapet.
    const cu = Math.floor((u + hl) / 8);
    const cv = Math.floor((v + hw) / 8);
    const cellU = -hl + (cu + 0.5) * 8;
    const cellV = -hw + (cv + 0.5) * 8;
    if (hash3(cu, cv, gi) % 100 < hvac && Math.abs(cellU) < hl - 4 && Math.abs(cellV) < hw - 4) {
      const du = u - cellU;
      const dv = v - cellV;
      if (Math.abs(du) < 1.3 && Math.abs(dv) < 0.9) {
        const top = Math.abs(du) < 1.1 && Math.abs(dv) < 0.7;
        const kk = (top ? 1.15 : 0.95) * (1 + 0.03 * wn);
        put(ctx, base + c, 206 * g0[0] * kk, 206 * g0[1] * kk, 204 * g0[2] * kk, false);
        continue;
      }
      if (Math.abs(du - su) < 1.3 && Math.abs(dv - sv) < 0.9) k *= 0.55;
    }
    put(ctx, base + c, cr * k, cg * k, cb * k, false);
  }
}

function earthworks(
  ctx: SurfaceContext,
  gi: number,
  r: number,
  c0: number,
  c1: number,
  x0: number,
  y: number,
  gx0: number,
  gy: number,
): void {
  const W = ctx.pixels;
  const px = ctx.px;
  const P = gi * PAINT_PARAMS;
  const wet = ctx.param[P]!;
  const cr = ctx.colour[gi * 3]!;
  const cg = ctx.colour[gi * 3 + 1]!;
  const cb = ctx.colour[gi * 3 + 2]!;
  const F = gi * 4;
  const ox = ctx.frame[F]!;
  const oy = ctx.frame[F + 1]!;
  const ax = ctx.frame[F + 2]!;
  const ay = ctx.frame[F + 3]!;
  const g0 = ctx.gain;
  const low = ctx.lowRow;
  const mid = ctx.midRow;
  const white = ctx.white;
  const fine = ctx.fine;
  const wrow = (gy & 255) << 8;
  const base = r * W;
  const cos55 = 0.5736;
  const sin55 = 0.8192;
  for (let c = c0; c < c1; c++) {
    const x = x0 + (c + 0.5) * px;
    const gx = (gx0 + c) & 255;
    const wn = white[wrow | gx]!;
    const fn = fine[wrow | gx]!;
    const u = (x - ox) * ax + (y - oy) * ay;
    const v = (y - oy) * ax - (x - ox) * ay;
    const lo = low[c]!;
    const md = mid[c]!;
    // Site cabins: two containers near the middle of the site.
    if (u > -4 && u < 2 && ((v > 0 && v < 2.4) || (v > 3 && v < 5.4))) {
      const edge =
        u < -3.85 ||
        u > 1.85 ||
        (v > 0 && v < 0.15) ||
        (v > 2.25 && v < 2.4) ||
        (v > 3 && v < 3.15) ||
        v > 5.25;
      const kk = (edge ? 0.8 : 1) * (1 + 0.03 * wn);
      put(ctx, base + c, 214 * g0[0] * kk, 212 * g0[1] * kk, 204 * g0[2] * kk, false);
      continue;
    }
    // Three materials: ochre subsoil, heaps of dark topsoil, a grey gravel platform.
    let pr = cr;
    let pg = cg;
    let pb = cb;
    let k = 1 + 0.1 * lo + 0.06 * md + 0.1 * wn + 0.1 * fn;
    const heap = lo > 0.32;
    if (heap) {
      // Topsoil heaps, lit from the sun's side (slope from the noise's gradient along the row).
      const slope = (low[c + 1 < c1 ? c + 1 : c]! - low[c > c0 ? c - 1 : c]!) * 14;
      pr = 112 * g0[0];
      pg = 94 * g0[1];
      pb = 74 * g0[2];
      k *= 1 + Math.max(-0.25, Math.min(0.25, slope)) + 0.08 * fn;
    } else if (lo < -0.28 && md > -0.2) {
      pr = 156 * g0[0];
      pg = 152 * g0[1];
      pb = 144 * g0[2];
      k += 0.08 * wn;
    } else {
      // Machine tracks in two directions, fading in and out, with tread marks.
      const tv = v + 4 * Math.sin(u * 0.035 + lo * 2);
      const t = tv / 9 - Math.floor(tv / 9);
      const u2 = u * cos55 + v * sin55;
      const v2 = v * cos55 - u * sin55 + 3 * Math.sin(u2 * 0.05);
      const t2 = v2 / 14 - Math.floor(v2 / 14);
      const onA = (t < 0.06 || (t > 0.2 && t < 0.26)) && md > -0.35;
      const onB = (t2 < 0.04 || (t2 > 0.13 && t2 < 0.17)) && md > 0.1;
      if (onA || onB) {
        const along = onA ? u : u2;
        k *= along / 0.32 - Math.floor(along / 0.32) < 0.45 ? 0.8 : 0.88;
      }
    }
    // Wetter, darker soil in hollows; puddles in the lowest.
    const m = Math.max(0, Math.min(1, (-lo * wet - 0.05) * 3));
    pr += (118 * g0[0] - pr) * m;
    pg += (98 * g0[1] - pg) * m;
    pb += (78 * g0[2] - pb) * m;
    if (wet > 0.45 && lo < -0.5 && md < 0.3) {
      pr = 88 * g0[0];
      pg = 90 * g0[1];
      pb = 88 * g0[2];
      k = 1 + 0.04 * md + 0.02 * wn;
    }
    put(ctx, base + c, pr * k, pg * k, pb * k, true);
  }
}
