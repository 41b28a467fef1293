// biome-ignore-all lint/style/noNonNullAssertion: typed-array loops; every index is in range by construction.
/** WGS84 geodetic coordinates to Earth-centred, Earth-fixed (ECEF) metres (pure). */

/** WGS84 semi-major axis, metres (GRS80, the ellipsoid of RGF93, differs by 0.1 mm at most here). */
export const WGS84_A = 6378137;
/** WGS84 first eccentricity squared. */
export const WGS84_E2 = 6.69437999014e-3;

/** Writes the ECEF position of (lon, lat) radians and ellipsoidal height `h` metres at `out[k..k+2]`. */
export function geodeticToEcef(
  lonRadians: number,
  latRadians: number,
  heightMetres: number,
  out: Float64Array,
  k: number,
): void {
  const sinLat = Math.sin(latRadians);
  const cosLat = Math.cos(latRadians);
  const n = WGS84_A / Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
  out[k] = (n + heightMetres) * cosLat * Math.cos(lonRadians);
  out[k + 1] = (n + heightMetres) * cosLat * Math.sin(lonRadians);
  out[k + 2] = (n * (1 - WGS84_E2) + heightMetres) * sinLat;
}

/** The middle of the box of ECEF positions (x, y, z triples), the centre meshes are written around. */
export function boxCentre(xyz: Float64Array): [number, number, number] {
  const lo = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  const hi = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (let i = 0; i < xyz.length; i += 3)
    for (let c = 0; c < 3; c++) {
      const p = xyz[i + c]!;
      if (p < lo[c]!) lo[c] = p;
      if (p > hi[c]!) hi[c] = p;
    }
  return [(lo[0]! + hi[0]!) / 2, (lo[1]! + hi[1]!) / 2, (lo[2]! + hi[2]!) / 2];
}
