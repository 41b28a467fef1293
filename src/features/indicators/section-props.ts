/** What every section of the indicators panel is drawn from: the summed figures and the choices. */
import type { FigureNomenclature, TerritoryFigures } from '../../indicators/figures';
import type { IndicatorMessages } from './indicator-messages';

/** The figures of the territory, the nomenclature, the two vintages `a`, `b`, the words. */
export interface SectionProps {
  readonly figures: TerritoryFigures;
  readonly n: FigureNomenclature;
  readonly a: number;
  readonly b: number;
  readonly m: IndicatorMessages;
  readonly locale: string;
}
