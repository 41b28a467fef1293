/**
 * Worker thread adapter around `renderDalle`: receives the painter inputs of both vintages once
 * (workerData), then dalle jobs; answers each with the GeoTIFF bytes (transferred, not copied).
 * This file and write-sample.ts are the only ones of tiling/sample that import node:* — the sample
 * generator is kept self-contained in this folder (it is a tool, not a pipeline stage), with its
 * I/O in these two files and everything else pure.
 */
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { DallePainter, type PaintInput } from './paint';
import { type DalleJob, renderDalle } from './render-dalle';

/** Messages from the worker. */
export type WorkerReply = { id: number; bytes: Uint8Array } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('sample/paint-worker: must run in a worker thread');
// One libvips thread per worker: the workers themselves provide the parallelism.
sharp.concurrency(1);
const inputs = (workerData as { inputs: PaintInput[] }).inputs;
let painter: DallePainter | null = null;
let current = -1;

port.on('message', (job: DalleJob) => {
  (async () => {
    if (current !== job.vintage) {
      const input = inputs[job.vintage];
      if (!input) throw new Error(`sample/paint-worker: no input for vintage ${job.vintage}`);
      painter = new DallePainter(input, undefined, painter ?? undefined);
      current = job.vintage;
    }
    if (!painter) throw new Error('sample/paint-worker: no painter');
    const bytes = await renderDalle(painter, job);
    const reply: WorkerReply = { id: job.id, bytes };
    port.postMessage(reply, [bytes.buffer as ArrayBuffer]);
  })().catch((e: unknown) => {
    const reply: WorkerReply = { id: job.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    port.postMessage(reply);
  });
});
