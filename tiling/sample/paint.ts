// biome-ignore-all lint/style/noNonNullAssertion: typed-array hot loops; every index is in range by construction.
/**
 * Paints one PCRS-like dalle (200 m, 5 cm pixels, RGB) from the scene's polygons and trees.
 *
 * Order: a label image (which polygon owns each pixel centre), a shadow mask (buildings and trees
 * cast shadows away from the sun), the ground (one painter per surface kind, run by run along each
 * row), then tree crowns on top with a height buffer. Textures come from position-based noise, so
 * neighbouring dalles join without seams. Pure: values in, pixels out; the worker encodes them.
 *
 * Kind parameters (`PaintSpec.p`) are documented where palette.ts makes them.
 */
import { isRoof, PAINT, PAINT_PARAMS, type PaintSpec } from './codes';
import { type Box, convexHull, type Ring, ringsBox, type Vec2 } from './geometry';
import { fineNoiseTable, noiseGrid, whiteNoiseTable } from './noise';
import { paintRun, type SurfaceContext } from './paint-surfaces';
import { hash3 } from './prng';
import { type PixelGrid, rasteriseLabel, rasteriseMax } from './rasterise';

/** Side of a PCRS dalle, metres. */
export const DALLE_METRES = 200;
/** PCRS pixel size, metres. */
export const PIXEL_METRES = 0.05;
/** Side of a dalle, pixels. */
export const DALLE_PIXELS = DALLE_METRES / PIXEL_METRES;

/** One polygon as the painter needs it. */
export interface PaintPolygon {
  rings: Ring[];
  spec: PaintSpec;
  /** Building height, metres (0 for ground). */
  height: number;
}

/** A tree crown (see drafts.ts `Tree`). */
export interface PaintTree {
  x: number;
  y: number;
  r: number;
  h: number;
  c: [number, number, number];
  seed: number;
}

/** Everything needed to paint the dalles of one vintage (structured-clonable, sent to workers). */
export interface PaintInput {
  seed: number;
  /** 0 for the first vintage, 1 for the second: textures that differ between flights use it. */
  vintage: number;
  sizeMetres: number;
  polygons: PaintPolygon[];
  trees: PaintTree[];
  sunAzimuthDeg: number;
  sunElevationDeg: number;
  gain: [number, number, number];
}

/** Numbers per crown lobe in `DallePainter.lobes`. */
const LOBE = 7;

/** Paints dalles of one vintage; holds scratch buffers (about 110 MB at 4000 px), reused per dalle. */
export class DallePainter {
  readonly pixels: number;
  private readonly px: number;
  private readonly input: PaintInput;
  private readonly boxes: Box[];
  /** Crown lobes, LOBE numbers each: x, y, radius, top height, r, g, b. */
  private readonly lobes: Float64Array;
  private readonly lobeCount: number;
  private readonly kind: Uint8Array;
  private readonly colour: Float32Array;
  private readonly frame: Float64Array;
  private readonly param: Float64Array;
  private readonly roofShade: Float32Array;
  private readonly labels: Uint16Array;
  private readonly shadow: Uint8Array;
  private readonly zbuf: Uint16Array;
  private readonly rgb: Uint8ClampedArray;
  private readonly lowRow: Float32Array;
  private readonly midRow: Float32Array;
  private readonly white: Float32Array;
  private readonly fine: Float32Array;
  private sel: Int32Array = new Int32Array(0);
  private readonly tmpRow = new Float32Array(1024);
  private readonly lowCols: { index: Int32Array; frac: Float32Array };
  private readonly midCols: { index: Int32Array; frac: Float32Array };
  private readonly sun: [number, number, number];
  private readonly shadowDir: Vec2;
  private readonly shadowPerMetre: number;
  private readonly ctx: SurfaceContext;

