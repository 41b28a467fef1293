/**
 * The exported sheet, composed on a 2D canvas: a title band (title, place, vintages), the globe's
 * picture, a column (beside the picture on a landscape sheet, under it on a portrait one) with
 * the key figures and the complete legends of the layers shown, and a footer (layers, sources,
 * date).
 * Sizes: the globe's size on screen, or A4/A3 landscape at 150 dpi.
 *
 * The picture fills its frame: it is cropped to the frame's proportions when that loses little
 * (≤ 25 % of a side), else fitted whole on the sheet's white. Never black bars: the earlier sheet
 * fitted a screen-shaped picture into a wider A4 frame painted black.
 */

/** Output sizes in pixels; `screen` is the globe's size on screen (known at export time). */
export const PRINT_SIZES = {
  a4: { width: 1754, height: 1240 },
  a3: { width: 2480, height: 1754 },
} as const;
export type ExportSize = 'screen' | keyof typeof PRINT_SIZES;

/** One legend line. */
export interface SheetLegendItem {
  readonly label: string;
  readonly colour: string;
}

/** The legend of one group of layers (e.g. the OCS2D layers shown, in one nomenclature). */
export interface SheetLegendGroup {
  readonly title: string;
  readonly items: readonly SheetLegendItem[];
}

/** The key figures, as words ready to draw. */
export interface SheetFigures {
  readonly heading: string;
  readonly scope: string;
  /** Big lines: label and value. */
  readonly lines: readonly { readonly label: string; readonly value: string; readonly note?: string }[];
  /** The 4 classes at A and B. */
  readonly table: {
    readonly caption: string;
    readonly columns: readonly [string, string, string];
    readonly rows: readonly {
      readonly label: string;
      readonly colour: string;
      readonly a: string;
      readonly b: string;
    }[];
  };
}

/** The words and marks around the picture. */
export interface ExportSheet {
  readonly title: string;
  /** Under the title: the place and vintages the sheet is about. */
  readonly subtitle: string;
  readonly legend: readonly SheetLegendGroup[];
  readonly figures?: SheetFigures;
  /** The layers drawn, by title. */
  readonly layers: string;
  readonly sources: string;
  readonly date: string;
  /** Compare mode: the side labels and the divider's place (0..1 of the picture's width). */
  readonly sides?: { readonly left: string; readonly right: string; readonly position: number };
}

/** A rectangle of the sheet, pixels. */
export interface SheetRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Where things go on a sheet of `width` × `height`: the header band, the picture's frame, the
 * column of figures and legends (right of the frame when landscape, under it when portrait),
 * and the footer.
 */
export function sheetLayout(width: number, height: number, options: { readonly column?: boolean } = {}) {
  const unit = Math.max(10, Math.round(Math.min(width, height) / 40));
  const header = unit * 3.2;
  const footer = unit * 3.2;
  const bodyY = header;
  const bodyH = Math.max(1, height - header - footer);
  const landscape = width >= height;
  const gap = Math.round(unit * 0.6);
  let map: SheetRect;
  let side: SheetRect;
  if (options.column === false) {
    // Nothing to put beside the picture (no figures, no legend): it takes the whole body.
    map = { x: 0, y: bodyY, width, height: bodyH };
    side = { x: width, y: bodyY, width: 0, height: 0 };
  } else if (landscape) {
    const sideW = Math.round(Math.max(unit * 12, width * 0.3));
    map = { x: 0, y: bodyY, width: Math.max(1, width - sideW), height: bodyH };
    side = { x: map.width + gap, y: bodyY, width: Math.max(1, sideW - 2 * gap), height: bodyH };
  } else {
    const mapH = Math.round(bodyH * 0.55);
    map = { x: 0, y: bodyY, width, height: Math.max(1, mapH) };
    side = {
      x: gap,
      y: bodyY + mapH + gap,
      width: Math.max(1, width - 2 * gap),
      height: Math.max(1, bodyH - mapH - gap),
    };
  }
  return { unit, header, footer, landscape, map, side };
}

/** Largest share of a side that the crop may lose before the picture is fitted whole instead. */
const MAX_CROP = 0.25;

/**
 * Where the picture of `w` × `h` is drawn in `frame`: source rectangle and destination.
 * Crops to the frame's proportions when that loses ≤ 25 % of a side, else fits it whole.
 */
