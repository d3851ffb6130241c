import { randomUUID } from "node:crypto";
import { createWriteStream, type BigIntStats } from "node:fs";
import * as fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  assertValidKey,
  assertValidPrefix,
  meter,
  NotFoundError,
  resolveRange,
  type ByteRange,
  type GetResult,
  type HeadResult,
  type ListEntry,
  type MediaStorage,
  type PutOptions,
  type PutResult,
} from "./storage";

/** Default when put is given none, so both drivers always report a content type. */
const DEFAULT_CONTENT_TYPE = "application/octet-stream";

/**
 * Objects live at `<dir>/<key>`. Keys never have dot-segments, so the driver's own
 * files can sit beside them: uploads in progress in `<dir>/.tmp/`, content types in
 * `<dir>/.meta/<key>.json`.
 *
 * A key cannot be both an object and a "directory" of other keys (`a` and `a/b`),
 * unlike in S3.
 */
export class LocalStorage implements MediaStorage {
  readonly root: string;
  private readonly tmpDir: string;
  private readonly metaDir: string;

  constructor(dir: string) {
    this.root = path.resolve(dir);
    this.tmpDir = path.join(this.root, ".tmp");
    this.metaDir = path.join(this.root, ".meta");
  }

  async put(key: string, body: Readable | Buffer, opts: PutOptions = {}): Promise<PutResult> {
    const file = this.fileOf(key);
    await fs.mkdir(this.tmpDir, { recursive: true });
    // Same file system as the target, so the final rename is atomic.
    const tmp = path.join(this.tmpDir, randomUUID());
    const tmpMeta = `${tmp}.json`;
    try {
      const { chunks } = meter(key, body, opts.contentLength);
      await pipeline(chunks, createWriteStream(tmp, { flags: "wx", flush: true }));
      const stat = await fs.stat(tmp, { bigint: true });

      // The sidecar names the inode it describes: a sidecar left by an earlier or
      // half-finished put no longer matches the file at the key and is ignored.
      const meta: Meta = {
        ino: stat.ino.toString(),
        contentType: opts.contentType ?? DEFAULT_CONTENT_TYPE,
      };
      await fs.writeFile(tmpMeta, JSON.stringify(meta), { flag: "wx" });
      const metaFile = this.metaFileOf(key);
      await fs.mkdir(path.dirname(metaFile), { recursive: true });
      await fs.rename(tmpMeta, metaFile);

      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.rename(tmp, file);
      return { key, size: Number(stat.size), etag: etagOf(stat) };
    } catch (err) {
      await Promise.all([fs.rm(tmp, { force: true }), fs.rm(tmpMeta, { force: true })]);
      if (!Buffer.isBuffer(body)) body.destroy();
      throw err;
    }
  }

  async get(key: string, range?: ByteRange): Promise<GetResult> {
    const file = this.fileOf(key);
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, "r");
    } catch (err) {
      if (isMissing(err)) throw new NotFoundError(key, { cause: err });
      throw err;
    }
    // Stat and read through the same handle, so a concurrent put (a rename over the
    // key) cannot mix one version's size with another version's bytes.
    try {
      const stat = await handle.stat({ bigint: true });
      if (!stat.isFile()) throw new NotFoundError(key);
      const size = Number(stat.size);
      const span = range ? resolveRange(key, range, size) : undefined;
      const meta = await this.readMeta(key, stat);
      const body = handle.createReadStream({ start: span?.start ?? 0, end: span?.end });
      return {
        body,
        size,
        contentLength: span ? span.end - span.start + 1 : size,
        contentType: meta?.contentType,
        etag: etagOf(stat),
        range: span,
      };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  async head(key: string): Promise<HeadResult | null> {
    const file = this.fileOf(key);
    let stat: BigIntStats;
    try {
      stat = await fs.stat(file, { bigint: true });
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
    if (!stat.isFile()) return null;
    const meta = await this.readMeta(key, stat);
    return {
      size: Number(stat.size),
      contentType: meta?.contentType,
      etag: etagOf(stat),
      lastModified: stat.mtime,
    };
  }

  async delete(key: string): Promise<void> {
    const file = this.fileOf(key);
    for (const target of [file, this.metaFileOf(key)]) {
      try {
        await fs.unlink(target);
      } catch (err) {
        // EISDIR: the key names a "directory" of other keys, not an object.
        if (!isMissing(err) && (err as NodeJS.ErrnoException).code !== "EISDIR") throw err;
      }
    }
  }

  async *list(prefix: string): AsyncIterable<ListEntry> {
    assertValidPrefix(prefix);
    // Start at the deepest directory the prefix fully names.
    const baseKey = prefix.slice(0, prefix.lastIndexOf("/") + 1);
    yield* this.walk(baseKey, prefix);
  }

  /** Depth-first, in the same byte order of keys as S3's ListObjectsV2. */
  private async *walk(dirKey: string, prefix: string): AsyncGenerator<ListEntry> {
    let entries;
    try {
      entries = await fs.readdir(path.join(this.root, dirKey), { withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    const children = entries
      .filter((e) => !e.name.startsWith(".") && (e.isFile() || e.isDirectory()))
      .map((e) => ({ key: dirKey + e.name + (e.isDirectory() ? "/" : ""), dir: e.isDirectory() }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

    for (const child of children) {
      if (child.dir) {
        if (child.key.startsWith(prefix) || prefix.startsWith(child.key)) {
          yield* this.walk(child.key, prefix);
        }
      } else if (child.key.startsWith(prefix)) {
        try {
          const stat = await fs.stat(path.join(this.root, child.key));
          yield { key: child.key, size: stat.size };
        } catch (err) {
          if (!isMissing(err)) throw err; // deleted while listing
        }
      }
    }
  }

  /** The file of an object, for tools that read files (ffprobe, ffmpeg). */
  pathOf(key: string): string {
    return this.fileOf(key);
  }

  private fileOf(key: string): string {
    assertValidKey(key);
    return path.join(this.root, ...key.split("/"));
  }

  private metaFileOf(key: string): string {
    return path.join(this.metaDir, ...key.split("/")) + ".json";
  }

  private async readMeta(key: string, stat: BigIntStats): Promise<Meta | undefined> {
    try {
      const meta = JSON.parse(await fs.readFile(this.metaFileOf(key), "utf8")) as Meta;
      return meta.ino === stat.ino.toString() ? meta : undefined;
    } catch (err) {
      if (isMissing(err) || err instanceof SyntaxError) return undefined;
      throw err;
    }
  }
}

interface Meta {
  ino: string;
  contentType?: string;
}

function etagOf(stat: BigIntStats): string {
  return `"${[stat.ino, stat.size, stat.mtimeNs].map((n) => n.toString(36)).join("-")}"`;
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