  /**
   * @param pixels side of the painted dalle in pixels (4000 = 5 cm; fewer for quick previews).
   * @param reuse a painter of the same size that is no longer used: its scratch buffers are taken
   *   over instead of allocating new ones (a worker switching vintage).
   */
  constructor(input: PaintInput, pixels = DALLE_PIXELS, reuse?: DallePainter) {
    this.input = input;
    this.pixels = pixels;
    this.px = DALLE_METRES / pixels;
    const n = input.polygons.length;
    this.boxes = input.polygons.map((p) => ringsBox(p.rings));
    this.kind = new Uint8Array(n);
    this.colour = new Float32Array(n * 3);
    this.frame = new Float64Array(n * 4);
    this.param = new Float64Array(n * PAINT_PARAMS);
    this.roofShade = new Float32Array(n * 4);
    const az = (input.sunAzimuthDeg * Math.PI) / 180;
    const el = (input.sunElevationDeg * Math.PI) / 180;
    this.sun = [Math.sin(az) * Math.cos(el), Math.cos(az) * Math.cos(el), Math.sin(el)];
    this.shadowDir = [-Math.sin(az), -Math.cos(az)];
    this.shadowPerMetre = 1 / Math.tan(el);
    input.polygons.forEach((p, i) => {
      const s = p.spec;
      this.kind[i] = s.kind;
      this.colour.set([s.r * input.gain[0], s.g * input.gain[1], s.b * input.gain[2]], i * 3);
      this.frame.set([s.ox, s.oy, s.ax, s.ay], i * 4);
      for (let k = 0; k < PAINT_PARAMS; k++) this.param[i * PAINT_PARAMS + k] = s.p[k] ?? 0;
      if (s.kind === PAINT.roofGable || s.kind === PAINT.roofHip) this.setRoofShade(i, s);
    });
    // Each crown is 3-5 overlapping lobes (hemispheres), fixed per tree so that both flights and
    // neighbouring dalles see the same shape.
    const lobes: number[] = [];
    for (const t of input.trees) {
      const count = 3 + (t.seed % 3);
      for (let l = 0; l < count; l++) {
        const h1 = hash3(t.seed, l, 11);
        const ang = ((h1 & 1023) / 1024) * Math.PI * 2;
        const dist = l === 0 ? 0 : t.r * (0.25 + ((h1 >>> 10) & 255) / 600);
        const rl = t.r * (l === 0 ? 0.72 : 0.5 + ((h1 >>> 18) & 255) / 1200);
        const tint = 1 + (((h1 >>> 26) & 63) / 63 - 0.5) * 0.06;
        lobes.push(
          t.x + Math.cos(ang) * dist,
          t.y + Math.sin(ang) * dist,
          rl,
          t.h - (t.r - rl) * 0.6 - dist * 0.3,
          t.c[0] * input.gain[0] * tint,
          t.c[1] * input.gain[1] * tint,
          t.c[2] * input.gain[2] * tint,
        );
      }
    }
    this.lobes = Float64Array.from(lobes);
    this.lobeCount = lobes.length / LOBE;
    const size = pixels * pixels;
    const old = reuse && reuse.pixels === pixels ? reuse : null;
    this.labels = old ? old.labels : new Uint16Array(size);
    this.shadow = old ? old.shadow : new Uint8Array(size);
    this.zbuf = old ? old.zbuf : new Uint16Array(size);
    this.rgb = old ? old.rgb : new Uint8ClampedArray(size * 3);
    this.lowRow = new Float32Array(pixels);
    this.midRow = new Float32Array(pixels);
    this.white = whiteNoiseTable(input.seed * 7 + input.vintage);
    this.fine = fineNoiseTable(input.seed * 13 + 5, 8);
    this.lowCols = this.columns(1);
    this.midCols = this.columns(0.25);
    this.ctx = {
      pixels,
      px: this.px,
      kind: this.kind,
      colour: this.colour,
      frame: this.frame,
      param: this.param,
      roofShade: this.roofShade,
      shadow: this.shadow,
      rgb: this.rgb,
      lowRow: this.lowRow,
      midRow: this.midRow,
      white: this.white,
      fine: this.fine,
      gain: input.gain,
      shadowDir: this.shadowDir,
      shadowPerMetre: this.shadowPerMetre,
    };
  }

