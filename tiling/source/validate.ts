/**
 * Checks on the dalles before any work starts. Pure: takes the `RasterInfo` of every dalle and
 * returns every problem found, each naming its file, so the CLI prints them all at once and
 * `--on-error stop|skip` can decide (errors make a dalle unusable; warnings are reported only).
 */
import type { GeoTransform, RasterInfo } from '../core';

/** EPSG codes the tiler accepts: Lambert-93 and the conic conformal zones CC42..CC50. */
export const ACCEPTED_EPSG: readonly number[] = [2154, 3942, 3943, 3944, 3945, 3946, 3947, 3948, 3949, 3950];

/** GDAL's geotransform when a file has no georeferencing at all. */
export const NO_GEOTRANSFORM: GeoTransform = [0, 1, 0, 0, 0, 1];

/** What kind of problem; stable strings for reports and tests. */
export type DalleProblemCode =
  | 'unreadable'
  | 'no-crs'
  | 'crs-not-accepted'
  | 'mixed-crs'
  | 'no-georeferencing'
  | 'not-north-up'
  | 'zero-area'
  | 'non-square-pixels'
  | 'bit-depth'
  | 'band-count'
  | 'resolution-mismatch'
  | 'off-grid'
  | 'overlap'
  | 'duplicate'
  | 'name-mismatch';

/** One problem with one dalle. */
export interface DalleProblem {
  /** The dalle (its `RasterInfo.id`, a path). */
  file: string;
  /** `error`: the dalle cannot be tiled as it is; `warning`: it can, but look at it. */
  severity: 'error' | 'warning';
  code: DalleProblemCode;
  /** A full sentence: who, what was received, what was expected, what to do. */
  message: string;
}

/** Options of {@link validateDalles}. */
export interface ValidateDallesOptions {
  /** Accepted CRS codes (default {@link ACCEPTED_EPSG}). */
  acceptedEpsg?: readonly number[];
  /** Bands that become R, G, B (default [0, 1, 2], or [0, 0, 0] for one-band grey). */
  bands?: readonly [number, number, number] | undefined;
  /** 16-bit dalles: 'reject' them (default) or 'scale' them to 8 bits (a warning then). */
  uint16?: 'reject' | 'scale';
  /** Relative difference of pixel size tolerated between dalles (default 1e-6). */
  resolutionTolerance?: number;
  /** Misalignment with the common pixel grid tolerated, in pixels (default 0.01). */
  gridTolerancePixels?: number;
  /** Overlap between neighbours tolerated, in pixels (default 1). */
  overlapTolerancePixels?: number;
  /** Dalles in a CRS other than the majority's: 'warning' (default; each is reprojected) or 'error'. */
  mixedCrs?: 'warning' | 'error';
}

export const VALIDATE_DALLES_DEFAULTS: Required<Omit<ValidateDallesOptions, 'bands'>> = {
  acceptedEpsg: ACCEPTED_EPSG,
  uint16: 'reject',
  resolutionTolerance: 1e-6,
  gridTolerancePixels: 0.01,
  overlapTolerancePixels: 1,
  mixedCrs: 'warning',
};

const NAME = 'tiling';

function crsName(epsg: number): string {
  if (epsg === 2154) return 'EPSG:2154 (Lambert-93)';
  if (epsg >= 3942 && epsg <= 3950) return `EPSG:${epsg} (CC${epsg - 3900})`;
  return `EPSG:${epsg}`;
}

function acceptedList(codes: readonly number[]): string {
  return codes.length > 3 && codes.includes(2154) && codes.includes(3942) && codes.includes(3950)
    ? 'EPSG:2154 (Lambert-93) or EPSG:3942..3950 (CC42..CC50)'
    : codes.map(crsName).join(', ');
}

/**
 * The problems of one dalle taken alone: CRS, georeferencing, bit depth, band count.
 * Cross-dalle checks (resolution, grid, overlaps, mixed CRS) are in {@link validateDalles}.
 */
