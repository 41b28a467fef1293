import { useState } from 'react';
import type { LayerEntry } from '../../../format/catalog';
import { captureGlobe, globeCssSize } from '../../cesium/export-capture';
import { classColour, classLabel, legendLabel, localize, type Messages, useMessages } from '../../i18n';
import type { KeyFigures } from '../../indicators/key-figures';
import { keyFigureMessages, scopeText, sraddetText } from '../../indicators/key-figures-messages';
import { useKeyFigures } from '../../indicators/use-key-figures';
import { selectLayerSides, type TwinState, useTwinStore } from '../../stores';
import {
  composeExport,
  type ExportSheet,
  type ExportSize,
  PRINT_SIZES,
  type SheetFigures,
  type SheetLegendGroup,
  type SheetLegendItem,
  sheetLayout,
} from './compose-export';

/** Most the drawing buffer is enlarged for a print capture (memory of software WebGL). */
const MAX_CAPTURE_SCALE = 4;

const HEX = /^#[0-9a-f]{6}$/i;

/**
 * The classes a legend lists: those the layer's metadata says are present, narrowed to those the
 * chosen territory has (from its figures) when the figures know that vintage. Every class drawn
 * is listed (the earlier sheet dropped what did not fit on one line: 6 of 9).
 */
function presentCodes(
  figures: KeyFigures | null,
  group: string,
  vintage: number | undefined,
): ReadonlySet<string> | null {
  if (figures?.scope.kind !== 'territory') return null;
  const t = figures.figures;
  const ha =
    group === 'class'
      ? t.changes
      : vintage !== undefined
        ? t.surfaces[String(vintage)]?.[group as 'cs']
        : undefined;
  if (!ha) return null;
  const codes = Object.keys(ha).filter((k) => (ha[k] ?? 0) > 0);
  return codes.length > 0 ? new Set(codes) : null;
}

/** The legends of the vector layers drawn, one group per kind and nomenclature, classes merged. */
function legendGroups(
  s: TwinState,
  m: Messages,
  shown: readonly LayerEntry[],
  figures: KeyFigures | null,
): SheetLegendGroup[] {
  const groups = new Map<string, { titles: string[]; items: Map<string, SheetLegendItem> }>();
  for (const e of shown) {
    const meta = s.vectorMetadata[e.id];
    if (!meta) continue;
    const tileLayer = e.source.type === 'mvt' ? e.source.layer : '';
    const title = localize(e.title, s.locale);
    if (tileLayer === 'heat' && meta.heat) {
      groups.set(`heat:${e.id}`, {
        titles: [title],
        items: new Map([
          ['heat', { label: m.vector.heatUnit(meta.heat.cellMetres), colour: 'rgba(240,59,32,0.9)' }],
        ]),
      });
      continue;
    }
    const group = meta.kind === 'ocs2d' ? s.ocs2dNomenclature : 'class';
    const key = `${meta.kind}:${group}`;
    const g = groups.get(key) ?? { titles: [], items: new Map<string, SheetLegendItem>() };
    g.titles.push(title);
    const keep = presentCodes(figures, group, e.vintage ?? meta.vintage);
    for (const l of meta.legend[group] ?? []) {
      if (keep && !keep.has(l.code)) continue;
      if (g.items.has(l.code)) continue;
      const label = legendLabel(group, l, s.locale);
      g.items.set(l.code, {
        label: group === 'cs' || group === 'us' ? `${l.code} ${label}` : label,
        colour: HEX.test(l.colour) ? l.colour : (classColour(group, l.code) ?? '#b0b0b0'),
      });
    }
    groups.set(key, g);
  }
  return [...groups.entries()].flatMap(([key, g]) => {
    if (g.items.size === 0) return [];
    const group = key.split(':')[1] ?? '';
    const nomenclature =
      key.startsWith('ocs2d:') && group in m.vector.nomenclatures
        ? ` — ${m.vector.nomenclatures[group as keyof typeof m.vector.nomenclatures]}`
        : '';
    return [{ title: `${g.titles.join(' · ')}${nomenclature}`, items: [...g.items.values()] }];
  });
}

/** The key figures as lines of the sheet. */
function sheetFigures(f: KeyFigures, locale: string): SheetFigures {
  const k = keyFigureMessages(locale);
  return {
    heading: k.heading,
    scope: scopeText(f, k),
    lines: [
      { label: k.consumed(f.from, f.to), value: f.from === f.to ? '—' : k.ha(f.consumedHa) },
      f.sraddet && f.from !== f.to
        ? {
            label: k.sraddetShare,
            value: k.pct(f.sraddet.percent),
            note: k.sraddetOf(
              k.ha(f.sraddet.envelopeHa),
              f.sraddet.period,
              f.sraddet.own && f.scope.kind === 'territory' ? f.scope.name : f.sraddet.territory,
              f.sraddet.own,
            ),
          }
        : { label: k.sraddetShare, value: sraddetText(f, k) },
      { label: k.nafIn(f.a), value: f.nafA === null ? '—' : k.ha(f.nafA) },
      ...(f.a !== f.b ? [{ label: k.nafIn(f.b), value: f.nafB === null ? '—' : k.ha(f.nafB) }] : []),
    ],
    table: {
      caption: k.surfaces4,
      columns: [k.classColumn, String(f.a), String(f.b)],
      rows: f.p4.map((r) => ({
        label: classLabel('p4', r.code, locale),
        colour: classColour('p4', r.code) ?? '#b0b0b0',
        a: k.ha(r.a),
        b: k.ha(r.b),
      })),
    },
  };
}