  /** Brightness of each roof plane under this flight's sun: [+v side, -v side, +u end, -u end]. */
  private setRoofShade(i: number, s: PaintSpec): void {
    const slope = s.p[2] ?? 0.7;
    const bx = -s.ay;
    const by = s.ax;
    const sin = Math.sin(slope);
    const cos = Math.cos(slope);
    const [lx, ly, lz] = this.sun;
    const lit = (nx: number, ny: number): number => 0.42 + 0.72 * Math.max(0, nx * lx + ny * ly + cos * lz);
    this.roofShade.set(
      [
        lit(bx * sin, by * sin),
        lit(-bx * sin, -by * sin),
        lit(s.ax * sin, s.ay * sin),
        lit(-s.ax * sin, -s.ay * sin),
      ],
      i * 4,
    );
  }

  /**
   * Paints the dalle at column `col` (from the west) and row `row` (from the north) of the area.
   * Returns interleaved RGB (pixels² * 3 bytes): a view on a scratch buffer, valid until the next call.
   */
  paint(col: number, row: number): Uint8ClampedArray {
    const W = this.pixels;
    const grid: PixelGrid = {
      x0: col * DALLE_METRES,
      yTop: this.input.sizeMetres - row * DALLE_METRES,
      pixel: this.px,
      width: W,
      height: W,
    };
    const box: Box = {
      minX: grid.x0,
      minY: grid.yTop - DALLE_METRES,
      maxX: grid.x0 + DALLE_METRES,
      maxY: grid.yTop,
    };
    this.rasteriseLabels(grid, box);
    this.castShadows(grid, box, col, row);
    // Crowns first (with their height buffer), so the ground is only painted where no crown hides it.
    this.paintCrowns(grid, box, col, row);
    this.paintGround(grid, col, row);
    return this.rgb;
  }

  private rasteriseLabels(grid: PixelGrid, box: Box): void {
    this.labels.fill(0);
    const sel: number[] = [];
    const polys = this.input.polygons;
    for (let i = 0; i < polys.length; i++) {
      const b = this.boxes[i]!;
      if (b.maxX <= box.minX || b.minX >= box.maxX || b.maxY <= box.minY || b.minY >= box.maxY) continue;
      sel.push(i);
      rasteriseLabel(polys[i]!.rings, grid, this.labels, sel.length);
    }
    this.sel = Int32Array.from(sel);
  }

  private castShadows(grid: PixelGrid, box: Box, col: number, row: number): void {
    this.shadow.fill(0);
    const fine = this.fine;
    const [sx, sy] = this.shadowDir;
    const k = this.shadowPerMetre;
    const reach = 30;
    const polys = this.input.polygons;
    for (let i = 0; i < polys.length; i++) {
      const p = polys[i]!;
      if (p.height <= 0) continue;
      const b = this.boxes[i]!;
      if (
        b.maxX < box.minX - reach ||
        b.minX > box.maxX + reach ||
        b.maxY < box.minY - reach ||
        b.minY > box.maxY + reach
      )
        continue;
      const outer = p.rings[0]!;
      const dx = sx * p.height * k;
      const dy = sy * p.height * k;
      const pts: Vec2[] = [];
      for (const q of outer) pts.push(q, [q[0] + dx, q[1] + dy]);
      rasteriseMax([convexHull(pts)], grid, this.shadow, 255);
    }
    // Tree shadows: each crown lobe casts a disc, shifted away from the sun by its height.
    const L = this.lobes;
    const W = this.pixels;
    const px = this.px;
    const shadow = this.shadow;
    for (let l = 0; l < this.lobeCount; l++) {
      const o = l * LOBE;
      const off = (L[o + 3]! - L[o + 2]! * 0.5) * k;
      const cx = L[o]! + sx * off;
      const cy = L[o + 1]! + sy * off;
      const r = L[o + 2]!;
      if (cx + r < box.minX || cx - r > box.maxX || cy + r < box.minY || cy - r > box.maxY) continue;
      const r0 = Math.max(0, Math.floor((grid.yTop - cy - r) / px));
      const r1 = Math.min(W - 1, Math.ceil((grid.yTop - cy + r) / px));
      for (let rr = r0; rr <= r1; rr++) {
        const dy = grid.yTop - (rr + 0.5) * px - cy;
        const span = r * r - dy * dy;
        if (span <= 0) continue;
        const half = Math.sqrt(span);
        const ca = Math.max(0, Math.ceil((cx - half - grid.x0) / px - 0.5));
        const cb = Math.min(W - 1, Math.floor((cx + half - grid.x0) / px - 0.5));
        const base = rr * W;
        const wrow = ((row * W + rr) & 255) << 8;
        for (let c = ca; c <= cb; c++) {
          // A ragged edge like the crown's own.
          const dx = grid.x0 + (c + 0.5) * px - cx;
          if (dx * dx + dy * dy > r * r * (0.8 + 0.35 * fine[wrow | ((col * W + c) & 255)]!)) continue;
          if (shadow[base + c]! < 215) shadow[base + c] = 215;
        }
      }
    }
  }

