import { useState } from 'react';
import { captureGlobe, globeCssSize } from '../../cesium/export-capture';
import type { LayerEntry } from '../../config/catalog';
import { localize, type Messages, useMessages } from '../../i18n';
import { selectLayerSides, type TwinState, useTwinStore } from '../../stores';
import { composeExport, type ExportSheet, type ExportSize, PRINT_SIZES, sheetLayout } from './compose-export';

/** Most the drawing buffer is enlarged for a print capture (memory of software WebGL). */
const MAX_CAPTURE_SCALE = 4;

/** The texts and legend of the sheet, from the store (visible layers only). */
export function sheetFromState(s: TwinState, m: Messages, now: Date): ExportSheet {
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
  const legend = shown.flatMap((e) => {
    const meta = s.vectorMetadata[e.id];
    if (!meta) return [];
    const group = meta.kind === 'ocs2d' ? s.ocs2dNomenclature : 'class';
    return (meta.legend[group] ?? []).map((l) => ({
      label: s.locale === 'en' && l.labelEn ? l.labelEn : l.label,
      colour: l.colour,
    }));
  });
  const sources = [...new Set(shown.flatMap((e) => (e.attribution ? [e.attribution] : [])))].join(' · ');
  return {
    title,
    vintages: t.exportVintages(vintages || '—'),
    legend,
    sources: t.exportSources(sources || '—'),
    date: t.exportDate(now.toLocaleString(s.locale === 'en' ? 'en-GB' : 'fr-FR')),
    ...(comparing && c.left !== null && c.right !== null
      ? { sides: { left: t.sideLabel(c.left), right: t.sideLabel(c.right), position: c.position } }
      : {}),
  };
}

/** Composes the sheet at `size` from a fresh capture of the globe. */
export async function exportView(size: ExportSize, m: Messages): Promise<HTMLCanvasElement> {
  const css = globeCssSize();
  if (!css) throw new Error('no 3D globe to capture');
  const target = size === 'screen' ? css : PRINT_SIZES[size];
  const { map } = sheetLayout(target.width, target.height);
  const scale =
    size === 'screen'
      ? 1
      : Math.min(MAX_CAPTURE_SCALE, Math.max(1, Math.min(map.width / css.width, map.height / css.height)));
  const globe = await captureGlobe(scale);
  return composeExport(
    globe,
    sheetFromState(useTwinStore.getState(), m, new Date()),
    target.width,
    target.height,
  );
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

/** Buttons exporting the view as PNG at screen size, A4 or A3 (landscape, 150 dpi). */
export function ExportPanel() {
  const m = useMessages();
  const t = m.twinCompare;
  const [status, setStatus] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const run = async (size: ExportSize) => {
    setBusy(true);
    setStatus(t.exporting);
    try {
      const canvas = await exportView(size, m);
      const day = new Date().toISOString().slice(0, 10);
      await download(canvas, `jumeau-hdf-${day}-${size}.png`);
      setStatus(t.exportDone(canvas.width, canvas.height));
    } catch (e) {
      setStatus(t.exportFailed(e instanceof Error ? e.message : String(e)));
    } finally {
      setBusy(false);
    }
  };
  const sizes: [ExportSize, string][] = [
    ['screen', t.exportScreen],
    ['a4', t.exportA4],
    ['a3', t.exportA3],
  ];
  return (
    <fieldset className="export">
      <legend>{t.exportHeading}</legend>
      <div className="export__buttons">
        {sizes.map(([size, label]) => (
          <button key={size} type="button" disabled={busy} onClick={() => void run(size)}>
            {label}
          </button>
        ))}
      </div>
      <p role="status" className="export__status">
        {status}
      </p>
    </fieldset>
  );
}
