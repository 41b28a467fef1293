// Worker bootstrap: registers tsx when the worker code is TypeScript (running from sources), then
// loads the adapter. Plain JS because a worker's entry file is loaded before any --import hook
// applies to it (verified on Node 20: execArgv ['--import', 'tsx'] alone fails with
// ERR_UNKNOWN_FILE_EXTENSION on the .ts entry).
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  let api;
  try {
    api = await import('tsx/esm/api');
  } catch {
    throw new Error(
      'tiling/queue: running TypeScript sources in worker threads needs the "tsx" package (npm i -E tsx).',
    );
  }
  api.register();
}
await import(workerData.entry);
