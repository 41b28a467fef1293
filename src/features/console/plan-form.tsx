/**
 * Plan before launching: inputs under the server's roots, options and worker count; the estimate
 * of `tiling plan` (tiles, bytes, objects, time); then launch. Refusals are shown in the server's
 * words (401/403/409, the problems of a 400).
 */
import { useEffect, useState } from 'react';
import {
  ConsoleApiError,
  type ConsoleConfigView,
  consoleConfig,
  type LaunchRequest,
  launchBatch,
  type PlanEstimate,
  planBatch,
} from '../../api/console-client';
import { useMessages } from '../../i18n';
import { useTwinStore } from '../../stores';

export function PlanForm() {
  const m = useMessages().console;
  const token = useTwinStore((s) => s.consoleToken);
  const [config, setConfig] = useState<ConsoleConfigView | null>(null);
  const [input, setInput] = useState('');
  const [output, setOutput] = useState('');
  const [vintage, setVintage] = useState('');
  const [mode, setMode] = useState<'queue' | 'local'>('queue');
  const [workers, setWorkers] = useState(2);
  const [jobSpan, setJobSpan] = useState(3);
  const [format, setFormat] = useState<'jpeg' | 'webp' | 'png'>('jpeg');
  const [onError, setOnError] = useState<'stop' | 'skip'>('stop');
  const [estimate, setEstimate] = useState<PlanEstimate | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    consoleConfig(abort.signal)
      .then((c) => {
        setConfig(c);
        const first = c.inputs[0];
        if (first) {
          setInput(`${first.root}:${first.path}`);
          setVintage(/(\d{4})/.exec(first.path)?.[1] ?? '');
        }
        if (!c.modes.includes('queue')) setMode('local');
      })
      .catch(() => {});
    return () => abort.abort();
  }, []);

  const request = (): LaunchRequest => {
    const k = input.indexOf(':');
    return {
      inputs: [{ root: input.slice(0, k), path: input.slice(k + 1) }],
      options: { jobSpan, format, onError },
      workers,
      mode,
      output,
      vintage,
    };
  };
  const refused = (e: unknown) => {
    if (e instanceof ConsoleApiError)
      setMessage({
        kind: 'error',
        text: m.refused(
          e.status,
          e.problems.length > 0 ? `${e.message}: ${m.problems(e.problems)}` : e.message,
        ),
      });
    else setMessage({ kind: 'error', text: String(e) });
  };
  const onEstimate = async () => {
    setBusy(true);
    setMessage({ kind: 'info', text: m.estimating });
    setEstimate(null);
    try {
      const { inputs, options } = request();
      setEstimate(await planBatch({ inputs, options, workers }, token));
      setMessage(null);
    } catch (e) {
      refused(e);
    } finally {
      setBusy(false);
    }
  };
  const onLaunch = async () => {
    setBusy(true);
    try {
      const r = await launchBatch(request(), token);
      setMessage({ kind: 'info', text: m.launched(r.id) });
      useTwinStore.getState().selectConsoleBatch(r.id);
    } catch (e) {
      refused(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="console__section" aria-labelledby="console-plan-heading">
      <h2 id="console-plan-heading" className="panel__heading">
        {m.planHeading}
      </h2>
      <form
        className="console__form"
        onSubmit={(e) => {
          e.preventDefault();
          void onLaunch();
        }}
      >
        <label>
          {m.inputLabel}
          <select value={input} onChange={(e) => setInput(e.target.value)}>
            {(config?.inputs ?? []).map((i) => (
              <option key={`${i.root}:${i.path}`} value={`${i.root}:${i.path}`}>
                {m.inputOption(i.root, i.path, i.dalles)}
              </option>
            ))}
          </select>
        </label>
        {config && config.inputs.length === 0 && <p className="console__hint">{m.inputNone}</p>}
        <div className="console__row">
          <label>
            {m.outputLabel}
            <input
              value={output}
              onChange={(e) => setOutput(e.target.value)}
              pattern="[a-z0-9][a-z0-9\-]{0,47}"
              title={m.outputHint}
              required
            />
          </label>
          <label>
            {m.vintageLabel}
            <input
              value={vintage}
              onChange={(e) => setVintage(e.target.value)}
              inputMode="numeric"
              size={5}
              required
            />
          </label>
        </div>
        <div className="console__row">
          <label>
            {m.modeLabel}
            <select value={mode} onChange={(e) => setMode(e.target.value as 'queue' | 'local')}>
              {(config?.modes ?? ['queue', 'local']).map((x) => (
                <option key={x} value={x}>
                  {m.modes[x]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {m.workersLabelInput}
            <input
              type="number"
              min={1}
              max={config?.maxWorkers ?? 8}
              value={workers}
              onChange={(e) => setWorkers(Number(e.target.value))}
            />
          </label>
        </div>
        <div className="console__row">
          <label>
            {m.jobSpanLabel}
            <input
              type="number"
              min={1}
              max={6}
              value={jobSpan}
              onChange={(e) => setJobSpan(Number(e.target.value))}
            />
          </label>
          <label>
            {m.formatLabel}
            <select value={format} onChange={(e) => setFormat(e.target.value as 'jpeg' | 'webp' | 'png')}>
              <option value="jpeg">JPEG</option>
              <option value="webp">WebP</option>
              <option value="png">PNG</option>
            </select>
          </label>
        </div>
        <label>
          {m.onErrorLabel}
          <select value={onError} onChange={(e) => setOnError(e.target.value as 'stop' | 'skip')}>
            <option value="stop">{m.onErrorStop}</option>
            <option value="skip">{m.onErrorSkip}</option>
          </select>
        </label>
        <div className="console__row">
          <button
            type="button"
            className="button"
            disabled={busy || !input}
            onClick={() => void onEstimate()}
          >
            {m.estimate}
          </button>
          <button type="submit" className="button button--primary" disabled={busy || !input}>
            {m.launch}
          </button>
        </div>
      </form>
      {estimate && (
        <p className="console__estimate" role="status">
          {m.estimateText(estimate)}
        </p>
      )}
      {message && (
        <p
          className={message.kind === 'error' ? 'console__error' : 'console__hint'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
