/** `writeReport`: a stage's JSON report as `<out>/report.json`, written atomically (any product). */
import { join } from 'node:path';
import { STATE_DIR, writeFileAtomic } from './tile-target';

/** Writes `report` (2-space JSON, one final newline) to `<outDir>/report.json`. */
export async function writeReport(outDir: string, report: unknown): Promise<void> {
  await writeFileAtomic(
    join(outDir, 'report.json'),
    `${JSON.stringify(report, null, 2)}\n`,
    join(outDir, STATE_DIR, 'tmp'),
  );
}
