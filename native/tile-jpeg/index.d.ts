/** Encodes RGBA tiles (alpha ignored) to baseline 4:2:0 JPEG, off the JS thread. */
export function encode(
  tiles: readonly Uint8Array[],
  width: number,
  height: number,
  quality: number,
  optimize: boolean,
): Promise<Buffer[]>;
/** JPEG_LIB_VERSION of the libjpeg the addon was built against (62 for Debian's libjpeg62-turbo). */
export const jpegLibVersion: number;
