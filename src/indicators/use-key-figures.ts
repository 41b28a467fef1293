/**
 * The key figures of the chosen territory and vintages, as a hook (compare panel, council mode,
 * PNG export): the stats file, the SRADDET targets and the store's choices in, `KeyFigures` out.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { type TwinState, useTwinStore } from '../stores';
import { defaultVintages, type StatsFile } from './figures';
import { type KeyFigures, keyFigures } from './key-figures';
import type { SraddetTarget } from './sraddet';
import { type StatsState, useSraddetTargets, useStats } from './use-stats';

/**
 * The two vintages the key figures are for, A then B: the comparison's (left, right), else the
 * indicators' choice, else the file's first and last.
 */
export function figureVintages(
  s: Pick<TwinState, 'compare' | 'indicatorVintages'>,
  stats: Pick<StatsFile, 'vintages'> | null,
): [number, number] | null {
  const c = s.compare;
  if (c.enabled && c.left !== null && c.right !== null) return [c.left, c.right];
  if (s.indicatorVintages) return [s.indicatorVintages[0], s.indicatorVintages[1]];
  return stats ? defaultVintages(stats) : null;
}

/** The key figures of the store's state (territory or data area, vintages), or null. */
export function keyFiguresOf(
  s: Pick<TwinState, 'compare' | 'indicatorVintages' | 'territoryFocus'>,
  stats: StatsFile,
  targets: readonly SraddetTarget[],
): KeyFigures | null {
  const sides = figureVintages(s, stats);
  return sides ? keyFigures(stats, s.territoryFocus, sides[0], sides[1], targets) : null;
}

/** The stats file's state and the key figures of the current territory and vintages. */
export function useKeyFigures(): { readonly state: StatsState; readonly figures: KeyFigures | null } {
  const state = useStats();
  const { targets } = useSraddetTargets();
  const { compare, indicatorVintages, territoryFocus } = useTwinStore(
    useShallow((s) => ({
      compare: s.compare,
      indicatorVintages: s.indicatorVintages,
      territoryFocus: s.territoryFocus,
    })),
  );
  const stats = state.status === 'ready' ? state.stats : null;
  const figures = useMemo(
    () => (stats ? keyFiguresOf({ compare, indicatorVintages, territoryFocus }, stats, targets) : null),
    [stats, compare, indicatorVintages, territoryFocus, targets],
  );
  return { state, figures };
}
