/**
 * The technicians' console (« Chantiers de tuilage », the page `?page=console`): the technician's
 * token (kept for the tab, never in the address), the batches as the server last pushed them, the
 * batch and dalle selected, the dalles of the selected batch by index, and the preview swipe.
 * Plain data: the footprints on the globe are drawn by src/cesium/dalle-footprints.tsx.
 */
import type { StateCreator } from 'zustand';
import type { BatchDalle, DalleJob } from '../../format/batch-status';
import type { ConsoleBatch } from '../../format/console-api';
import type { TwinState } from './twin-store';

/** Where the technician's token is kept for the browser tab. */
export const CONSOLE_TOKEN_KEY = 'hdf-twin.technician-token';

/** A dalle opened on the map: its jobs as the server answered. */
export interface OpenDalle {
  readonly batch: string;
  readonly index: number;
  readonly name: string;
  readonly jobs: readonly DalleJob[];
}

export interface ConsoleSlice {
  consoleToken: string;
  setConsoleToken: (token: string) => void;
  consoleBatches: readonly ConsoleBatch[];
  setConsoleBatches: (batches: readonly ConsoleBatch[]) => void;
  /** A batch pushed by the server replaces its line (or is added first). */
  upsertConsoleBatch: (batch: ConsoleBatch) => void;
  consoleSelected: string | null;
  selectConsoleBatch: (id: string | null) => void;
  /** Dalles of the selected batch, by index. */
  consoleDalles: Readonly<Record<number, BatchDalle>>;
  setConsoleDalles: (batch: string, dalles: readonly BatchDalle[], replace: boolean) => void;
  consoleDalle: OpenDalle | null;
  setConsoleDalle: (dalle: OpenDalle | null) => void;
  /** Asks the console's globe to fly to a tile (a job's root) or to the batch's dalles. */
  consoleFlyTo: { readonly z: number; readonly x: number; readonly y: number; readonly seq: number } | null;
  flyConsoleTo: (tile: { z: number; x: number; y: number }) => void;
  /** Swipe of the new pyramid (left) against the published one (right); position 0..1. */
  consolePreview: boolean;
  setConsolePreview: (on: boolean) => void;
  consoleSplit: number;
  setConsoleSplit: (x: number) => void;
  /** Milliseconds between the server reading a change and the page showing it (last event). */
  consoleDelayMs: number | null;
  setConsoleDelayMs: (ms: number | null) => void;
}

export const createConsoleSlice: StateCreator<TwinState, [], [], ConsoleSlice> = (set) => ({
  consoleToken: '',
  setConsoleToken: (consoleToken) => set({ consoleToken }),
  consoleBatches: [],
  setConsoleBatches: (consoleBatches) => set({ consoleBatches }),
  upsertConsoleBatch: (batch) =>
    set((s) => {
      const k = s.consoleBatches.findIndex((b) => b.id === batch.id);
      if (k < 0) return { consoleBatches: [batch, ...s.consoleBatches] };
      const next = s.consoleBatches.slice();
      next[k] = batch;
      return { consoleBatches: next };
    }),
  consoleSelected: null,
  selectConsoleBatch: (consoleSelected) =>
    set({ consoleSelected, consoleDalles: {}, consoleDalle: null, consolePreview: false }),
  consoleDalles: {},
  setConsoleDalles: (batch, dalles, replace) =>
    set((s) => {
      if (s.consoleSelected !== batch) return {};
      const next: Record<number, BatchDalle> = replace ? {} : { ...s.consoleDalles };
      for (const d of dalles) next[d.index] = d;
      return { consoleDalles: next };
    }),
  consoleDalle: null,
  setConsoleDalle: (consoleDalle) => set({ consoleDalle }),
  consoleFlyTo: null,
  flyConsoleTo: (tile) => set((s) => ({ consoleFlyTo: { ...tile, seq: (s.consoleFlyTo?.seq ?? 0) + 1 } })),
  consolePreview: false,
  setConsolePreview: (consolePreview) => set({ consolePreview }),
  consoleSplit: 0.5,
  setConsoleSplit: (consoleSplit) => set({ consoleSplit: Math.min(1, Math.max(0, consoleSplit)) }),
  consoleDelayMs: null,
  setConsoleDelayMs: (consoleDelayMs) => set({ consoleDelayMs }),
});