export function placePicture(w: number, h: number, frame: SheetRect) {
  const cover = Math.max(frame.width / w, frame.height / h);
  const sw = frame.width / cover;
  const sh = frame.height / cover;
  if (1 - sw / w <= MAX_CROP && 1 - sh / h <= MAX_CROP) {
    return {
      cropped: true,
      source: { x: (w - sw) / 2, y: (h - sh) / 2, width: sw, height: sh },
      dest: { ...frame },
    };
  }
  const k = Math.min(frame.width / w, frame.height / h);
  const dw = w * k;
  const dh = h * k;
  return {
    cropped: false,
    source: { x: 0, y: 0, width: w, height: h },
    dest: {
      x: frame.x + (frame.width - dw) / 2,
      y: frame.y + (frame.height - dh) / 2,
      width: dw,
      height: dh,
    },
  };
}

type Ctx = CanvasRenderingContext2D;
const font = (px: number, bold = false) => `${bold ? '600 ' : ''}${Math.round(px)}px system-ui, sans-serif`;

/** Splits `text` into lines no wider than `max` (words kept whole unless one alone is wider). */
function wrap(ctx: Ctx, text: string, max: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (ctx.measureText(next).width <= max || !line) line = next;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Draws the column: figures, then the legends. The type shrinks (down to 55 %) and the legend
 * takes two columns until everything fits: every class is listed.
 * @returns the scale used (tests and the caller may check it fitted)
 */
function drawColumn(ctx: Ctx, sheet: ExportSheet, box: SheetRect, unit: number): number {
  const attempt = (scale: number, legendCols: number, draw: boolean): number => {
    const u = unit * scale;
    let y = box.y + u * 0.4;
    const x = box.x;
    const w = box.width;
    ctx.textBaseline = 'top';
    const text = (s: string, px: number, bold: boolean, colour: string, at = x, max = w) => {
      ctx.font = font(px, bold);
      const lines = wrap(ctx, s, max);
      for (const l of lines) {
        if (draw) {
          ctx.fillStyle = colour;
          ctx.fillText(l, at, y, max);
        }
        y += px * 1.25;
      }
    };
    const f = sheet.figures;
    if (f) {
      text(f.heading, u * 0.95, true, '#111111');
      text(f.scope, u * 0.62, false, '#444444');
      y += u * 0.2;
      for (const l of f.lines) {
        text(l.label, u * 0.62, false, '#444444');
        text(l.value, u * 1.05, true, '#111111');
        if (l.note) text(l.note, u * 0.55, false, '#444444');
        y += u * 0.15;
      }
      y += u * 0.1;
      text(f.table.caption, u * 0.62, false, '#444444');
      ctx.font = font(u * 0.62);
      const colW = Math.max(
        ctx.measureText(f.table.columns[1]).width,
        ctx.measureText(f.table.columns[2]).width,
        ...f.table.rows.flatMap((r) => [ctx.measureText(r.a).width, ctx.measureText(r.b).width]),
      );
      const xb = x + w;
      const xa = xb - colW - u * 0.6;
      const head = () => {
        if (!draw) return;
        ctx.fillStyle = '#444444';
        ctx.textAlign = 'right';
        ctx.fillText(f.table.columns[1], xa, y);
        ctx.fillText(f.table.columns[2], xb, y);
        ctx.textAlign = 'left';
      };
      ctx.font = font(u * 0.62, true);
      head();
      y += u * 0.62 * 1.3;
      for (const r of f.table.rows) {
        ctx.font = font(u * 0.62);
        if (draw) {
          ctx.fillStyle = r.colour;
          ctx.fillRect(x, y + u * 0.05, u * 0.55, u * 0.55);
          ctx.strokeStyle = '#555555';
          ctx.lineWidth = 1;
          ctx.strokeRect(x, y + u * 0.05, u * 0.55, u * 0.55);
          ctx.fillStyle = '#111111';
          ctx.fillText(r.label, x + u * 0.8, y, Math.max(1, xa - colW - x - u * 1.2));
          ctx.textAlign = 'right';
          ctx.fillText(r.a, xa, y);
          ctx.fillText(r.b, xb, y);
          ctx.textAlign = 'left';
        }
        y += u * 0.62 * 1.3;
      }
      y += u * 0.5;
    }
    const colGap = u * 0.6;
    const cw = (w - colGap * (legendCols - 1)) / legendCols;
    for (const g of sheet.legend) {
      text(g.title, u * 0.68, true, '#111111');
      const px = u * 0.58;
      const step = px * 1.25;
      const rows = Math.ceil(g.items.length / legendCols);
      const top = y;
      let lowest = top;
      ctx.font = font(px);
      for (let col = 0; col < legendCols; col++) {
        const ix = x + col * (cw + colGap);
        let iy = top;
        for (const item of g.items.slice(col * rows, (col + 1) * rows)) {
          const lines = wrap(ctx, item.label, cw - u * 0.8);
          if (draw) {
            ctx.fillStyle = item.colour;
            ctx.fillRect(ix, iy + px * 0.08, px * 0.9, px * 0.9);
            ctx.strokeStyle = '#555555';
            ctx.lineWidth = 1;
            ctx.strokeRect(ix, iy + px * 0.08, px * 0.9, px * 0.9);
            ctx.fillStyle = '#111111';
            for (const [k, l] of lines.entries()) ctx.fillText(l, ix + u * 0.75, iy + k * step, cw - u * 0.8);
          }
          iy += Math.max(1, lines.length) * step + px * 0.2;
        }
        lowest = Math.max(lowest, iy);
      }
      y = lowest + u * 0.35;
    }
    return y - box.y;
  };
  const tries: [number, number][] = [
    [1, 1],
    [0.9, 1],
    [0.8, 1],
    [0.9, 2],
    [0.8, 2],
    [0.7, 2],
    [0.62, 2],
    [0.55, 2],
  ];
  for (const [scale, cols] of tries) {
    if (attempt(scale, cols, false) <= box.height) {
      attempt(scale, cols, true);
      return scale;
    }
  }
  const [scale, cols] = tries[tries.length - 1] as [number, number];
  attempt(scale, cols, true);
  return scale;
}

/**
 * Draws `globe` and the sheet's texts on a new canvas of the given size.
 * Texts are drawn with fillText: never parsed as markup.
 */
export function composeExport(
  globe: HTMLCanvasElement,
  sheet: ExportSheet,
  width: number,
  height: number,
): HTMLCanvasElement {
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('the browser gave no 2D canvas');
  const column = sheet.figures !== undefined || sheet.legend.length > 0;
  const { unit, header, footer, map, side } = sheetLayout(width, height, { column });
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);

  const place = placePicture(globe.width, globe.height, map);
  const { source: s, dest: d } = place;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(globe, s.x, s.y, s.width, s.height, d.x, d.y, d.width, d.height);
  ctx.strokeStyle = '#9aa3ad';
  ctx.lineWidth = 1;
  ctx.strokeRect(d.x + 0.5, d.y + 0.5, d.width - 1, d.height - 1);

  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#111111';
  ctx.font = font(unit * 1.2, true);
  ctx.fillText(sheet.title, unit, header * 0.34, width - 2 * unit);
  ctx.fillStyle = '#333333';
  ctx.font = font(unit * 0.8);
  ctx.fillText(sheet.subtitle, unit, header * 0.76, width - 2 * unit);

  if (sheet.sides) {
    // The divider's place in the picture as drawn (the crop moves it).
    const dx = d.x + ((sheet.sides.position * globe.width - s.x) / s.width) * d.width;
    if (dx > d.x && dx < d.x + d.width) {
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = Math.max(2, unit / 6);
      ctx.beginPath();
      ctx.moveTo(dx, d.y);
      ctx.lineTo(dx, d.y + d.height);
      ctx.stroke();
    }
    // The two tags share the picture's width: a smaller type when both would not fit.
    ctx.font = font(unit, true);
    const both = ctx.measureText(sheet.sides.left).width + ctx.measureText(sheet.sides.right).width;
    const tagPx = Math.max(unit * 0.5, Math.min(unit, (unit * (d.width - unit * 3)) / Math.max(1, both)));
    const tag = (text: string, left: boolean) => {
      const unit = tagPx;
      ctx.font = font(unit, true);
      const tw = ctx.measureText(text).width + unit;
      const tx = left ? d.x + unit / 2 : d.x + d.width - tw - unit / 2;
      ctx.fillStyle = 'rgba(23, 27, 33, 0.85)';
      ctx.fillRect(tx, d.y + unit / 2, tw, unit * 1.6);
      ctx.fillStyle = '#ffffff';
      ctx.textBaseline = 'middle';
      ctx.fillText(text, tx + unit / 2, d.y + unit * 1.3);
    };
    tag(sheet.sides.left, true);
    tag(sheet.sides.right, false);
  }

  drawColumn(ctx, sheet, side, unit);

  // Footer: sources, then the date.
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillStyle = '#333333';
  // Three lines of text; a longer text takes a smaller type rather than being squeezed or cut.
  const footerTop = height - footer;
  const fitLine = (text: string, yLine: number) => {
    let px = unit * 0.6;
    ctx.font = font(px);
    while (px > unit * 0.38 && ctx.measureText(text).width > width - 2 * unit) {
      px *= 0.92;
      ctx.font = font(px);
    }
    ctx.fillText(text, unit, yLine, width - 2 * unit);
  };
  fitLine(sheet.layers, footerTop + footer * 0.25);
  fitLine(sheet.sources, footerTop + footer * 0.52);
  fitLine(sheet.date, footerTop + footer * 0.79);
  return out;
}