/**
 * The texts, figures and legends of the sheet, from the store (visible layers only) and the key
 * figures (null: no stats file; the sheet then has no figures).
 */
export function sheetFromState(
  s: TwinState,
  m: Messages,
  now: Date,
  figures: KeyFigures | null = null,
): ExportSheet {
  const t = m.twinCompare;
  const entries: readonly LayerEntry[] = s.catalog.status === 'loaded' ? s.catalog.catalog.layers : [];
  const sides = selectLayerSides(s);
  // Layers actually drawn: ticked, chosen by the vintage control, and neither unsupported nor failed.
  const drawn = (id: string) => {
    const l = s.layers[id];
    return (
      l?.visible === true && l.status !== 'unsupported' && l.status !== 'failed' && sides[id] !== 'hidden'
    );
  };
  const shown = entries.filter((e) => drawn(e.id));
  const catalogTitle = s.catalog.status === 'loaded' ? s.catalog.catalog.title : undefined;
  const title = catalogTitle ? `${m.appTitle} — ${localize(catalogTitle, s.locale)}` : m.appTitle;
  const c = s.compare;
  const comparing = c.enabled && c.left !== null && c.right !== null;
  const years = [...new Set(shown.flatMap((e) => (e.vintage === undefined ? [] : [e.vintage])))].sort();
  const vintages = comparing
    ? `${c.left} | ${c.right}`
    : s.vintage !== null
      ? String(s.vintage)
      : years.join(', ');
  const k = keyFigureMessages(s.locale);
  const place = figures
    ? scopeText(figures, k, true)
    : s.territoryFocus
      ? k.scopeTerritory(s.territoryFocus.name)
      : '';
  const sources = [...new Set(shown.flatMap((e) => (e.attribution ? [e.attribution] : [])))];
  const statsSource = figures ? k.source : null;
  return {
    title,
    subtitle: [place, t.exportVintages(vintages || '—')].filter(Boolean).join(' · '),
    legend: legendGroups(s, m, shown, figures),
    ...(figures ? { figures: sheetFigures(figures, s.locale) } : {}),
    layers: t.exportLayers(shown.map((e) => localize(e.title, s.locale)).join(', ') || '—'),
    sources: [
      sources.length > 0 || !statsSource ? t.exportSources(sources.join(' · ') || '—') : null,
      statsSource,
    ]
      .filter(Boolean)
      .join(' — '),
    date: t.exportDate(now.toLocaleString(s.locale === 'en' ? 'en-GB' : 'fr-FR')),
    ...(comparing && c.left !== null && c.right !== null
      ? { sides: { left: t.sideLabel(c.left), right: t.sideLabel(c.right), position: c.position } }
      : {}),
  };
}

/** Composes the sheet at `size` from a fresh capture of the globe. */
export async function exportView(
  size: ExportSize,
  m: Messages,
  figures: KeyFigures | null = null,
): Promise<HTMLCanvasElement> {
  const css = globeCssSize();
  if (!css) throw new Error(m.twinCompare.exportNoGlobe);
  const target = size === 'screen' ? css : PRINT_SIZES[size];
  const sheet = sheetFromState(useTwinStore.getState(), m, new Date(), figures);
  const { map } = sheetLayout(target.width, target.height, {
    column: sheet.figures !== undefined || sheet.legend.length > 0,
  });
  const scale =
    size === 'screen'
      ? 1
      : Math.min(MAX_CAPTURE_SCALE, Math.max(1, Math.max(map.width / css.width, map.height / css.height)));
  const globe = await captureGlobe(scale);
  return composeExport(globe, sheet, target.width, target.height);
}

function download(canvas: HTMLCanvasElement, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (!blob) {
        reject(new Error('the browser could not encode the PNG'));
        return;
      }
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      resolve();
    }, 'image/png');
  });
}

/** The export's status as data, worded at render time (so a switch of language rewords it). */
type ExportStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'busy' }
  | { readonly kind: 'done'; readonly width: number; readonly height: number }
  | { readonly kind: 'failed'; readonly detail: string };

/** Buttons exporting the view as PNG at screen size, A4 or A3 (landscape, 150 dpi). */
export function ExportPanel() {
  const m = useMessages();
  const t = m.twinCompare;
  const { figures } = useKeyFigures();
  const [status, setStatus] = useState<ExportStatus>({ kind: 'idle' });
  const run = async (size: ExportSize) => {
    setStatus({ kind: 'busy' });
    try {
      const canvas = await exportView(size, m, figures);
      const day = new Date().toISOString().slice(0, 10);
      await download(canvas, `jumeau-hdf-${day}-${size}.png`);
      setStatus({ kind: 'done', width: canvas.width, height: canvas.height });
    } catch (e) {
      setStatus({ kind: 'failed', detail: e instanceof Error ? e.message : String(e) });
    }
  };
  const sizes: [ExportSize, string][] = [
    ['screen', t.exportScreen],
    ['a4', t.exportA4],
    ['a3', t.exportA3],
  ];
  const text =
    status.kind === 'busy'
      ? t.exporting
      : status.kind === 'done'
        ? t.exportDone(status.width, status.height)
        : status.kind === 'failed'
          ? t.exportFailed(status.detail)
          : '';
  return (
    <fieldset className="export">
      <legend>{t.exportHeading}</legend>
      <div className="export__buttons">
        {sizes.map(([size, label]) => (
          <button key={size} type="button" disabled={status.kind === 'busy'} onClick={() => void run(size)}>
            {label}
          </button>
        ))}
      </div>
      <p role="status" className="export__status">
        {text}
      </p>
    </fieldset>
  );
}
