/**
 * The exported sheet: the globe's picture with a title band (title, vintages) above it and a
 * footer (legend, sources, date) below, composed on a 2D canvas. Sizes: the globe's size on
 * screen, or A4/A3 landscape at 150 dpi.
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

/** The words and marks around the picture. */
export interface ExportSheet {
  readonly title: string;
  readonly vintages: string;
  readonly legend: readonly SheetLegendItem[];
  readonly sources: string;
  readonly date: string;
  /** Compare mode: the side labels and the divider's place (0..1 of the picture's width). */
  readonly sides?: { readonly left: string; readonly right: string; readonly position: number };
}

/** Where the picture goes on a sheet of `width` × `height`: bands above and below it. */
export function sheetLayout(width: number, height: number) {
  const unit = Math.max(10, Math.round(Math.min(width, height) / 40));
  const header = unit * 3;
  const footer = unit * 4;
  return {
    unit,
    header,
    footer,
    map: { x: 0, y: header, width, height: Math.max(1, height - header - footer) },
  };
}

/**
 * Draws `globe` (contain-fit, centred) and the sheet's texts on a new canvas of the given size.
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
  const { unit, header, map } = sheetLayout(width, height);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);

  const k = Math.min(map.width / globe.width, map.height / globe.height);
  const w = globe.width * k;
  const h = globe.height * k;
  const x = map.x + (map.width - w) / 2;
  const y = map.y + (map.height - h) / 2;
  ctx.fillStyle = '#000000';
  ctx.fillRect(map.x, map.y, map.width, map.height);
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(globe, x, y, w, h);

  const font = (px: number, bold = false) => `${bold ? '600 ' : ''}${Math.round(px)}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#111111';
  ctx.font = font(unit * 1.2, true);
  ctx.fillText(sheet.title, unit, header * 0.36, width - 2 * unit);
  ctx.font = font(unit * 0.8);
  ctx.fillText(sheet.vintages, unit, header * 0.78, width - 2 * unit);

  if (sheet.sides) {
    const dx = x + w * sheet.sides.position;
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = Math.max(2, unit / 6);
    ctx.beginPath();
    ctx.moveTo(dx, y);
    ctx.lineTo(dx, y + h);
    ctx.stroke();
    const tag = (text: string, left: boolean) => {
      ctx.font = font(unit, true);
      const tw = ctx.measureText(text).width + unit;
      const tx = left ? x + unit / 2 : x + w - tw - unit / 2;
      ctx.fillStyle = 'rgba(23, 27, 33, 0.85)';
      ctx.fillRect(tx, y + unit / 2, tw, unit * 1.6);
      ctx.fillStyle = '#ffffff';
      ctx.fillText(text, tx + unit / 2, y + unit * 1.3);
    };
    tag(sheet.sides.left, true);
    tag(sheet.sides.right, false);
  }

  // Footer: legend swatches on one line, then sources and date.
  let fy = map.y + map.height + unit;
  let fx = unit;
  ctx.font = font(unit * 0.7);
  for (const item of sheet.legend) {
    const tw = ctx.measureText(item.label).width;
    if (fx + unit + tw > width - unit) break;
    ctx.fillStyle = item.colour;
    ctx.fillRect(fx, fy - unit * 0.35, unit * 0.7, unit * 0.7);
    ctx.fillStyle = '#111111';
    ctx.fillText(item.label, fx + unit, fy);
    fx += unit * 1.6 + tw;
  }
  fy += unit * 1.2;
  ctx.fillStyle = '#333333';
  ctx.fillText(sheet.sources, unit, fy, width - 2 * unit);
  fy += unit * 1.1;
  ctx.fillText(sheet.date, unit, fy, width - 2 * unit);
  return out;
}
