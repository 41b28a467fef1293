import { useEffect, useId, useMemo, useState } from 'react';
import { type FetchProblem, fetchProblemOf } from '../../config/fetch-problem';
import { useTwinStore } from '../../stores';
import {
  bboxOfTerritory,
  communeOptions,
  epciOptions,
  type Hierarchy,
  type HierarchyChoice,
  lineageOf,
  matchesQuery,
  membersOf,
  NO_CHOICE,
  REGION,
  scotOptions,
  territoryOfChoice,
} from './hierarchy';
import { fetchShapesLoader, lensPolygonsOf } from './lens-shapes';
import { type TerritoryMessages, useTerritoryMessages } from './territory-messages';
import { type HierarchyState, useHierarchy } from './use-hierarchy';
import './territory.css';

/** Makes `choice` the focused territory: figures, lens, framing (unless `fly` is false). */
function focusChoice(h: Hierarchy, choice: HierarchyChoice, fly = true): void {
  const chosenAt = performance.now();
  const t = territoryOfChoice(h, choice);
  const bbox = bboxOfTerritory(h, t);
  const s = useTwinStore.getState();
  s.setTerritoryFocus({
    ...t,
    communes: membersOf(h, t),
    lineage: lineageOf(h, t, choice),
    ...(bbox ? { bbox } : {}),
    chosenAt,
  });
  if (bbox && fly) s.flyTo(bbox, t.name);
}

/** The cascade's choice for "<kind>:<code>" (a permalink's `terr`), or null when unknown. */
export function choiceOfTerritory(h: Hierarchy, id: string): HierarchyChoice | null {
  const [kind, code = ''] = id.split(':');
  if (kind === 'region') return code === REGION.code ? NO_CHOICE : null;
  if (kind === 'dep') return h.deps.some((d) => d.code === code) ? { ...NO_CHOICE, dep: code } : null;
  if (kind === 'scot') return h.scot.some((d) => d.code === code) ? { ...NO_CHOICE, scot: code } : null;
  if (kind === 'epci') return h.epci.some((d) => d.code === code) ? { ...NO_CHOICE, epci: code } : null;
  const c = kind === 'commune' ? h.communes.get(code) : undefined;
  return c ? { ...NO_CHOICE, dep: c.dep, epci: c.epci, commune: c.code } : null;
}

/** Focuses the territory a permalink asked for, once the hierarchy is here (camera left as linked). */
function usePendingTerritory(h: Hierarchy, setChoice: (c: HierarchyChoice) => void): void {
  const pending = useTwinStore((s) => s.pendingTerritory);
  useEffect(() => {
    if (!pending) return;
    const s = useTwinStore.getState();
    s.setPendingTerritory(null);
    const choice = choiceOfTerritory(h, pending);
    if (!choice) {
      s.setLinkProblems([...s.linkProblems, 'terr']);
      return;
    }
    setChoice(choice);
    focusChoice(h, choice, false);
  }, [h, pending, setChoice]);
}

/** Loads the focused territory's boundaries into the store for the lens. */
function useLensShapes(h: Hierarchy | null, onProblem: (p: FetchProblem | null) => void): void {
  const focus = useTwinStore((s) => s.territoryFocus);
  useEffect(() => {
    if (!h || !focus) return;
    let current = true;
    const ref = { kind: focus.kind, code: focus.code, name: focus.name };
    lensPolygonsOf(h, ref, fetchShapesLoader())
      .then((polygons) => {
        if (!current) return;
        useTwinStore.getState().setLensPolygons(polygons.length > 0 ? polygons : null);
        onProblem(polygons.length > 0 ? null : 'invalid');
      })
      .catch((e: unknown) => {
        if (!current) return;
        console.warn('territory lens:', e);
        onProblem(fetchProblemOf(e));
      });
    return () => {
      current = false;
    };
  }, [h, focus, onProblem]);
}

interface LevelProps<T extends { code: string; name: string }> {
  readonly label: string;
  readonly filterLabel?: string;
  readonly none: string;
  readonly options: readonly T[];
  readonly value: string | null;
  readonly onChange: (code: string | null) => void;
  readonly m: TerritoryMessages;
}

