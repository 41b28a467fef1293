import { writeE2eTwin } from './fixtures';

/** Builds the test twin before any test runs (the preview server reads it lazily). */
export default async function globalSetup(): Promise<void> {
  const tiles = await writeE2eTwin();
  console.log(`e2e twin: ${tiles} synthetic tiles and 2 catalogs written`);
}
