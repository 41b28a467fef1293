import type { StateCreator } from 'zustand';
import type { EnafImpact } from '../scenario/enaf-impact';
import type { Scenario, ScenarioProblem } from '../scenario/scenario-file';
import type { TwinState } from './twin-store';

/** Where the ENAF impact of the loaded scenario stands. */
export type ScenarioImpactState =
  | { readonly status: 'idle' }
  | { readonly status: 'computing' }
  | { readonly status: 'none' }
  | {
      readonly status: 'done';
      readonly impact: EnafImpact;
      readonly vintage: number | null;
      readonly layerId: string;
    }
  | { readonly status: 'failed'; readonly error: string };

/** A planned project (docs/compare.md, "Scenarios"): plain data; Cesium draws it. */
export interface ScenarioSlice {
  /** The valid scenario shown, or null. */
  scenario: Scenario | null;
  /** URL it was loaded from (served with the twin; carried by the permalink), null for a local file. */
  scenarioUrl: string | null;
  /** Problems of the last file refused (nothing shown for it); null when none. */
  scenarioProblems: { readonly file: string; readonly problems: readonly ScenarioProblem[] } | null;
  /** A scenario URL asked (permalink) and not loaded yet. */
  pendingScenarioUrl: string | null;
  scenarioImpact: ScenarioImpactState;
  setScenario: (scenario: Scenario, url: string | null) => void;
  setScenarioProblems: (file: string, problems: readonly ScenarioProblem[]) => void;
  clearScenario: () => void;
  setPendingScenarioUrl: (url: string | null) => void;
  setScenarioImpact: (impact: ScenarioImpactState) => void;
}

/** Creates the scenario slice. */
export const createScenarioSlice: StateCreator<TwinState, [], [], ScenarioSlice> = (set) => ({
  scenario: null,
  scenarioUrl: null,
  scenarioProblems: null,
  pendingScenarioUrl: null,
  scenarioImpact: { status: 'idle' },
  setScenario: (scenario, scenarioUrl) =>
    set({ scenario, scenarioUrl, scenarioProblems: null, scenarioImpact: { status: 'idle' } }),
  setScenarioProblems: (file, problems) => set({ scenarioProblems: { file, problems } }),
  clearScenario: () =>
    set({ scenario: null, scenarioUrl: null, scenarioProblems: null, scenarioImpact: { status: 'idle' } }),
  setPendingScenarioUrl: (pendingScenarioUrl) => set({ pendingScenarioUrl }),
  setScenarioImpact: (scenarioImpact) => set({ scenarioImpact }),
});