/** One level: an optional type-ahead filter (names and codes) and a select of what it leaves. */
function Level<T extends { code: string; name: string }>({
  label,
  filterLabel,
  none,
  options,
  value,
  onChange,
  m,
}: LevelProps<T>) {
  const id = useId();
  const [query, setQuery] = useState('');
  const shown = useMemo(
    () => options.filter((o) => o.code === value || matchesQuery(o, query)),
    [options, query, value],
  );
  return (
    <div className="territory__level">
      <label htmlFor={`${id}-select`}>{label}</label>
      {filterLabel ? (
        <input
          type="search"
          className="territory__filter"
          aria-label={filterLabel}
          placeholder={filterLabel}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      ) : null}
      <select
        id={`${id}-select`}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
        aria-describedby={`${id}-count`}
      >
        <option value="">{none}</option>
        {shown.map((o) => (
          <option key={o.code} value={o.code}>
            {o.name} ({o.code})
          </option>
        ))}
      </select>
      <span id={`${id}-count`} className="territory__count">
        {m.options(shown.length)}
      </span>
    </div>
  );
}

function Cascade({ h, scotProblem }: { readonly h: Hierarchy; readonly scotProblem: string | null }) {
  const m = useTerritoryMessages();
  const [choice, setChoice] = useState<HierarchyChoice>(NO_CHOICE);
  const [shapesProblem, setShapesProblem] = useState<FetchProblem | null>(null);
  const focus = useTwinStore((s) => s.territoryFocus);
  const clip = useTwinStore((s) => s.lensClip);
  useLensShapes(h, setShapesProblem);
  usePendingTerritory(h, setChoice);
  const choose = (next: HierarchyChoice) => {
    setChoice(next);
    focusChoice(h, next);
  };
  const scots = scotOptions(h, choice);
  return (
    <>
      <p className="territory__region">
        {m.regionLine(REGION.name)}{' '}
        <button type="button" onClick={() => choose(NO_CHOICE)}>
          {m.wholeRegion}
        </button>
      </p>
      <Level
        label={m.departement}
        none={m.all}
        options={h.deps}
        value={choice.dep}
        onChange={(dep) => choose({ ...NO_CHOICE, dep })}
        m={m}
      />
      {h.scot.length > 0 ? (
        <Level
          label={m.scot}
          filterLabel={m.scot}
          none={m.all}
          options={scots}
          value={choice.scot}
          onChange={(scot) => choose({ ...choice, scot, epci: null, commune: null })}
          m={m}
        />
      ) : (
        <p className="territory__note">{m.noScot}</p>
      )}
      {scotProblem ? <p role="alert">{m.scotFailed(scotProblem)}</p> : null}
      <Level
        label={m.epci}
        filterLabel={m.filterEpci}
        none={m.all}
        options={epciOptions(h, choice)}
        value={choice.epci}
        onChange={(epci) => choose({ ...choice, epci, commune: null })}
        m={m}
      />
      <Level
        label={m.commune}
        filterLabel={m.filterCommune}
        none={m.allF}
        options={communeOptions(h, choice)}
        value={choice.commune}
        onChange={(commune) => choose({ ...choice, commune })}
        m={m}
      />
      <label className="territory__clip">
        <input
          type="checkbox"
          checked={clip}
          onChange={(e) => useTwinStore.getState().setLensClip(e.target.checked)}
        />
        {m.clip}
      </label>
      <p className="territory__chosen" aria-live="polite">
        {focus ? m.chosen(focus.name) : ''}
      </p>
      {shapesProblem ? <p role="alert">{m.shapesFailed(shapesProblem)}</p> : null}
    </>
  );
}

function Body({ state, m }: { readonly state: HierarchyState; readonly m: TerritoryMessages }) {
  if (state.status === 'loading') return <p>{m.loading}</p>;
  if (state.status === 'failed') return <p role="alert">{m.failed(state.problem)}</p>;
  return <Cascade h={state.hierarchy} scotProblem={state.scotProblem} />;
}

/**
 * The territory hierarchy with cascading filters: Région → Département → SCoT (when configured)
 * → EPCI → Commune. Each choice focuses that territory: the figures and exports are scoped to
 * it and the lens frames (and clips) it.
 */
export function TerritoryPanel() {
  const m = useTerritoryMessages();
  const state = useHierarchy();
  return (
    <section className="territory" aria-label={m.heading}>
      <h2 className="territory__title">{m.heading}</h2>
      <Body state={state} m={m} />
    </section>
  );
}
