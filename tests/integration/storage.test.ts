import { CreateBucketCommand, HeadBucketCommand } from "@aws-sdk/client-s3";
import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import {
  ContentLengthMismatchError,
  createStorage,
  InvalidKeyError,
  NotFoundError,
  RangeNotSatisfiableError,
  StorageError,
  type MediaStorage,
  type StorageConfig,
} from "#media/storage";
import { S3Storage } from "#media/s3-driver";
import {
  failingStream,
  MB,
  measureRss,
  randomStream,
  readAll,
  sha256Of,
} from "./helpers/streams";

/** Everything a test writes goes under `prefix`, so runs never see each other's keys. */
interface Fixture {
  storage: MediaStorage;
  prefix: string;
}

const BIG = 200 * MB;
const MAX_RSS_GROWTH_MB = 100;

async function collect(storage: MediaStorage, prefix: string) {
  const out: { key: string; size: number }[] = [];
  for await (const entry of storage.list(prefix)) out.push(entry);
  return out;
}

async function deleteAll(storage: MediaStorage, prefix: string) {
  const keys = (await collect(storage, prefix)).map((e) => e.key);
  await inBatches(keys, 32, (key) => storage.delete(key));
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/** The same tests for every driver. */
function storageContract(driver: string, open: () => Promise<Fixture>) {
  let storage: MediaStorage;
  let p: string;

  beforeAll(async () => {
    ({ storage, prefix: p } = await open());
  });

  it("round-trips bytes and content type", async () => {
    const key = `${p}docs/hello.txt`;
    const put = await storage.put(key, Buffer.from("hello, värld"), {
      contentType: "text/plain; charset=utf-8",
    });
    expect(put).toMatchObject({ key, size: 13 });
    expect(put.etag).toBeTruthy();

    const got = await storage.get(key);
    expect((await readAll(got.body)).toString()).toBe("hello, värld");
    expect(got).toMatchObject({ size: 13, contentLength: 13, contentType: "text/plain; charset=utf-8" });
    expect(got.range).toBeUndefined();
    expect(got.etag).toBe(put.etag);

    const head = await storage.head(key);
    expect(head).toMatchObject({ size: 13, contentType: "text/plain; charset=utf-8", etag: put.etag });
    expect(head?.lastModified).toBeInstanceOf(Date);
  });

  it("stores a stream, with content type and checked length", async () => {
    const key = `${p}films/clip.mp4`;
    const body = Readable.from([Buffer.from("abc"), Buffer.from("defg")]);
    const put = await storage.put(key, body, { contentType: "video/mp4", contentLength: 7 });
    expect(put.size).toBe(7);
    const got = await storage.get(key);
    expect((await readAll(got.body)).toString()).toBe("abcdefg");
    expect(got.contentType).toBe("video/mp4");
  });

  it("reports a default content type when put was given none", async () => {
    const key = `${p}untyped.bin`;
    await storage.put(key, Buffer.from([1, 2, 3]));
    expect((await storage.head(key))?.contentType).toBe("application/octet-stream");
  });

  it("overwrites an object with its new bytes and content type", async () => {
    const key = `${p}overwrite.txt`;
    await storage.put(key, Buffer.from("first version"), { contentType: "text/plain" });
    await storage.put(key, Buffer.from("second"), { contentType: "text/csv" });
    const got = await storage.get(key);
    expect((await readAll(got.body)).toString()).toBe("second");
    expect(got).toMatchObject({ size: 6, contentType: "text/csv" });
  });

  it("returns exactly the bytes of a range, and the total size", async () => {
    const key = `${p}range.bin`;
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) % 256));
    await storage.put(key, data, { contentType: "application/octet-stream" });

    const mid = await storage.get(key, { start: 100, end: 199 });
    expect(await readAll(mid.body)).toEqual(data.subarray(100, 200));
    expect(mid).toMatchObject({ size: 1000, contentLength: 100, range: { start: 100, end: 199 } });

    const tail = await storage.get(key, { start: 990 });
    expect(await readAll(tail.body)).toEqual(data.subarray(990));
    expect(tail).toMatchObject({ size: 1000, contentLength: 10, range: { start: 990, end: 999 } });

    // An end past the last byte is clamped, as in HTTP.
    const clamped = await storage.get(key, { start: 995, end: 5000 });
    expect(await readAll(clamped.body)).toEqual(data.subarray(995));
    expect(clamped).toMatchObject({ size: 1000, contentLength: 5, range: { start: 995, end: 999 } });

    const first = await storage.get(key, { start: 0, end: 0 });
    expect(await readAll(first.body)).toEqual(data.subarray(0, 1));
  });

  it("refuses a range past the end, or a malformed one", async () => {
    const key = `${p}range-refused.bin`;
    await storage.put(key, Buffer.alloc(1000, 7));

    const err = await storage.get(key, { start: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RangeNotSatisfiableError);
    expect((err as RangeNotSatisfiableError).size).toBe(1000);

    for (const range of [{ start: 5000, end: 6000 }, { start: 10, end: 5 }, { start: -1 }, { start: 1.5 }]) {
      await expect(storage.get(key, range)).rejects.toBeInstanceOf(RangeNotSatisfiableError);
    }
  });

  it("handles an empty object", async () => {
    const key = `${p}empty`;
    expect((await storage.put(key, Buffer.alloc(0))).size).toBe(0);
    const got = await storage.get(key);
    expect(got).toMatchObject({ size: 0, contentLength: 0 });
    expect((await readAll(got.body)).length).toBe(0);
    await expect(storage.get(key, { start: 0 })).rejects.toBeInstanceOf(RangeNotSatisfiableError);
  });

  it("head of a missing key is null", async () => {
    expect(await storage.head(`${p}missing/nothing.txt`)).toBeNull();
  });

  it("get of a missing key throws NotFoundError", async () => {
    const err = await storage.get(`${p}missing/nothing.txt`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as NotFoundError).key).toBe(`${p}missing/nothing.txt`);
    await expect(storage.get(`${p}missing/nothing.txt`, { start: 0 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("deletes, and deleting a missing key is fine", async () => {
    const key = `${p}delete-me.txt`;
    await storage.put(key, Buffer.from("bye"));
    await storage.delete(key);
    expect(await storage.head(key)).toBeNull();
    await expect(storage.get(key)).rejects.toBeInstanceOf(NotFoundError);
    await expect(storage.delete(key)).resolves.toBeUndefined();
    await expect(storage.delete(`${p}never/existed.txt`)).resolves.toBeUndefined();
  });

  it("lists only keys under the prefix, in key order", async () => {
    const base = `${p}list/`;
    const keys = ["a-b.txt", "a/1.txt", "a/2.txt", "b/c/3.txt", "b/c/4.txt"]; // in key order
    for (const [i, k] of keys.entries()) await storage.put(base + k, Buffer.alloc(i + 1));
    await storage.put(`${p}listing-elsewhere.txt`, Buffer.from("x"));

    expect(await collect(storage, `${base}a/`)).toEqual([
      { key: `${base}a/1.txt`, size: 2 },
      { key: `${base}a/2.txt`, size: 3 },
    ]);
    // A prefix is a plain string prefix, not a directory; "-" sorts before "/".
    expect((await collect(storage, `${base}a`)).map((e) => e.key)).toEqual(
      ["a-b.txt", "a/1.txt", "a/2.txt"].map((k) => base + k),
    );
    expect(await collect(storage, base)).toEqual(keys.map((k, i) => ({ key: base + k, size: i + 1 })));
    expect(await collect(storage, `${base}b/c/4`)).toEqual([{ key: `${base}b/c/4.txt`, size: 5 }]);
    expect(await collect(storage, `${p}nothing-here/`)).toEqual([]);
  });

  it("lists more than one page (over 1000 keys)", async () => {
    const base = `${p}many/`;
    const keys = Array.from({ length: 1005 }, (_, i) => `${base}${String(i).padStart(4, "0")}`);
    await inBatches(keys, 32, (key) => storage.put(key, Buffer.from("k")));
    const listed = await collect(storage, base);
    expect(listed.length).toBe(1005);
    expect(listed.map((e) => e.key)).toEqual(keys);
    await deleteAll(storage, base);
    expect(await collect(storage, base)).toEqual([]);
  });

  it("rejects invalid keys in every operation", async () => {
    const bad = ["../x", "/abs", "a\\b", "a//b", "naïve.txt", "", "a/", "./a", "a/../b", "a b", ".hidden", "a?b"];
    for (const key of bad) {
      await expect(storage.put(key, Buffer.from("x")), key).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(storage.get(key), key).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(storage.head(key), key).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(storage.delete(key), key).rejects.toBeInstanceOf(InvalidKeyError);
    }
    for (const prefix of ["../", "/abs/", "a//", "naïve/"]) {
      await expect(collect(storage, prefix), prefix).rejects.toBeInstanceOf(InvalidKeyError);
    }
    const good = `${p}films/2024/Ab-12_v2.final.mp4`;
    await expect(storage.put(good, Buffer.from("ok"))).resolves.toMatchObject({ key: good });
  });

  it("an upload that fails midway leaves the previous object untouched", async () => {
    const key = `${p}aborted.bin`;
    await storage.put(key, Buffer.from("old content"), { contentType: "text/plain" });
    await expect(storage.put(key, failingStream(MB), { contentType: "video/mp4" })).rejects.toThrow(
      "client aborted",
    );
    const got = await storage.get(key);
    expect((await readAll(got.body)).toString()).toBe("old content");
    expect(got.contentType).toBe("text/plain");

    const fresh = `${p}aborted-new.bin`;
    await expect(storage.put(fresh, failingStream(MB))).rejects.toThrow("client aborted");
    expect(await storage.head(fresh)).toBeNull();
  });

  it("refuses a stream whose length differs from contentLength, storing nothing", async () => {
    const key = `${p}wrong-length.bin`;
    const short = storage.put(key, Readable.from([Buffer.alloc(10)]), { contentLength: 20 });
    await expect(short).rejects.toBeInstanceOf(ContentLengthMismatchError);
    const long = storage.put(key, Readable.from([Buffer.alloc(30)]), { contentLength: 20 });
    await expect(long).rejects.toBeInstanceOf(ContentLengthMismatchError);
    await expect(storage.put(key, Buffer.alloc(10), { contentLength: 20 })).rejects.toBeInstanceOf(
      ContentLengthMismatchError,
    );
    expect(await storage.head(key)).toBeNull();
  });

  it(`streams ${BIG / MB} MB in and out with flat memory`, async () => {
    const key = `${p}big/film.bin`;
    const source = randomStream(BIG);
    const up = await measureRss(() =>
      storage.put(key, source.stream, { contentType: "video/mp4", contentLength: BIG }),
    );
    expect(up.result.size).toBe(BIG);
    expect(up.result.etag).toBeTruthy();
    const sent = source.sha256();

    const down = await measureRss(async () => {
      const got = await storage.get(key);
      expect(got).toMatchObject({ size: BIG, contentType: "video/mp4", etag: up.result.etag });
      return sha256Of(got.body);
    });
    expect(down.result).toEqual({ sha256: sent, bytes: BIG });

    for (const [what, m] of [["put", up], ["get", down]] as const) {
      console.log(
        `[${driver}] ${what} ${BIG / MB} MB in ${m.seconds}s: rss ${m.baselineMB} MB -> peak ${m.peakMB} MB (+${m.growthMB} MB)`,
      );
    }
    expect(up.growthMB).toBeLessThan(MAX_RSS_GROWTH_MB);
    expect(down.growthMB).toBeLessThan(MAX_RSS_GROWTH_MB);
    await storage.delete(key);
  });
}

describe("local driver", () => {
  let dir: string;
  const fixture = async (): Promise<Fixture> => {
    dir = await mkdtemp(path.join(tmpdir(), "vagval-media-"));
    return { storage: createStorage({ driver: "local", dir }), prefix: "" };
  };
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  storageContract("local", fixture);

  it("leaves no temporary files behind after failed uploads", async () => {
    expect(await readdir(path.join(dir, ".tmp"))).toEqual([]);
  });
});

const s3Env = readS3Env();
const s3Required = isTruthy(process.env.CI) || process.env.REQUIRE_S3 === "1";
const S3_MISSING =
  "S3_ENDPOINT is not set. Start a gateway with scripts/s3-up.sh and `. <state dir>/env`, " +
  "or set S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and S3_BUCKET.";

if (!s3Env && s3Required) {
  describe("s3 driver", () => {
    it("has an S3 server to test against (required by CI / REQUIRE_S3=1)", () => {
      throw new Error(S3_MISSING);
    });
  });
} else if (!s3Env) {
  console.warn(`[storage.test] skipping the S3 driver tests: ${S3_MISSING}`);
}

describe.skipIf(!s3Env)("s3 driver", () => {
  const config = s3Env!;
  let fixture: Fixture | undefined;

  const open = async (): Promise<Fixture> => {
    const storage = createStorage(config) as S3Storage;
    await ensureBucket(storage);
    fixture = { storage, prefix: `test-${randomUUID().slice(0, 8)}/` };
    return fixture;
  };
  afterAll(async () => {
    if (fixture) await deleteAll(fixture.storage, fixture.prefix);
  });

  storageContract("s3", open);

  it("refuses a client with the wrong secret", async () => {
    const intruder = createStorage({ ...config, secretAccessKey: "not-the-secret" });
    const key = `${fixture!.prefix}intruder.txt`;
    await expect(intruder.put(key, Buffer.from("x"))).rejects.toMatchObject({
      name: "SignatureDoesNotMatch",
      $metadata: { httpStatusCode: 403 },
    });
    await expect(intruder.head(key)).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    await expect(intruder.get(key)).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    expect(await fixture!.storage.head(key)).toBeNull();
  });
});

function readS3Env(): Extract<StorageConfig, { driver: "s3" }> | undefined {
  const endpoint = process.env.S3_ENDPOINT;
  if (!endpoint) return undefined;
  const need = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`S3_ENDPOINT is set but ${name} is not`);
    return value;
  };
  return {
    driver: "s3",
    endpoint,
    region: process.env.S3_REGION || "us-east-1",
    bucket: process.env.S3_BUCKET || "vagval-test",
    accessKeyId: need("S3_ACCESS_KEY_ID"),
    secretAccessKey: need("S3_SECRET_ACCESS_KEY"),
  };
}

async function ensureBucket(storage: S3Storage) {
  try {
    await storage.client.send(new HeadBucketCommand({ Bucket: storage.bucket }));
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw err;
    await storage.client.send(new CreateBucketCommand({ Bucket: storage.bucket }));
  }
}

function isTruthy(value: string | undefined): boolean {
  return !!value && value !== "0" && value.toLowerCase() !== "false";
}
