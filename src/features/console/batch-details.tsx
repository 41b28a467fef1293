/**
 * The selected batch: state, progress, ETA, jobs and tiles, the dalles' legend with counts, progress
 * per zoom, workers with tiles/s, recovered jobs, failures in words, the actions (cancel, resume,
 * retry failed) and the preview swipe against the published pyramid.
 */
import { useState } from 'react';
import { DALLE_STATES } from '../../../format/batch-status';
import { batchAction, ConsoleApiError } from '../../api/console-client';
import { DALLE_COLOURS } from '../../components/dalle-colours';
import { useMessages } from '../../i18n';
import { useTwinStore } from '../../stores';

export function BatchDetails() {
  const m = useMessages().console;
  const batch = useTwinStore((s) => s.consoleBatches.find((b) => b.id === s.consoleSelected) ?? null);
  const token = useTwinStore((s) => s.consoleToken);
  const preview = useTwinStore((s) => s.consolePreview);
  const split = useTwinStore((s) => s.consoleSplit);
  const [message, setMessage] = useState<string | null>(null);
  if (!batch) return <p className="console__hint">{m.noSelection}</p>;
  const s = batch.status;
  const act = async (action: 'cancel' | 'resume' | 'retry') => {
    setMessage(null);
    try {
      await batchAction(batch.id, action, token);
    } catch (e) {
      setMessage(e instanceof ConsoleApiError ? m.refused(e.status, e.message) : String(e));
    }
  };
  const counts = s.dalles;
  return (
    <section className="console__section" aria-label={`${m.columns.batch} ${batch.id}`}>
      <h2 className="panel__heading">
        {m.columns.batch} {batch.id}
      </h2>
      <p className="console__state">
        <span className={`console__badge console__badge--${s.state}`}>{m.states[s.state] ?? s.state}</span>{' '}
        {m.percent(s.progress)} · {m.columns.eta} {s.state === 'running' ? m.duration(s.etaSeconds) : '—'} ·{' '}
        {m.modes[batch.mode]}
      </p>
      <progress className="console__progress" max={1} value={s.progress} aria-label={m.columns.progress} />
      <p className="console__line">{m.jobs(s.jobs.done, s.jobs.total, s.jobs.active)}</p>
      <p className="console__line">
        {m.tiles(s.tiles.written, s.tilesPerSecond)} · {m.size(s.tiles.bytes)}
      </p>
      <p className="console__line console__muted">
        {m.out}: {batch.out}
      </p>
      {counts && (
        <ul className="console__legend" aria-label={m.legend}>
          {DALLE_STATES.map((st) => (
            <li key={st}>
              <span
                className="console__swatch"
                style={{ background: DALLE_COLOURS[st] }}
                aria-hidden="true"
              />
              {st === 'running' && s.state !== 'running' && s.state !== 'registered'
                ? m.dalleInterrupted
                : m.dalleStates[st]}{' '}
              <strong>{m.num(counts[st])}</strong>
            </li>
          ))}
        </ul>
      )}
      {s.zooms.length > 0 && (
        <details className="console__zooms">
          <summary>{m.zoomsLabel}</summary>
          <table>
            <tbody>
              {s.zooms.map((z) => (
                <tr key={z.z}>
                  <th scope="row">{m.zoom(z.z)}</th>
                  <td>
                    <progress max={Math.max(1, z.planned)} value={z.written} aria-label={m.zoom(z.z)} />
                  </td>
                  <td>
                    {m.num(z.written)} / {m.num(z.planned)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      {s.workers.length > 0 && (
        <details className="console__workers">
          <summary>{m.workersLabel}</summary>
          <ul>
            {s.workers.map((w) => (
              <li key={w.name}>{m.worker(w.name, w.tilesPerSecond, w.jobs)}</li>
            ))}
          </ul>
        </details>
      )}
      {(s.recovered ?? []).map((r) => (
        <p key={r.job} className="console__hint" role="note">
          {m.recovered(r.job, r.count)}
        </p>
      ))}
      {s.failures.length > 0 && (
        <div className="console__failures" role="alert">
          <h3 className="panel__heading">{m.failuresLabel}</h3>
          {s.failures.map((f) => (
            <p key={f.job}>{m.failure(f.job, f.attempts, f.message)}</p>
          ))}
        </div>
      )}
      <fieldset className="console__row console__actions" aria-label={m.actions}>
        <button type="button" className="button" onClick={() => void act('cancel')}>
          {m.cancel}
        </button>
        <button type="button" className="button" onClick={() => void act('resume')}>
          {m.resume}
        </button>
        <button type="button" className="button" onClick={() => void act('retry')}>
          {m.retry}
        </button>
      </fieldset>
      {message && (
        <p className="console__error" role="alert">
          {message}
        </p>
      )}
      {s.state === 'complete' && batch.outUrl && (
        <div className="console__preview">
          {batch.publishedUrl ? (
            <>
              <button
                type="button"
                className="button"
                aria-pressed={preview}
                onClick={() => useTwinStore.getState().setConsolePreview(!preview)}
              >
                {preview ? m.previewOff : m.preview}
              </button>
              {preview && (
                <label>
                  {m.previewLabel} ({m.previewLeft} | {m.previewRight})
                  <input
                    type="range"
                    min={0}
                    max={100}
                    value={Math.round(split * 100)}
                    onChange={(e) => useTwinStore.getState().setConsoleSplit(Number(e.target.value) / 100)}
                  />
                </label>
              )}
            </>
          ) : (
            <p className="console__hint">{m.previewNone}</p>
          )}
        </div>
      )}
    </section>
  );
}