export function checkDalle(info: RasterInfo, options: ValidateDallesOptions = {}): DalleProblem[] {
  const o = { ...VALIDATE_DALLES_DEFAULTS, ...options };
  const out: DalleProblem[] = [];
  const file = info.id;
  const q = `${NAME}: dalle "${file}"`;
  const add = (severity: DalleProblem['severity'], code: DalleProblemCode, message: string): void => {
    out.push({ file, severity, code, message });
  };
  if (info.epsg === null) {
    add(
      'error',
      'no-crs',
      `${q} has no CRS; expected ${acceptedList(o.acceptedEpsg)}. Pass --crs 2154 (or 3942..3950 for a CC zone) or fix the file (gdal_edit.py -a_srs EPSG:2154 "${file}").`,
    );
  } else if (!o.acceptedEpsg.includes(info.epsg)) {
    add(
      'error',
      'crs-not-accepted',
      `${q} is in ${crsName(info.epsg)}; expected ${acceptedList(o.acceptedEpsg)}. Reproject it (gdalwarp -t_srs EPSG:2154) or remove it from the input.`,
    );
  }
  const gt = info.geoTransform;
  if (gt.every((v, i) => v === NO_GEOTRANSFORM[i])) {
    add(
      'error',
      'no-georeferencing',
      `${q} has no georeferencing (no ModelPixelScale + ModelTiepoint nor ModelTransformation tag); expected a north-up geotransform. Fix the file (gdal_edit.py -a_ullr) or remove it.`,
    );
  } else if (gt[2] !== 0 || gt[4] !== 0 || gt[5] >= 0 || gt[1] <= 0) {
    if (gt[1] === 0 || gt[5] === 0) {
      add(
        'error',
        'zero-area',
        `${q} has a zero-area extent (pixel size 0, geotransform ${fmtGt(gt)}); expected a pixel size > 0. Fix its georeferencing (gdal_edit.py -a_ullr).`,
      );
    } else {
      add(
        'error',
        'not-north-up',
        `${q} is not north-up (geotransform ${fmtGt(gt)}); expected no rotation, x growing east, y growing south. Warp it first (gdalwarp).`,
      );
    }
  } else if (Math.abs(Math.abs(gt[5]) - gt[1]) > gt[1] * 1e-6) {
    add(
      'warning',
      'non-square-pixels',
      `${q} has non-square pixels (${gt[1]} x ${-gt[5]} m); PCRS pixels are square. Check the source.`,
    );
  }
  if (info.width <= 0 || info.height <= 0) {
    add('error', 'zero-area', `${q} is ${info.width} x ${info.height} px; expected a non-empty image.`);
  }
  if (info.sampleFormat !== 1 || (info.bitsPerSample !== 8 && info.bitsPerSample !== 16)) {
    const kind =
      info.sampleFormat === 3 ? 'float' : info.sampleFormat === 2 ? 'signed integer' : 'unsigned integer';
    add(
      'error',
      'bit-depth',
      `${q} has ${info.bitsPerSample}-bit ${kind} samples; expected 8-bit unsigned (Byte) imagery. Convert it: gdal_translate -ot Byte -scale <min> <max> 0 255.`,
    );
  } else if (info.bitsPerSample === 16) {
    if (o.uint16 === 'reject') {
      add(
        'error',
        'bit-depth',
        `${q} is 16-bit (UInt16); expected 8-bit (Byte) imagery. Convert it (gdal_translate -ot Byte -scale <min> <max> 0 255) or pass --uint16 scale to map 0..65535 (or --uint16-range <min>,<max>) linearly to 0..255.`,
      );
    } else {
      add('warning', 'bit-depth', `${q} is 16-bit (UInt16); it will be scaled to 8 bits.`);
    }
  }
  const colour = info.bands - (info.hasAlpha ? 1 : 0);
  if (colour !== 1 && colour < 3) {
    add(
      'error',
      'band-count',
      `${q} has ${info.bands} band(s)${info.hasAlpha ? ' including alpha' : ''}; expected 3 (RGB), 4 (RGBA or RGB+IR) or 1 (grey). Fix the file or remove it.`,
    );
  } else {
    const bands = options.bands ?? (colour === 1 ? [0, 0, 0] : [0, 1, 2]);
    const bad = bands.filter((b) => !Number.isInteger(b) || b < 0 || b >= colour);
    if (bad.length > 0) {
      add(
        'error',
        'band-count',
        `${q} has ${colour} colour band(s); the band choice ${bands.map((b) => b + 1).join(',')} asks for band ${bad.map((b) => b + 1).join(', ')}. Choose bands between 1 and ${colour}.`,
      );
    }
  }
  return out;
}

