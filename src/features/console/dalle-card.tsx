/**
 * The dalle clicked on the map: its state, its jobs (done, failed with the error in words, waiting,
 * recovered after a worker died) and a button per job that flies to its tiles.
 */
import { useEffect } from 'react';
import { dalleJobs } from '../../api/console-client';
import { DALLE_COLOURS } from '../../components/dalle-colours';
import { useMessages } from '../../i18n';
import { useTwinStore } from '../../stores';

/** Opens dalle `index` of the selected batch (loads its jobs). */
export async function openDalle(index: number): Promise<void> {
  const batch = useTwinStore.getState().consoleSelected;
  if (!batch) return;
  const r = await dalleJobs(batch, index);
  useTwinStore.getState().setConsoleDalle({ batch, index, name: r.name, jobs: r.jobs });
}

export function DalleCard() {
  const m = useMessages().console;
  const open = useTwinStore((s) => s.consoleDalle);
  const dalle = useTwinStore((s) => (open ? s.consoleDalles[open.index] : undefined));
  const batchState = useTwinStore(
    (s) => s.consoleBatches.find((b) => b.id === s.consoleSelected)?.status.state,
  );
  // Reload the jobs when the dalle's counters change (a pushed event).
  const version = dalle ? `${dalle.jobs.done}|${dalle.jobs.failed}|${dalle.state}` : '';
  const index = open?.index;
  useEffect(() => {
    if (index !== undefined && version) void openDalle(index).catch(() => {});
  }, [index, version]);
  if (!open) return null;
  return (
    <section className="console__dalle" aria-label={m.dalleHeading(open.name)}>
      <div className="console__row">
        <h2 className="panel__heading">{m.dalleHeading(open.name)}</h2>
        <button
          type="button"
          className="button"
          aria-label={m.closeDalle}
          onClick={() => useTwinStore.getState().setConsoleDalle(null)}
        >
          ×
        </button>
      </div>
      {dalle && (
        <p>
          <span
            className="console__swatch"
            style={{ background: DALLE_COLOURS[dalle.state] }}
            aria-hidden="true"
          />
          {dalle.state === 'running' && batchState !== 'running' && batchState !== 'registered'
            ? m.dalleInterrupted
            : m.dalleStates[dalle.state]}{' '}
          · {m.num(dalle.jobs.done)} / {m.num(dalle.jobs.planned)}
        </p>
      )}
      {dalle?.reasons?.map((r) => (
        <p key={r} className="console__error">
          {r}
        </p>
      ))}
      <h3 className="panel__heading">{m.dalleJobs}</h3>
      <ul className="console__jobs">
        {open.jobs.map((j) => (
          <li key={j.job} className={`console__job console__job--${j.state}`}>
            <button
              type="button"
              className="button"
              aria-label={m.jobFly(j.job)}
              onClick={() => useTwinStore.getState().flyConsoleTo(j.tile)}
            >
              {j.job}
            </button>{' '}
            {m.jobState[j.state]}
            {j.tiles !== undefined && ` · ${m.jobTiles(j.tiles)}`}
            {j.recovered ? ` · ${m.jobRecovered(j.recovered)}` : ''}
            {j.error && <span className="console__error"> {j.error}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
