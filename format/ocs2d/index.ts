/**
 * OCS2D nomenclatures and the (cs, us) -> 4 classes / 21 classes / ENAF classification, from the
 * tables of geo2france/ocs2d (GPL-3.0; see the header of ./tables.ts). Pure: no I/O. Part of the
 * contract (format/): the tiling classifies with it, the viewer and the server label with it.
 */
import { NOMENCLATURE_CLASSES, type NomenclatureClass, PAIR_ROWS } from './tables';

export { NOMENCLATURE_CLASSES, type NomenclatureClass, PAIR_ROWS } from './tables';

/** Attribution to show wherever these tables or their colours are shipped. */
export const OCS2D_TABLES_ATTRIBUTION =
  'Nomenclatures, couleurs et règles 4/21 postes et ENAF : Géo2France, geo2france/ocs2d (GPL-3.0)';

/**
 * The OCS2D nomenclatures (cover, use, 4 classes, 21 classes, ENAF), in the order the viewer lists
 * them: the one declaration of this list (tiles, stats.json, figures, picking and URLs use it).
 */
export const NOMENCLATURES = [
  'cs',
  'us',
  'p4',
  'p21',
  'enaf',
] as const satisfies readonly (keyof typeof NOMENCLATURE_CLASSES)[];
/** A nomenclature the viewer can colour by and the stats sum. */
export type Nomenclature = (typeof NOMENCLATURES)[number];

/**
 * English labels of the groupings the published sources only word in French (4 classes, ENAF).
 * CS/US/21-class labels stay French: they are the official nomenclature's words.
 */
export const ENGLISH_LABELS: Readonly<Record<string, string>> = {
  'p4:1': 'Urbanised areas',
  'p4:2': 'Agricultural areas',
  'p4:3': 'Natural and semi-natural areas',
  'p4:4': 'Infrastructure',
  'enaf:A': 'Agricultural',
  'enaf:F': 'Forest',
  'enaf:N': 'Natural',
  'enaf:Ua': 'Other urban',
  'enaf:Ue': 'Economic activity',
  'enaf:Uh': 'Housing',
  'enaf:Ui': 'Infrastructure',
};

/** The derived classes of one (cs, us) pair; `null` where the attribute rules give none. */
export interface DerivedClasses {
  /** 4 classes (1 urbanised, 2 agricultural, 3 natural, 4 infrastructure). */
  readonly p4: number | null;
  /** 21 classes (1..21). */
  readonly p21: number | null;
  /** ENAF class (A, F, N, Ua, Ue, Uh, Ui); null for the pairs that need a spatial rule. */
  readonly enaf: string | null;
}

let pairTable: Map<string, DerivedClasses> | undefined;
function pairs(): Map<string, DerivedClasses> {
  if (!pairTable) {
    pairTable = new Map();
    for (const row of PAIR_ROWS) {
      const [cs, us, p4, p21, enaf] = row.split('|');
      pairTable.set(`${cs}|${us}`, {
        p4: p4 ? Number(p4) : null,
        p21: p21 ? Number(p21) : null,
        enaf: enaf ? enaf : null,
      });
    }
  }
  return pairTable;
}

/**
 * The 4-class, 21-class and ENAF classes of a (cs, us) pair, or `undefined` when the pair is not
 * in the 2021 nomenclature (33 CS x 53 US codes, level 3, e.g. "CS1.1.1", "US5.2.2").
 */
export function classifyCsUs(cs: string, us: string): DerivedClasses | undefined {
  return pairs().get(`${cs}|${us}`);
}

/** The class of `code` in a nomenclature, or undefined. Codes of p4/p21 are given as text ("1"). */
export function nomenclatureClass(nomenclature: Nomenclature, code: string): NomenclatureClass | undefined {
  return (NOMENCLATURE_CLASSES[nomenclature] as readonly NomenclatureClass[]).find((c) => c.code === code);
}
