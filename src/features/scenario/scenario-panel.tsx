/**
 * Scenario panel: load a planned project (file picker, or a file dropped anywhere on the page),
 * its problems in words when refused, and its ENAF impact with the share of the territory's
 * SRADDET envelope. The volumes are drawn by src/cesium/scenario-volumes.tsx.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { classLabel } from '../../i18n';
import { sraddetProgress, targetName } from '../../indicators/sraddet';
import { useSraddetTargets } from '../../indicators/use-stats';
import { NAF_CLASSES } from '../../scenario/enaf-impact';
import { useTwinStore } from '../../stores';
import { useScenarioMessages } from './scenario-messages';
import { showScenarioFile, useScenarioImpact, useScenarioUrlLoader } from './use-scenario';
import './scenario.css';

const rows = (rec: Readonly<Record<string, number>>) =>
  Object.entries(rec)
    .filter(([, v]) => v > 0)
    .sort(([a], [b]) => a.localeCompare(b, 'fr', { numeric: true }));

/** Accepts a scenario file dropped anywhere on the page. */
function usePageDrop(): void {
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      void showScenarioFile(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);
}

function ImpactFigures() {
  const m = useScenarioMessages();
  const state = useTwinStore((s) => s.scenarioImpact);
  const focus = useTwinStore((s) => s.territoryFocus);
  const locale = useTwinStore((s) => s.locale);
  const { targets } = useSraddetTargets();
  if (state.status === 'idle') return null;
  if (state.status === 'computing') return <p role="status">{m.computing}</p>;
  if (state.status === 'none') return <p className="scenario__note">{m.noOcs2d}</p>;
  if (state.status === 'failed') return <p role="alert">{m.failed(state.error)}</p>;
  const { impact } = state;
  // Classes in words, as the legend says them (never a bare « A » or « 15 »).
  const named = (group: string, code: string) =>
    group === 'enaf' && code !== '?'
      ? `${classLabel(group, code, locale)} (${code})`
      : classLabel(group, code, locale);
  // Without a territory, the region's envelope (the scenario lies in Hauts-de-France).
  const progress = sraddetProgress(impact.nafHa, 0, 1, focus?.lineage ?? ['region:32'], targets);
  return (
    <section
      aria-label={m.impactOf(state.vintage)}
      className="scenario__impact"
      data-testid="scenario-impact"
    >
      <h4>{m.impactOf(state.vintage)}</h4>
      <dl className="scenario__figures">
        <dt>{m.footprint}</dt>
        <dd data-testid="scenario-footprint">{m.ha(impact.footprintHa)}</dd>
        <dt>{m.naf}</dt>
        <dd data-testid="scenario-naf">
          <strong>{m.ha(impact.nafHa)}</strong>
        </dd>
      </dl>
      <table className="scenario__table">
        <caption>{m.byClass}</caption>
        <tbody>
          {rows(impact.byEnaf).map(([k, v]) => (
            <tr key={k} className={(NAF_CLASSES as readonly string[]).includes(k) ? 'scenario__naf' : ''}>
              <th scope="row">{named('enaf', k)}</th>
              <td>{m.ha(v)}</td>
            </tr>
          ))}
          {impact.uncoveredHa > 0.0001 && (
            <tr>
              <th scope="row">{m.uncovered}</th>
              <td>{m.ha(impact.uncoveredHa)}</td>
            </tr>
          )}
        </tbody>
      </table>
      {(
        [
          [m.byP4, 'p4', impact.nafByP4],
          [m.byP21, 'p21', impact.nafByP21],
        ] as const
      ).map(([caption, group, rec]) =>
        rows(rec).length === 0 ? null : (
          <table className="scenario__table" key={caption}>
            <caption>{caption}</caption>
            <tbody>
              {rows(rec).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{named(group, k)}</th>
                  <td>{m.ha(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ),
      )}
      <p data-testid="scenario-sraddet">
        {progress
          ? m.sraddet(
              (100 * impact.nafHa) / progress.target.envelopeHa,
              progress.target.envelopeHa,
              progress.own && focus ? focus.name : targetName(progress.target.territory),
              progress.own && focus !== null,
            )
          : m.noSraddet}
      </p>
    </section>
  );
}

/** The panel. */
export function ScenarioPanel() {
  const m = useScenarioMessages();
  const inputId = useId();
  const scenario = useTwinStore((s) => s.scenario);
  const problems = useTwinStore((s) => s.scenarioProblems);
  const comparing = useTwinStore((s) => s.compare.enabled);
  const [urlProblem, setUrlProblem] = useState<string | null>(null);
  const onUrlProblem = useCallback((p: string | null) => setUrlProblem(p), []);
  usePageDrop();
  useScenarioUrlLoader(onUrlProblem);
  useScenarioImpact();
  return (
    <section className="scenario" aria-labelledby={`${inputId}-h`}>
      <h3 className="scenario__title" id={`${inputId}-h`}>
        {m.heading}
      </h3>
      <label className="scenario__pick" htmlFor={inputId}>
        {m.pick}
      </label>
      <input
        id={inputId}
        type="file"
        accept=".geojson,.json,application/geo+json,application/json"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void showScenarioFile(file);
          e.currentTarget.value = '';
        }}
      />
      <p className="scenario__note">{m.hint}</p>
      {urlProblem && <p role="alert">{m.urlFailed(urlProblem)}</p>}
      {problems && (
        <div role="alert" className="scenario__problems">
          <p>{m.refused(problems.file)}</p>
          <ul>
            {problems.problems.slice(0, 20).map((p) => (
              <li key={`${p.feature}-${p.field}-${p.code}`}>{m.problem(p)}</li>
            ))}
          </ul>
        </div>
      )}
      {scenario && (
        <>
          <p data-testid="scenario-loaded">{m.loaded(scenario.name, scenario.buildings.length)}</p>
          {comparing && <p className="scenario__note">{m.splitNote}</p>}
          <button type="button" onClick={() => useTwinStore.getState().clearScenario()}>
            {m.clear}
          </button>
          <ImpactFigures />
        </>
      )}
    </section>
  );
}