function fmtGt(gt: GeoTransform): string {
  return `[${gt.join(', ')}]`;
}

/** Extent of a north-up dalle in CRS units. */
function extentOf(info: RasterInfo): { minX: number; minY: number; maxX: number; maxY: number } {
  const gt = info.geoTransform;
  const x1 = gt[0] + info.width * gt[1];
  const y1 = gt[3] + info.height * gt[5];
  return {
    minX: Math.min(gt[0], x1),
    maxX: Math.max(gt[0], x1),
    minY: Math.min(gt[3], y1),
    maxY: Math.max(gt[3], y1),
  };
}

/** The value held by most items (ties: the first met). */
function majority<T>(items: readonly T[], key: (t: T) => string): { key: string; count: number } {
  const counts = new Map<string, number>();
  let best = { key: '', count: 0 };
  for (const it of items) {
    const k = key(it);
    const n = (counts.get(k) ?? 0) + 1;
    counts.set(k, n);
    if (n > best.count) best = { key: k, count: n };
  }
  return best;
}

/**
 * A PCRS file name's position: IGN `{year}-{xmin/100:5}-{ymax/100}-LA93-0M05-RVB` (hm) or
 * Géo2France `HFA-{year}-{xmin/1000:4}-{ymax/1000:4}-LA93-0M05-RVB` (km); null if neither.
 */
export function parsePcrsName(path: string): { xMin: number; yMax: number; pixelMetres: number } | null {
  const base = path.split(/[\\/]/).pop() ?? path;
  const ign = /(?:^|[^0-9])(\d{4})-(\d{5})-(\d{5})-LA93-(\d)M(\d{2})/i.exec(base);
  if (ign) {
    return {
      xMin: Number(ign[2]) * 100,
      yMax: Number(ign[3]) * 100,
      pixelMetres: Number(ign[4]) + Number(ign[5]) / 100,
    };
  }
  const km = /(?:^|[^0-9])(\d{4})-(\d{4})-(\d{4})-LA93-(\d)M(\d{2})/i.exec(base);
  if (km) {
    return {
      xMin: Number(km[2]) * 1000,
      yMax: Number(km[3]) * 1000,
      pixelMetres: Number(km[4]) + Number(km[5]) / 100,
    };
  }
  return null;
}

/**
 * Checks every dalle alone and against the others: CRS present, accepted and shared; pixel size
 * consistent; north-up; non-zero area; usable bands; origins on a common pixel grid; overlaps and
 * duplicates between neighbours; PCRS names agreeing with the georeferencing.
 * @returns every problem, errors first then warnings, in input order within each.
 */
