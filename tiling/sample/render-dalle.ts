/**
 * Paints one dalle and encodes it like a real PCRS delivery: GeoTIFF, RGB 8-bit, internally tiled
 * 256 x 256, JPEG compression in YCbCr (sharp/libvips), then the GeoTIFF tags (encode/geotiff).
 * Both the worker and the main thread (when workers are off) call `renderDalle`.
 */
import sharp from 'sharp';
// Straight to the module, not the folder index: the worker loads only what it needs.
import { addGeoTiffTags } from '../encode/geotiff';
import type { DallePainter } from './paint';
import { DALLE_METRES } from './paint';

/** JPEG quality of the dalles (PCRS deliveries are typically JPEG 85-90). */
export const JPEG_QUALITY = 85;

/** One dalle to paint: its place in the area (column from the west, row from the north) and in Lambert-93. */
export interface DalleJob {
  id: number;
  vintage: 0 | 1;
  col: number;
  row: number;
  /** Lambert-93 x of the west edge and y of the north edge, metres. */
  xMin: number;
  yMax: number;
}

/** Paints and encodes one dalle; resolves to the GeoTIFF's bytes. */
export async function renderDalle(painter: DallePainter, job: DalleJob): Promise<Uint8Array> {
  const rgb = painter.paint(job.col, job.row);
  const n = painter.pixels;
  const tiff = await sharp(new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.byteLength), {
    raw: { width: n, height: n, channels: 3 },
  })
    .tiff({ compression: 'jpeg', quality: JPEG_QUALITY, tile: true, tileWidth: 256, tileHeight: 256 })
    .toBuffer();
  return addGeoTiffTags(new Uint8Array(tiff.buffer, tiff.byteOffset, tiff.byteLength), {
    epsg: 2154,
    originX: job.xMin,
    originY: job.yMax,
    pixelSizeX: DALLE_METRES / n,
    pixelSizeY: DALLE_METRES / n,
    citation: 'RGF93 v1 / Lambert-93',
  });
}
