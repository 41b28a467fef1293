/**
 * Output stores of a pyramid, opened from a JSON `StorageSpec` (so a worker on another machine
 * opens the same one): a folder (`FsTileTarget` + `FsSideStore`) or an S3-compatible bucket.
 */
import type { SideStore, TileTarget } from '../write';
import { FsSideStore, FsTileTarget } from '../write';
import type { StorageSpec } from './spec';

export * from './spec';

/** A pyramid's tile target and side store; `clear` removes the side store after a complete run. */
export interface OpenStorage {
  target: TileTarget;
  side: SideStore & { clear(): Promise<void> };
  close(): void;
}

/** Opens the stores of a spec; `extension` is the tiles' (jpg, png, webp). */
export async function openStorage(spec: StorageSpec, extension: string): Promise<OpenStorage> {
  if (spec.kind === 'fs') {
    return {
      target: new FsTileTarget(spec.dir, { extension }),
      side: new FsSideStore(spec.dir),
      close() {},
    };
  }
  const { createS3Client, S3SideStore, S3TileTarget } = await import('./s3');
  const { sdk, client } = await createS3Client(spec);
  return {
    target: new S3TileTarget(sdk, client, spec, extension),
    side: new S3SideStore(sdk, client, spec),
    close: () => client.destroy(),
  };
}
