import { writeE2eTwin } from './fixtures';
import { writeE2e3dTiles } from './fixtures-3d';

/** Builds the test twin before any test runs (the preview server reads it lazily). */
export default async function globalSetup(): Promise<void> {
  const tiles = await writeE2eTwin();
  console.log(`e2e twin: ${tiles} synthetic tiles and 2 catalogs written`);
  console.log(`e2e twin: ${(await writeE2e3dTiles()).tiles} 3D tiles (folder and .3tz)`);
}
