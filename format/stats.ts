/**
 * The indicators file `twin/stats/stats.json` (written by `tiling stats`, tiling/stats/aggregate.ts;
 * read by the viewer's figures, src/indicators): per commune, hectares by class per vintage and
 * nomenclature, transitions between vintages, ENAF consumption by destination and detected
 * changes, all in planar Lambert-93 hectares. Types and constants only: the one declaration of
 * the file's shape.
 */
import { NOMENCLATURES, type Nomenclature } from './ocs2d';

/** Format version of the stats file. */
export const STATS_VERSION = 1;
/** The nomenclatures summed: those of the OCS2D tables. */
export const STAT_NOMENCLATURES = NOMENCLATURES;
export type StatNomenclature = Nomenclature;

/** ENAF consumption destinations, in display order. */
export const CONSUMPTION_DESTINATIONS = ['habitat', 'activite', 'infrastructure', 'autre'] as const;
export type ConsumptionDestination = (typeof CONSUMPTION_DESTINATIONS)[number];
/** ENAF destination of consumption, by the non-NAF class reached. */
export const ENAF_DESTINATIONS: Readonly<Record<string, ConsumptionDestination>> = {
  Uh: 'habitat',
  Ue: 'activite',
  Ui: 'infrastructure',
  Ua: 'autre',
};

/** Hectares by class code. */
export type Sums = Record<string, number>;
/** Per nomenclature. */
export type NomenclatureSums = Record<StatNomenclature, Sums>;

/** A new set of empty sums, one per nomenclature. */
export function emptyNomenclatureSums(): NomenclatureSums {
  return Object.fromEntries(STAT_NOMENCLATURES.map((n) => [n, {}])) as NomenclatureSums;
}

export interface CommuneStats {
  name: string;
  epci: string | null;
  dep: string | null;
  /** Commune area, ha (L93). */
  areaHa: number;
  /** Per vintage ("2021"): hectares by class, per nomenclature. */
  surfaces: Record<string, NomenclatureSums>;
  /** Per pair of vintages ("2021-2024"): hectares by "from>to", per nomenclature. */
  transitions: Record<string, NomenclatureSums>;
  /** Per pair of vintages: NAF -> non-NAF hectares by destination (habitat, activite, infrastructure, autre). */
  consumption: Record<string, Sums>;
  /** Detected changes, hectares by change class. */
  changes: Sums;
}

export interface StatsFile {
  version: typeof STATS_VERSION;
  attribution: string;
  vintages: number[];
  /** Commune code -> its figures; communes the data does not touch are left out. */
  communes: Record<string, CommuneStats>;
}