export function validateDalles(
  infos: readonly RasterInfo[],
  options: ValidateDallesOptions = {},
): DalleProblem[] {
  const o = { ...VALIDATE_DALLES_DEFAULTS, ...options };
  const problems: DalleProblem[] = [];
  const usable: RasterInfo[] = [];
  for (const info of infos) {
    const own = checkDalle(info, options);
    problems.push(...own);
    const georefOk = !own.some(
      (p) => p.code === 'no-georeferencing' || p.code === 'not-north-up' || p.code === 'zero-area',
    );
    if (georefOk) usable.push(info);
  }

  // One CRS for all (the majority's); others are said.
  const withCrs = usable.filter((i) => i.epsg !== null && o.acceptedEpsg.includes(i.epsg));
  const crsMajority = majority(withCrs, (i) => String(i.epsg));
  if (crsMajority.count < withCrs.length) {
    const others = withCrs.filter((i) => String(i.epsg) !== crsMajority.key);
    for (const i of others) {
      problems.push({
        file: i.id,
        severity: o.mixedCrs,
        code: 'mixed-crs',
        message: `${NAME}: dalle "${i.id}" is in ${crsName(i.epsg ?? 0)} while ${crsMajority.count} of ${withCrs.length} dalles are in ${crsName(Number(crsMajority.key))}. ${o.mixedCrs === 'error' ? 'Reproject it or remove it from the input.' : 'It will be reprojected like the others; check it belongs to this set.'}`,
      });
    }
  }

  // Pixel size and grid, per CRS group.
  const groups = new Map<number, RasterInfo[]>();
  for (const i of usable) {
    if (i.epsg === null) continue;
    const g = groups.get(i.epsg) ?? [];
    g.push(i);
    groups.set(i.epsg, g);
  }
  for (const group of groups.values()) {
    const res = majority(group, (i) => `${i.geoTransform[1]}|${-i.geoTransform[5]}`);
    const [rx, ry] = res.key.split('|').map(Number) as [number, number];
    const sameRes: RasterInfo[] = [];
    for (const i of group) {
      const dx = Math.abs(i.geoTransform[1] - rx) / rx;
      const dy = Math.abs(-i.geoTransform[5] - ry) / ry;
      if (dx > o.resolutionTolerance || dy > o.resolutionTolerance) {
        problems.push({
          file: i.id,
          severity: 'error',
          code: 'resolution-mismatch',
          message: `${NAME}: dalle "${i.id}" has ${fmtM(i.geoTransform[1])} x ${fmtM(-i.geoTransform[5])} pixels while ${res.count} of ${group.length} dalles have ${fmtM(rx)} x ${fmtM(ry)}. Tile each resolution separately or resample it (gdalwarp -tr ${rx} ${ry}).`,
        });
      } else {
        sameRes.push(i);
      }
    }
    checkGrid(sameRes, rx, ry, o.gridTolerancePixels, problems);
    checkOverlaps(sameRes, rx, ry, o.overlapTolerancePixels, problems);
  }

  // PCRS names vs georeferencing.
  for (const i of usable) {
    const n = parsePcrsName(i.id);
    if (!n) continue;
    const gt = i.geoTransform;
    const tol = Math.max(Math.abs(gt[1]), 1e-9);
    const issues: string[] = [];
    if (Math.abs(gt[0] - n.xMin) > tol || Math.abs(gt[3] - n.yMax) > tol) {
      issues.push(
        `its name says x_min ${n.xMin}, y_max ${n.yMax} but its georeferencing says ${fmtNum(gt[0])}, ${fmtNum(gt[3])}`,
      );
    }
    if (Math.abs(gt[1] - n.pixelMetres) > n.pixelMetres * 1e-3) {
      issues.push(`its name says ${fmtM(n.pixelMetres)} pixels but they are ${fmtM(gt[1])}`);
    }
    if (issues.length > 0) {
      problems.push({
        file: i.id,
        severity: 'warning',
        code: 'name-mismatch',
        message: `${NAME}: dalle "${i.id}": ${issues.join('; ')}. The georeferencing is used; check the file is the one its name says.`,
      });
    }
  }

  const rank = (p: DalleProblem): number => (p.severity === 'error' ? 0 : 1);
  const index = new Map(infos.map((i, k) => [i.id, k]));
  return problems
    .map((p, k) => ({ p, k }))
    .sort(
      (a, b) => rank(a.p) - rank(b.p) || (index.get(a.p.file) ?? 0) - (index.get(b.p.file) ?? 0) || a.k - b.k,
    )
    .map((x) => x.p);
}