  private paintGround(grid: PixelGrid, col: number, row: number): void {
    const W = this.pixels;
    const px = this.px;
    const seed = this.input.seed;
    // Low-frequency noise on a 1 m grid, fine noise on a 0.25 m grid, both interpolated per row.
    const lowStep = 1;
    const midStep = 0.25;
    const nLow = Math.ceil(DALLE_METRES / lowStep) + 2;
    const nMid = Math.ceil(DALLE_METRES / midStep) + 2;
    const low = noiseGrid(seed * 31 + 1, grid.x0, grid.yTop, lowStep, nLow, nLow, [
      [48, 0.5],
      [16, 0.3],
      [6, 0.2],
    ]);
    const mid = noiseGrid(seed * 31 + 2 + this.input.vintage, grid.x0, grid.yTop, midStep, nMid, nMid, [
      [1.3, 0.6],
      [0.6, 0.4],
    ]);
    const labels = this.labels;
    const z = this.zbuf;
    const sel = this.sel;
    const gx0 = col * W;
    const gy0 = row * W;
    let last = sel.length > 0 ? sel[0]! : 0;
    for (let r = 0; r < W; r++) {
      const y = grid.yTop - (r + 0.5) * px;
      this.interpolateRow(low, nLow, lowStep, r, this.lowRow);
      this.interpolateRow(mid, nMid, midStep, r, this.midRow);
      const base = r * W;
      let c = 0;
      while (c < W) {
        const i = base + c;
        const lab = labels[i]!;
        const hidden = z[i] !== 0;
        let e = c + 1;
        while (e < W && labels[base + e] === lab && (z[base + e] !== 0) === hidden) e++;
        const gi = lab > 0 ? sel[lab - 1]! : last;
        last = gi;
        // Pixels under a crown keep the crown's colour.
        if (!hidden) paintRun(this.ctx, gi, r, c, e, grid.x0, y, gx0, gy0 + r);
        c = e;
      }
    }
  }

  /** Bilinear interpolation of a noise grid along pixel row r: first down the column, then across. */
  private interpolateRow(g: Float32Array, n: number, step: number, r: number, out: Float32Array): void {
    const W = this.pixels;
    const fy = ((r + 0.5) * this.px) / step;
    const j = Math.floor(fy);
    const ty = fy - j;
    const rowA = j * n;
    const rowB = rowA + n;
    const tmp = this.tmpRow;
    for (let i = 0; i < n; i++) tmp[i] = g[rowA + i]! + (g[rowB + i]! - g[rowA + i]!) * ty;
    const { index, frac } = step === 1 ? this.lowCols : this.midCols;
    for (let c = 0; c < W; c++) {
      const i = index[c]!;
      const a = tmp[i]!;
      out[c] = a + (tmp[i + 1]! - a) * frac[c]!;
    }
  }

