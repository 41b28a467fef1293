/**
 * The « Chantiers de tuilage » page's panel: the technician's token, the batch list (product,
 * vintage, output, state, progress, ETA, tiles/s, failures), the selected batch and its dalle,
 * and the plan-and-launch form. Live through server-sent events (use-console-live.ts).
 */
import { useMessages } from '../../i18n';
import { useTwinStore } from '../../stores';
import { BatchDetails } from './batch-details';
import { ConsoleToken } from './console-token';
import { DalleCard } from './dalle-card';
import { PlanForm } from './plan-form';
import { useConsoleLive } from './use-console-live';
import './console.css';

export { openDalle } from './dalle-card';

function BatchList() {
  const m = useMessages().console;
  const batches = useTwinStore((s) => s.consoleBatches);
  const selected = useTwinStore((s) => s.consoleSelected);
  if (batches.length === 0) return <p className="console__hint">{m.none}</p>;
  return (
    <table className="console__table" aria-label={m.listLabel}>
      <thead>
        <tr>
          <th scope="col">{m.columns.batch}</th>
          <th scope="col">{m.columns.product}</th>
          <th scope="col">{m.columns.vintage}</th>
          <th scope="col">{m.columns.state}</th>
          <th scope="col">{m.columns.progress}</th>
          <th scope="col">{m.columns.eta}</th>
          <th scope="col">{m.columns.failures}</th>
        </tr>
      </thead>
      <tbody>
        {batches.map((b) => (
          <tr
            key={b.id}
            aria-selected={b.id === selected}
            className={b.id === selected ? 'console__selected' : undefined}
          >
            <td>
              <button
                type="button"
                className="button console__pick"
                onClick={() => useTwinStore.getState().selectConsoleBatch(b.id)}
              >
                {b.id}
              </button>
            </td>
            <td>{m.products[b.product] ?? b.product}</td>
            <td>{b.vintage ?? '–'}</td>
            <td>{m.states[b.status.state] ?? b.status.state}</td>
            <td>{m.percent(b.status.progress)}</td>
            <td>{b.status.state === 'running' ? m.duration(b.status.etaSeconds) : '—'}</td>
            <td>{b.status.failures.length}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ConsolePanel() {
  const m = useMessages().console;
  const connected = useConsoleLive();
  const delay = useTwinStore((s) => s.consoleDelayMs);
  return (
    <div className="console">
      <p className="console__hint">{m.intro}</p>
      <p className={connected ? 'console__live' : 'console__error'} role="status">
        {connected ? m.live : m.offline}
        {connected && delay !== null && ` · ${m.delay(delay)}`}
      </p>
      <ConsoleToken />
      <section className="console__section" aria-labelledby="console-list-heading">
        <h2 id="console-list-heading" className="panel__heading">
          {m.listLabel}
        </h2>
        <BatchList />
      </section>
      <BatchDetails />
      <DalleCard />
      <PlanForm />
    </div>
  );
}
