import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Readable } from "node:stream";
import {
  assertValidKey,
  assertValidPrefix,
  assertWellFormedRange,
  ContentLengthMismatchError,
  meter,
  NotFoundError,
  RangeNotSatisfiableError,
  type ByteRange,
  type GetResult,
  type HeadResult,
  type ListEntry,
  type MediaStorage,
  type PutOptions,
  type PutResult,
  type StorageConfig,
} from "./storage";

export type S3StorageConfig = Extract<StorageConfig, { driver: "s3" }>;

const DEFAULT_CONTENT_TYPE = "application/octet-stream";

// A streamed upload holds at most about (QUEUE_SIZE + 1) * PART_SIZE in memory.
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

export interface PresignOptions {
  /** seconds the URL stays valid (default 300) */
  expiresIn?: number;
  contentType?: string;
  /** a whole Content-Disposition header value, e.g. attachment; filename="film.mp4" */
  disposition?: string;
  /** the origin the URL is for, when browsers reach S3 at another address than the app does */
  publicOrigin?: string;
}

export class S3Storage implements MediaStorage {
  readonly client: S3Client;
  readonly bucket: string;
  private readonly config: S3StorageConfig;
  private readonly signers = new Map<string, S3Client>();

  constructor(config: S3StorageConfig) {
    this.bucket = config.bucket;
    this.config = config;
    this.client = this.makeClient(config.endpoint);
  }

  /** A short-lived GET URL of an object (for ffprobe, and for playback redirects). */
  async presign(key: string, opts: PresignOptions = {}): Promise<string> {
    assertValidKey(key);
    const origin = opts.publicOrigin ?? this.config.endpoint ?? "";
    let client = origin === (this.config.endpoint ?? "") ? this.client : this.signers.get(origin);
    if (!client) this.signers.set(origin, (client = this.makeClient(origin)));
    const command = new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentType: opts.contentType, ResponseContentDisposition: opts.disposition });
    return getSignedUrl(client, command, { expiresIn: opts.expiresIn ?? 300 });
  }

  private makeClient(endpoint: string | undefined) {
    const config = this.config;
    return new S3Client({
      region: config.region,
      endpoint,
      credentials: {
        accessKeyId: config.accessKeyId,
        secretAccessKey: config.secretAccessKey,
      },
      // S3-compatible servers (Ceph RGW here) need path-style URLs, and a streamed
      // PutObject fails with the SDK's default flexible checksums.
      forcePathStyle: true,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      requestHandler: { connectionTimeout: 10_000 },
    });
  }

  async put(key: string, body: Readable | Buffer, opts: PutOptions = {}): Promise<PutResult> {
    assertValidKey(key);
    const expected = opts.contentLength;
    if (Buffer.isBuffer(body) && expected !== undefined && body.length !== expected) {
      throw new ContentLengthMismatchError(key, expected, body.length);
    }
    // A stream is metered on its way through, which also fails the upload before
    // it completes if the length is wrong.
    const metered = Buffer.isBuffer(body) ? undefined : meter(key, body, expected);
    const source = metered ? Readable.from(metered.chunks, { objectMode: false }) : body;

    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: source,
        ContentType: opts.contentType ?? DEFAULT_CONTENT_TYPE,
      },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    let etag: string | undefined;
    try {
      etag = (await upload.done()).ETag;
    } catch (err) {
      if (source instanceof Readable) source.destroy();
      throw err;
    }
    const size = metered ? metered.bytes() : (body as Buffer).length;
    if (!etag) {
      // Ceph RGW (Pacific) sends an empty ETag in CompleteMultipartUploadResult.
      const head = await this.head(key);
      if (head?.size === size) etag = head.etag;
    }
    return { key, size, etag };
  }

  async get(key: string, range?: ByteRange): Promise<GetResult> {
    assertValidKey(key);
    if (range) assertWellFormedRange(key, range);
    let out;
    try {
      out = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: range ? `bytes=${range.start}-${range.end ?? ""}` : undefined,
        }),
      );
    } catch (err) {
      if (isStatus(err, 416, "InvalidRange")) {
        const size = (await this.head(key))?.size;
        throw new RangeNotSatisfiableError(key, range!, size, { cause: err });
      }
      if (isNotFound(err)) throw new NotFoundError(key, { cause: err });
      throw err;
    }

    const body = out.Body;
    if (!(body instanceof Readable)) throw new Error(`S3 GetObject ${key}: body is not a Node stream`);
    const contentLength = out.ContentLength ?? 0;
    const contentRange = out.ContentRange ? parseContentRange(out.ContentRange) : undefined;
    const size = contentRange?.size ?? contentLength;
    if (range && size === 0) {
      // An empty object has no byte to satisfy any range (as in the local driver).
      body.destroy();
      throw new RangeNotSatisfiableError(key, range, 0);
    }
    return {
      body,
      size,
      contentLength,
      contentType: out.ContentType,
      etag: out.ETag,
      // A server may answer a range covering the whole object with a plain 200.
      range: range ? (contentRange?.range ?? { start: 0, end: size - 1 }) : undefined,
    };
  }

  async head(key: string): Promise<HeadResult | null> {
    assertValidKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        size: out.ContentLength ?? 0,
        contentType: out.ContentType,
        etag: out.ETag,
        lastModified: out.LastModified,
      };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  async *list(prefix: string): AsyncIterable<ListEntry> {
    assertValidPrefix(prefix);
    const pages = paginateListObjectsV2(
      { client: this.client, pageSize: 1000 },
      { Bucket: this.bucket, Prefix: prefix },
    );
    for await (const page of pages) {
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) yield { key: object.Key, size: object.Size ?? 0 };
      }
    }
  }
}

function isStatus(err: unknown, status: number, ...names: string[]): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.$metadata?.httpStatusCode === status || names.includes(e?.name ?? "");
}

/** A missing object; a missing bucket is a configuration error and is not mapped. */
function isNotFound(err: unknown): boolean {
  const name = (err as { name?: string } | undefined)?.name;
  return name !== "NoSuchBucket" && isStatus(err, 404, "NoSuchKey", "NotFound");
}

/** `bytes 0-99/1000` */
function parseContentRange(
  header: string,
): { range: { start: number; end: number }; size: number } | undefined {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header.trim());
  if (!m) return undefined;
  return { range: { start: Number(m[1]), end: Number(m[2]) }, size: Number(m[3]) };
}
