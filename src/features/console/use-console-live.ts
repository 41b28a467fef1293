/**
 * Keeps the console's store live: the batch list once, then every change the server pushes
 * (server-sent events, no polling), the selected batch's dalles (all once, then those each event
 * names), and the delay between the server reading a change and the page showing it.
 */
import { useEffect, useState } from 'react';
import { batchDalles, followConsole, listBatches } from '../../api/console-client';
import { useTwinStore } from '../../stores';

/** Starts following; returns whether the event stream is connected. */
export function useConsoleLive(): boolean {
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const abort = new AbortController();
    const store = useTwinStore.getState;
    listBatches(abort.signal)
      .then((b) => {
        store().setConsoleBatches(b);
        if (store().consoleSelected === null && b[0]) store().selectConsoleBatch(b[0].id);
      })
      .catch(() => {});
    const stop = followConsole({
      open: () => setConnected(true),
      error: () => setConnected(false),
      batch: (e) => {
        const s = store();
        s.upsertConsoleBatch(e.batch);
        if (s.consoleSelected === null) s.selectConsoleBatch(e.batch.id);
        if (store().consoleSelected === e.batch.id && e.dalles.length > 0)
          store().setConsoleDalles(e.batch.id, e.dalles, false);
        s.setConsoleDelayMs(Math.max(0, Date.now() - e.at));
        // The open dalle's jobs changed too: its card reloads them.
      },
    });
    return () => {
      abort.abort();
      stop();
    };
  }, []);
  const selected = useTwinStore((s) => s.consoleSelected);
  const registered = useTwinStore(
    (s) => (s.consoleBatches.find((b) => b.id === s.consoleSelected)?.status.dalles?.total ?? 0) > 0,
  );
  useEffect(() => {
    if (!selected || !registered) return;
    const abort = new AbortController();
    batchDalles(selected, abort.signal)
      .then((d) => useTwinStore.getState().setConsoleDalles(selected, d, true))
      .catch(() => {});
    return () => abort.abort();
  }, [selected, registered]);
  return connected;
}
