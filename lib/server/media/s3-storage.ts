// The media store in S3-compatible object storage (AWS S3, MinIO, Ceph RGW, Cloudflare R2), through the AWS SDK v3:
// `<prefix>/<projectId>/<file>` in one bucket. An import's files are uploaded before its rows commit, to a staging
// area of the batch's own (`<prefix>/.incoming/<batchId>/`), and copied to their keys inside the store once the rows
// have committed: the transfer that can fail happens while failing still leaves no row, and nothing is ever written to
// an item's key before its row exists (which the sweep of unreferenced files relies on, sweep.ts).
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import type { ListObjectsV2CommandInput, S3Client, _Object } from "@aws-sdk/client-s3";
import type { Env } from "../db/config";
import { checkedKey, contentHashOf, MediaMissing, SET_ASIDE, type ByteRange, type CommittedBatch, type ListedFile, type MediaStorage, type OpenedFile, type S3Location } from "./storage";

/** Files of one import uploaded at a time. */
const UPLOADS_AT_ONCE = 4;
/** The largest object CopyObject copies (settling copies each staged file to its key). */
const MAX_COPY_BYTES = 5 * 1024 ** 3;
/** Where the store keeps the imports' staged files, under its prefix. */
const STAGING = ".incoming";

export interface S3Settings extends S3Location {
  endpoint: string | null;
  region: string;
  forcePathStyle: boolean;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | null;
}

/** Whether the SDK said the object (or bucket) is not there. */
export const isNotFound = (error: unknown) => {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === "NotFound" || name === "NoSuchKey" || $metadata?.httpStatusCode === 404;
};

/**
 * Runs `work` on every item, at most `limit` at once. After a failure no more are started, and the first failure is
 * thrown once the ones under way have ended.
 */
async function eachAtMost<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let stopped = false;
  const outcomes = await Promise.allSettled(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (!stopped && next < items.length) {
        await work(items[next++]!).catch((error: unknown) => {
          stopped = true;
          throw error;
        });
      }
    }),
  );
  const failed = outcomes.find((outcome) => outcome.status === "rejected");
  if (failed) throw failed.reason;
}

/** The AWS SDK's parts this driver uses. */
type Sdk = typeof import("@aws-sdk/client-s3") & Pick<typeof import("@aws-sdk/lib-storage"), "Upload">;

/**
 * The S3 store of these settings. The SDK is loaded only here: it takes about half a second and 20 MB, which the
 * processes of a local store (each export's among them) need not pay.
 */
export async function openS3Storage(settings: S3Settings): Promise<S3Storage> {
  const [sdk, { Upload }] = await Promise.all([import("@aws-sdk/client-s3"), import("@aws-sdk/lib-storage")]);
  return new S3Storage(settings, { ...sdk, Upload });
}

export class S3Storage implements MediaStorage {
  readonly client: S3Client;
  readonly location: string;
  private readonly bucket: string;
  private readonly prefix: string;

