/**
 * The ortho pyramid's metadata: tilejson.json and WMTSCapabilities.xml, written once a run is
 * complete (atomically; no dates: same plan, same bytes).
 */
import { tileExtension, tileMimeType } from '../encode';
import type { TilingPlan } from '../plan';
import type { TileTarget } from '../write';
import { buildWmtsCapabilities, tileJsonText } from '../write';

/** Writes tilejson.json and WMTSCapabilities.xml for a plan (atomically; no dates: same plan, same bytes). */
export async function writePyramidMetadata(
  plan: TilingPlan,
  target: TileTarget,
  o: { name: string; attribution: string; baseUrl: string },
): Promise<void> {
  const extension = tileExtension(plan.options.format);
  await target.putFile(
    'tilejson.json',
    tileJsonText({
      name: o.name,
      tiles: `${o.baseUrl}{z}/{x}/{y}.${extension}`,
      minZoom: plan.options.minZoom,
      maxZoom: plan.options.maxZoom,
      boundsLonLat: plan.boundsLonLat,
      attribution: o.attribution,
    }),
  );
  await target.putFile(
    'WMTSCapabilities.xml',
    buildWmtsCapabilities({
      layer: o.name.replace(/[^A-Za-z0-9_-]+/g, '-'),
      title: o.name,
      abstract: o.attribution,
      baseUrl: o.baseUrl,
      extension,
      mimeType: tileMimeType(plan.options.format),
      minZoom: plan.options.minZoom,
      maxZoom: plan.options.maxZoom,
      boundsLonLat: plan.boundsLonLat,
      ranges: plan.levels.map((l) => l.range),
      attribution: o.attribution,
    }),
  );
}
