/**
 * Colours of a dalle's state, shared by the console's legend (src/features/console) and its
 * footprints on the globe (src/cesium/dalle-footprints.tsx). Readable on imagery and for
 * colour-blind eyes (Okabe-Ito): planned grey, running blue, done green, failed vermilion,
 * skipped yellow.
 */
import type { DalleState } from '../../format/batch-status';

export const DALLE_COLOURS: Readonly<Record<DalleState, string>> = {
  planned: '#9e9e9e',
  running: '#0072b2',
  done: '#009e73',
  failed: '#d55e00',
  skipped: '#f0e442',
};
