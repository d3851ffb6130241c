import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";

export const MB = 1024 * 1024;

/** A Readable of `total` random bytes, made on demand; `sha256()` is valid once it has ended. */
export function randomStream(total: number, chunkSize = 64 * 1024) {
  const hash = createHash("sha256");
  let produced = 0;
  const stream = new Readable({
    read() {
      if (produced >= total) {
        this.push(null);
        return;
      }
      const chunk = randomBytes(Math.min(chunkSize, total - produced));
      produced += chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, sha256: () => hash.digest("hex") };
}

/** Emits `before` bytes, then fails, like an upload whose client went away. */
export function failingStream(before: number): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(Buffer.alloc(before, 1));
      } else {
        this.destroy(new Error("client aborted"));
      }
    },
  });
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function sha256Of(stream: Readable): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** Samples process RSS every few milliseconds while `work` runs. */
export async function measureRss<T>(
  work: () => Promise<T>,
  intervalMs = 10,
): Promise<{ result: T; baselineMB: number; peakMB: number; growthMB: number; seconds: number }> {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  const started = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    const toMB = (n: number) => Math.round((n / MB) * 10) / 10;
    return {
      result,
      baselineMB: toMB(baseline),
      peakMB: toMB(peak),
      growthMB: toMB(peak - baseline),
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    clearInterval(timer);
  }
}