  /**
   * The SDK's own variables, read here so that the store is described by its settings: AWS_ENDPOINT_URL_S3 or
   * AWS_ENDPOINT_URL (unset: AWS itself), AWS_REGION (or AWS_DEFAULT_REGION; us-east-1), AWS_ACCESS_KEY_ID and
   * AWS_SECRET_ACCESS_KEY (unset: the SDK's other sources, such as an instance role). Path-style addressing
   * (`endpoint/bucket/key`) is what MinIO and Ceph RGW need: CONCORD_S3_FORCE_PATH_STYLE=1 or 0, by default on exactly
   * when an endpoint is given.
   */
  static settings(location: S3Location, env: Env): S3Settings {
    const endpoint = env.AWS_ENDPOINT_URL_S3?.trim() || env.AWS_ENDPOINT_URL?.trim() || null;
    const pathStyle = env.CONCORD_S3_FORCE_PATH_STYLE?.trim();
    if (pathStyle && !["0", "1", "true", "false"].includes(pathStyle)) throw new Error(`CONCORD_S3_FORCE_PATH_STYLE must be 1 or 0; got "${pathStyle}"`);
    const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
    return {
      ...location,
      endpoint,
      region: env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || "us-east-1",
      forcePathStyle: pathStyle ? pathStyle === "1" || pathStyle === "true" : endpoint !== null,
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } : null,
    };
  }

  constructor(
    { bucket, prefix, endpoint, region, forcePathStyle, credentials }: S3Settings,
    private readonly sdk: Sdk,
  ) {
    this.bucket = bucket;
    this.prefix = prefix;
    this.location = `s3://${bucket}/${prefix}`;
    this.client = new sdk.S3Client({
      region,
      forcePathStyle,
      ...(endpoint ? { endpoint } : {}),
      ...(credentials ? { credentials } : {}),
      // Checksums only where S3 requires them: the SDK's default sends uploads of unknown length as aws-chunked
      // bodies with a trailing checksum, which several S3-compatible stores do not read.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      // Each media response being read holds a connection: the SDK's default of 50 would queue the 51st.
      requestHandler: { httpAgent: { keepAlive: true, maxSockets: 256 }, httpsAgent: { keepAlive: true, maxSockets: 256 } },
    });
  }

  /** The object key of a store key. */
  private objectKey(key: string): string {
    return this.prefix ? `${this.prefix}/${checkedKey(key)}` : checkedKey(key);
  }

  /** The store key of an object key. */
  private storeKey(objectKey: string): string {
    return this.prefix ? objectKey.slice(this.prefix.length + 1) : objectKey;
  }

  private stagingKey(batchId: string, name = ""): string {
    return `${STAGING}/${batchId}/${name}`;
  }

  async check(): Promise<void> {
    await this.client.send(new this.sdk.HeadBucketCommand({ Bucket: this.bucket }));
  }

  async open(key: string, pick?: (size: number) => ByteRange | null): Promise<OpenedFile> {
    const size = await this.size(key);
    if (size === null) throw new MediaMissing(key, this.location);
    const range = pick?.(size) ?? null;
    if (size === 0) return { size, range, body: null };
    const response = await this.client
      .send(new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }))
      .catch((error: unknown) => {
        throw isNotFound(error) ? new MediaMissing(key, this.location) : error;
      });
    return { size, range, body: response.Body as Readable };
  }

  async size(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new this.sdk.HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** Streams a local file up (in parts above 5 MB); an upload that fails is aborted, leaving no object. */
  async put(key: string, file: string): Promise<void> {
    await new this.sdk.Upload({ client: this.client, params: { Bucket: this.bucket, Key: this.objectKey(key), Body: createReadStream(file) } }).done();
  }

  private async copy(from: string, to: string): Promise<void> {
    const source = `${this.bucket}/${this.objectKey(from)}`.split("/").map(encodeURIComponent).join("/");
    await this.client.send(new this.sdk.CopyObjectCommand({ Bucket: this.bucket, Key: this.objectKey(to), CopySource: source }));
  }

  /** Every object under a store key prefix. */
  private async *objects(keyPrefix: string, input: Partial<ListObjectsV2CommandInput> = {}): AsyncIterable<_Object> {
    for await (const page of this.sdk.paginateListObjectsV2({ client: this.client }, { Bucket: this.bucket, Prefix: this.objectKey(keyPrefix.replace(/\/$/, "")) + "/", ...input })) {
      yield* page.Contents ?? [];
    }
  }

  /** Uploads the batch's staged files to its staging area in the store; after a failure, removes what it uploaded. */
  async stage(batchId: string, _projectId: string, dir: string): Promise<void> {
    const names = await readdir(dir);
    for (const name of names) {
      const { size } = await stat(path.join(dir, name));
      if (size > MAX_COPY_BYTES) throw new Error(`${name} has ${size} bytes, more than the 5 GB S3 copies in one request (CONCORD_MAX_UPLOAD_BYTES should stay below it)`);
    }
    try {
      await eachAtMost(names, UPLOADS_AT_ONCE, (name) => this.put(this.stagingKey(batchId, name), path.join(dir, name)));
    } catch (error) {
      await this.settle(batchId, null);
      throw error;
    }
  }

  async settle(batchId: string, committed: CommittedBatch | null): Promise<void> {
    const staged: string[] = [];
    for await (const object of this.objects(this.stagingKey(batchId))) staged.push(this.storeKey(object.Key!));
    if (committed) {
      await eachAtMost(staged, UPLOADS_AT_ONCE, async (key) => {
        const name = path.posix.basename(key);
        if (!committed.hashes.has(contentHashOf(name))) return;
        // Another settler (the sweep, or this import after a failure) may have moved it already.
        await this.copy(key, `${committed.projectId}/${name}`).catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        });
      });
    }
    await eachAtMost(staged, UPLOADS_AT_ONCE, (key) => this.remove(key));
  }

  async *stagedBatches(): AsyncIterable<{ batchId: string; modifiedMs: number }> {
    const batches = new Map<string, number>();
    for await (const object of this.objects(STAGING)) {
      const batchId = this.storeKey(object.Key!).split("/")[1]!;
      batches.set(batchId, Math.max(batches.get(batchId) ?? 0, object.LastModified?.getTime() ?? 0));
    }
    for (const [batchId, modifiedMs] of batches) yield { batchId, modifiedMs };
  }

  async *projects(): AsyncIterable<string> {
    const input = { Bucket: this.bucket, Delimiter: "/", ...(this.prefix ? { Prefix: `${this.prefix}/` } : {}) };
    for await (const page of this.sdk.paginateListObjectsV2({ client: this.client }, input)) {
      for (const { Prefix } of page.CommonPrefixes ?? []) {
        const name = this.storeKey(Prefix!).replace(/\/$/, "");
        if (!name.startsWith(".")) yield name;
      }
    }
  }

  async *files(projectId: string): AsyncIterable<ListedFile> {
    for await (const object of this.objects(projectId, { Delimiter: "/" })) {
      const modifiedMs = object.LastModified?.getTime() ?? null;
      yield { name: path.posix.basename(object.Key!), modifiedMs: async () => modifiedMs };
    }
  }

  async setAside(key: string): Promise<string> {
    const aside = `${key}.swept-${randomUUID()}`;
    await this.copy(key, aside);
    await this.remove(key);
    return aside;
  }

  /** Copied back whatever an import put there meanwhile: the same key holds the same content. */
  async restore(aside: string): Promise<void> {
    await this.copy(aside, aside.replace(SET_ASIDE, "$1"));
    await this.remove(aside);
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new this.sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  async removeIfEmpty(): Promise<void> {}
}
