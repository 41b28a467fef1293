/**
 * Where a pyramid goes, as JSON a worker on another machine can open: a folder (local or shared
 * file system) or an S3-compatible bucket (`--out s3://bucket/prefix`, `--s3-endpoint`).
 */
import { resolve } from 'node:path';
import { DataError } from '../core';

export const NAME = 'tiling/storage';

/** A folder on a file system every worker mounts at the same path. */
export interface FsStorageSpec {
  kind: 'fs';
  dir: string;
}

/** A bucket and key prefix on S3 or an S3-compatible server; credentials come from AWS_* env. */
export interface S3StorageSpec {
  kind: 's3';
  bucket: string;
  /** Key prefix without a trailing "/" ("" for the bucket's root). */
  prefix: string;
  /** e.g. http://minio:9000; unset: AWS S3 itself. */
  endpoint?: string;
  /** AWS_REGION, else us-east-1. */
  region?: string;
}

export type StorageSpec = FsStorageSpec | S3StorageSpec;

/** True for s3:// outputs. */
export function isS3Url(out: string): boolean {
  return /^s3:\/\//i.test(out);
}

/**
 * The storage of an `--out` value.
 * @throws DataError on an s3:// URL without a bucket.
 */
export function storageSpecOf(out: string, o: { s3Endpoint?: string } = {}): StorageSpec {
  if (!isS3Url(out)) return { kind: 'fs', dir: resolve(out) };
  const rest = out.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = slash < 0 ? '' : rest.slice(slash + 1).replace(/\/+$/, '');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new DataError(
      `${NAME}: --out "${out}": "${bucket}" is not a bucket name (3-63 lowercase letters, digits, "." or "-"); expected s3://bucket/prefix.`,
    );
  }
  const spec: S3StorageSpec = { kind: 's3', bucket, prefix };
  if (o.s3Endpoint) {
    if (!/^https?:\/\/[^\s/]+/.test(o.s3Endpoint))
      throw new DataError(
        `${NAME}: --s3-endpoint "${o.s3Endpoint}" is not an http(s) URL (e.g. http://127.0.0.1:9000).`,
      );
    spec.endpoint = o.s3Endpoint;
  }
  if (process.env.AWS_REGION) spec.region = process.env.AWS_REGION;
  return spec;
}

/** "s3://bucket/prefix" or the folder, for messages. */
export function storageLabel(spec: StorageSpec): string {
  return spec.kind === 'fs' ? spec.dir : `s3://${spec.bucket}/${spec.prefix}`;
}
