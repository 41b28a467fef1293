/**
 * Tiles and side-store entries as objects of an S3-compatible bucket (@aws-sdk/client-s3). A PUT
 * is atomic (an object is there whole or not at all), so no temporary object is needed; jobs are
 * idempotent, so a retried PUT is harmless. Throttling (503 SlowDown, 429) and transient errors are
 * retried by the SDK's standard retry mode: exponential backoff with full jitter (100 ms base, 20 s
 * cap), `maxAttempts` (10) tries, and a retry quota so a store that fails everything is not
 * hammered. Not the 'adaptive' mode: its client-side rate limiter fell to ~2 PUT/s per worker when
 * one PUT in five was throttled (measured against a throttling proxy), far below what the store
 * takes; backoff per request keeps the others flowing. A job whose PUT still fails is retried by
 * the queue (--attempts).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import type { TileAddress } from '../core';
import { DataError } from '../core';
import type { SideStore, TileTarget } from '../write';
import type { S3StorageSpec } from './spec';
import { NAME } from './spec';

type S3Module = typeof import('@aws-sdk/client-s3');

/** Options of the S3 client. */
export interface S3ClientOptions {
  /** Tries of each request, including the first (10). */
  maxAttempts: number;
}

export const S3_CLIENT_DEFAULTS: S3ClientOptions = { maxAttempts: 10 };

/** The SDK and a client for a spec (the SDK is loaded only when an s3:// output is used). */
export async function createS3Client(
  spec: S3StorageSpec,
  options: Partial<S3ClientOptions> = {},
): Promise<{ sdk: S3Module; client: S3Client }> {
  const sdk = await import('@aws-sdk/client-s3');
  const o = { ...S3_CLIENT_DEFAULTS, ...options };
  const client = new sdk.S3Client({
    region: spec.region ?? process.env.AWS_REGION ?? 'us-east-1',
    ...(spec.endpoint ? { endpoint: spec.endpoint, forcePathStyle: true } : {}),
    maxAttempts: o.maxAttempts,
    retryMode: 'standard',
  });
  return { sdk, client };
}

function keyOf(prefix: string, name: string): string {
  return prefix ? `${prefix}/${name}` : name;
}

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata?.httpStatusCode === 404;
}

const MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  json: 'application/json',
  xml: 'application/xml',
};

/** `{prefix}/{z}/{x}/{y}.{ext}` objects. */
export class S3TileTarget implements TileTarget {
  constructor(
    private readonly sdk: S3Module,
    readonly client: S3Client,
    readonly spec: S3StorageSpec,
    readonly extension: string,
  ) {}

  tileKey(tile: TileAddress): string {
    return keyOf(this.spec.prefix, `${tile.z}/${tile.x}/${tile.y}.${this.extension}`);
  }

  private async put(key: string, bytes: Uint8Array | string, ext: string): Promise<void> {
    try {
      await this.client.send(
        new this.sdk.PutObjectCommand({
          Bucket: this.spec.bucket,
          Key: key,
          Body: bytes,
          ContentType: MIME[ext] ?? 'application/octet-stream',
        }),
      );
    } catch (e) {
      throw new Error(`${NAME}: PUT s3://${this.spec.bucket}/${key} failed: ${(e as Error).message}`);
    }
  }

  async putTile(tile: TileAddress, bytes: Uint8Array): Promise<void> {
    await this.put(this.tileKey(tile), bytes, this.extension);
  }

  async getTile(tile: TileAddress): Promise<Uint8Array | null> {
    return getObject(this.sdk, this.client, this.spec.bucket, this.tileKey(tile));
  }

  async putFile(name: string, bytes: Uint8Array | string): Promise<void> {
    await this.put(keyOf(this.spec.prefix, name), bytes, name.split('.').pop() ?? '');
  }
}

async function getObject(
  sdk: S3Module,
  client: S3Client,
  bucket: string,
  key: string,
): Promise<Uint8Array | null> {
  try {
    const r = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!r.Body) return new Uint8Array(0);
    return await r.Body.transformToByteArray();
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

/** Side store in `{prefix}/.tiling/side/z-x-y.rgba` objects (deflated RGBA, like `FsSideStore`). */
export class S3SideStore implements SideStore {
  private readonly tileBytes: number;
  constructor(
    private readonly sdk: S3Module,
    readonly client: S3Client,
    readonly spec: S3StorageSpec,
    tileSize = 256,
  ) {
    this.tileBytes = tileSize * tileSize * 4;
  }

  private key(tile: TileAddress): string {
    return keyOf(this.spec.prefix, `.tiling/side/${tile.z}-${tile.x}-${tile.y}.rgba`);
  }

  async put(tile: TileAddress, rgba: Uint8Array | null): Promise<void> {
    const body = rgba === null ? new Uint8Array(0) : deflateRawSync(rgba, { level: 1 });
    await this.client.send(
      new this.sdk.PutObjectCommand({ Bucket: this.spec.bucket, Key: this.key(tile), Body: body }),
    );
  }

  async get(tile: TileAddress): Promise<Uint8Array | null> {
    const bytes = await getObject(this.sdk, this.client, this.spec.bucket, this.key(tile));
    const where = `s3://${this.spec.bucket}/${this.key(tile)}`;
    if (bytes === null) {
      throw new DataError(
        `${NAME}: the pixels of tile ${tile.z}/${tile.x}/${tile.y} are missing (${where}); the job that makes them must run again.`,
      );
    }
    if (bytes.length === 0) return null;
    const raw = inflateRawSync(bytes);
    if (raw.length !== this.tileBytes)
      throw new DataError(`${NAME}: side store entry ${where} is damaged (${raw.length} bytes).`);
    return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  }

  async delete(tiles: readonly TileAddress[]): Promise<void> {
    for (let i = 0; i < tiles.length; i += 1000) {
      const chunk = tiles.slice(i, i + 1000);
      if (chunk.length === 0) continue;
      await this.client.send(
        new this.sdk.DeleteObjectsCommand({
          Bucket: this.spec.bucket,
          Delete: { Objects: chunk.map((t) => ({ Key: this.key(t) })), Quiet: true },
        }),
      );
    }
  }

  /** Removes every side entry left (after a complete batch). */
  async clear(): Promise<void> {
    const prefix = keyOf(this.spec.prefix, '.tiling/side/');
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new this.sdk.ListObjectsV2Command({
          Bucket: this.spec.bucket,
          Prefix: prefix,
          ContinuationToken: token,
        }),
      );
      const keys = (page.Contents ?? []).map((c) => c.Key).filter((k): k is string => typeof k === 'string');
      if (keys.length > 0) {
        await this.client.send(
          new this.sdk.DeleteObjectsCommand({
            Bucket: this.spec.bucket,
            Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
          }),
        );
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}