function checkGrid(
  group: RasterInfo[],
  rx: number,
  ry: number,
  tolPx: number,
  problems: DalleProblem[],
): void {
  if (group.length === 0) return;
  // The common grid is the one of the majority of origins modulo the pixel size.
  const frac = (v: number, r: number): number => {
    const f = v / r - Math.round(v / r);
    return Math.abs(f) <= tolPx ? 0 : f;
  };
  const phases = majority(group, (i) => {
    const fx = frac(i.geoTransform[0], rx);
    const fy = frac(i.geoTransform[3], ry);
    return `${fx.toFixed(2)}|${fy.toFixed(2)}`;
  });
  const [px, py] = phases.key.split('|').map(Number) as [number, number];
  const ref =
    group.find((i) => {
      const fx = frac(i.geoTransform[0], rx);
      const fy = frac(i.geoTransform[3], ry);
      return `${fx.toFixed(2)}|${fy.toFixed(2)}` === phases.key;
    }) ?? (group[0] as RasterInfo);
  for (const i of group) {
    const ox = (i.geoTransform[0] - ref.geoTransform[0]) / rx;
    const oy = (i.geoTransform[3] - ref.geoTransform[3]) / ry;
    const ex = Math.abs(ox - Math.round(ox));
    const ey = Math.abs(oy - Math.round(oy));
    if (ex > tolPx || ey > tolPx) {
      problems.push({
        file: i.id,
        severity: 'warning',
        code: 'off-grid',
        message: `${NAME}: dalle "${i.id}" starts at ${fmtNum(i.geoTransform[0])}, ${fmtNum(i.geoTransform[3])}, ${ex.toFixed(3)} x ${ey.toFixed(3)} px off the pixel grid of the other dalles; expected whole pixels. It is resampled like the others, but check its georeferencing.`,
      });
    }
  }
  if (px !== 0 || py !== 0) {
    problems.push({
      file: ref.id,
      severity: 'warning',
      code: 'off-grid',
      message: `${NAME}: dalle "${ref.id}" and ${phases.count - 1} other(s) have origins that are not multiples of the pixel size (${fmtM(rx)}), unlike PCRS dalles. Check the georeferencing.`,
    });
  }
}

function checkOverlaps(
  group: RasterInfo[],
  rx: number,
  ry: number,
  tolPx: number,
  problems: DalleProblem[],
): void {
  const items = group
    .map((info, k) => ({ info, k, e: extentOf(info) }))
    .sort((a, b) => a.e.minX - b.e.minX || a.k - b.k);
  const active: typeof items = [];
  const duplicateOf = new Set<string>();
  for (const cur of items) {
    // Drop dalles that end before this one starts (sweep along x).
    for (let k = active.length - 1; k >= 0; k--)
      if ((active[k]?.e.maxX ?? 0) <= cur.e.minX) active.splice(k, 1);
    for (const other of active) {
      const ox = (Math.min(cur.e.maxX, other.e.maxX) - Math.max(cur.e.minX, other.e.minX)) / rx;
      const oy = (Math.min(cur.e.maxY, other.e.maxY) - Math.max(cur.e.minY, other.e.minY)) / ry;
      if (ox <= tolPx + 1e-6 || oy <= tolPx + 1e-6) continue;
      const same =
        Math.abs(cur.e.minX - other.e.minX) < rx / 2 &&
        Math.abs(cur.e.maxX - other.e.maxX) < rx / 2 &&
        Math.abs(cur.e.minY - other.e.minY) < ry / 2 &&
        Math.abs(cur.e.maxY - other.e.maxY) < ry / 2;
      // The later one in input order is the one reported (and skipped by --on-error skip).
      const [a, b] = other.k < cur.k ? [other.info.id, cur.info.id] : [cur.info.id, other.info.id];
      if (same) {
        if (duplicateOf.has(b)) continue;
        duplicateOf.add(b);
        problems.push({
          file: b,
          severity: 'error',
          code: 'duplicate',
          message: `${NAME}: dalle "${b}" covers exactly the same ground as "${a}"; expected each place once. Remove one of them (another vintage or a copy?).`,
        });
      } else {
        problems.push({
          file: b,
          severity: 'warning',
          code: 'overlap',
          message: `${NAME}: dalle "${b}" overlaps "${a}" by ${Math.round(ox)} x ${Math.round(oy)} px; expected neighbours to touch without overlapping. Where they overlap, one of them hides the other; check the inputs.`,
        });
      }
    }
    active.push(cur);
  }
}

function fmtM(v: number): string {
  return `${Number(v.toPrecision(6))} m`;
}

function fmtNum(v: number): string {
  return String(Number(v.toFixed(4)));
}

/** Prints problems as the CLI shows them: errors, then warnings, one per line. */
export function formatProblems(problems: readonly DalleProblem[]): string {
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  const lines: string[] = [];
  if (errors.length > 0) {
    const files = new Set(errors.map((p) => p.file)).size;
    lines.push(`${errors.length} error(s) in ${files} dalle(s):`);
    for (const p of errors) lines.push(`  - ${p.message}`);
  }
  if (warnings.length > 0) {
    lines.push(`${warnings.length} warning(s):`);
    for (const p of warnings) lines.push(`  - ${p.message}`);
  }
  return lines.join('\n');
}