  private columns(step: number): { index: Int32Array; frac: Float32Array } {
    const W = this.pixels;
    const index = new Int32Array(W);
    const frac = new Float32Array(W);
    for (let c = 0; c < W; c++) {
      const fx = ((c + 0.5) * this.px) / step;
      index[c] = Math.floor(fx);
      frac[c] = fx - Math.floor(fx);
    }
    return { index, frac };
  }

  private paintCrowns(grid: PixelGrid, box: Box, col: number, row: number): void {
    const L = this.lobes;
    const W = this.pixels;
    const px = this.px;
    const z = this.zbuf;
    z.fill(0);
    const labels = this.labels;
    const sel = this.sel;
    const kind = this.kind;
    const white = this.white;
    const fine = this.fine;
    const rgb = this.rgb;
    const [lx, ly, lz] = this.sun;
    const gx0 = col * W;
    const gy0 = row * W;
    const shadow = this.shadow;
    for (let l = 0; l < this.lobeCount; l++) {
      const o = l * LOBE;
      const cx = L[o]!;
      const cy = L[o + 1]!;
      const rl = L[o + 2]!;
      const top = L[o + 3]!;
      const reach = rl * 1.25;
      if (cx + reach < box.minX || cx - reach > box.maxX || cy + reach < box.minY || cy - reach > box.maxY)
        continue;
      const r0 = Math.max(0, Math.floor((grid.yTop - cy - reach) / px));
      const r1 = Math.min(W - 1, Math.ceil((grid.yTop - cy + reach) / px));
      const inv = 1 / rl;
      const tr0 = L[o + 4]!;
      const tg0 = L[o + 5]!;
      const tb0 = L[o + 6]!;
      for (let rr = r0; rr <= r1; rr++) {
        const dy = (grid.yTop - (rr + 0.5) * px - cy) * inv;
        const span = 1.56 - dy * dy;
        if (span <= 0) continue;
        // Only the columns where the lobe (with its ragged margin) can reach on this row.
        const half = Math.sqrt(span) * rl;
        const ca = Math.max(0, Math.floor((cx - half - grid.x0) / px));
        const cb = Math.min(W - 1, Math.ceil((cx + half - grid.x0) / px));
        const base = rr * W;
        const wrow = ((gy0 + rr) & 255) << 8;
        for (let c = ca; c <= cb; c++) {
          const dx = (grid.x0 + (c + 0.5) * px - cx) * inv;
          const d2 = dx * dx + dy * dy;
          const gx = (gx0 + c) & 255;
          const fn = fine[wrow | gx]!;
          // Ragged leafy edge: the crown boundary wanders with the fine noise.
          if (d2 > 1 + 0.55 * fn) continue;
          const i = base + c;
          const nz2 = 1 - Math.min(d2, 1);
          const nz = Math.sqrt(Math.max(nz2, 0.02));
          const hz = (top - (1 - nz) * rl * 0.7) * 100;
          if (hz <= z[i]!) continue;
          const lab = labels[i]!;
          if (lab > 0 && isRoof(kind[sel[lab - 1]!]!)) continue;
          z[i] = hz;
          const lam = dx * lx + dy * ly + nz * lz;
          const wn = white[wrow | gx]!;
          // Sunlit side brighter; leaf clumps (fine noise) with dark gaps between them.
          let kk = (0.36 + 0.84 * Math.max(lam, 0)) * (0.9 + 0.38 * fn + 0.1 * wn);
          if (shadow[i]! > 0 && hz < top * 100 - 30) kk *= 0.8;
          const q = i * 3;
          rgb[q] = tr0 * kk;
          rgb[q + 1] = tg0 * kk;
          rgb[q + 2] = tb0 * kk;
        }
      }
    }
  }
}
