/**
 * Serving a stored object to a browser: ETag and 304, byte ranges (206, 416; parsed by
 * range-parser, the one Express' own static files use), Accept-Ranges, the content type we decided
 * (never the stored one), nosniff, and a caching policy. Films, posters, subtitles and documents
 * use it; so do ambassador photos.
 */
import { createReadableStreamFromReadable } from "@remix-run/node";
import parseRange from "range-parser";
import type { MediaStorage } from "#media/index";
import { notFound } from "./permissions.server";

export interface ServeOptions {
  contentType: string;
  cacheControl: string;
  /** sent as an attachment with this name (ASCII, chosen by us) */
  downloadName?: string;
  /** for a HEAD request: headers only */
  method?: string;
}

export async function serveObject(request: Request, storage: MediaStorage, key: string, options: ServeOptions) {
  const head = await storage.head(key);
  if (!head) throw notFound();
  const headers = new Headers({
    "Content-Type": options.contentType,
    "Cache-Control": options.cacheControl,
    "X-Content-Type-Options": "nosniff",
    "Accept-Ranges": "bytes",
  });
  if (head.etag) headers.set("ETag", head.etag);
  if (head.lastModified) headers.set("Last-Modified", head.lastModified.toUTCString());
  if (options.downloadName) headers.set("Content-Disposition", `attachment; filename="${options.downloadName.replace(/[^\w.-]/g, "_")}"`);
  const inm = request.headers.get("If-None-Match");
  if (head.etag && inm && inm.split(",").some((tag) => tag.trim() === head.etag || tag.trim() === "*")) return new Response(null, { status: 304, headers });

  let range: { start: number; end: number } | undefined;
  const header = request.headers.get("Range");
  // If-Range: only answer with a part when the object is still the one the client has
  const ifRange = request.headers.get("If-Range");
  if (header && (!ifRange || ifRange === head.etag)) {
    const ranges = parseRange(head.size, header, { combine: true });
    if (ranges === -1) {
      headers.set("Content-Range", `bytes */${head.size}`);
      return new Response(null, { status: 416, headers });
    }
    // several ranges (multipart/byteranges) are rare for media: answer the first one
    if (ranges !== -2 && ranges.type === "bytes" && ranges.length) range = { start: ranges[0].start, end: ranges[0].end };
  }
  const length = range ? range.end - range.start + 1 : head.size;
  headers.set("Content-Length", String(length));
  if (range) headers.set("Content-Range", `bytes ${range.start}-${range.end}/${head.size}`);
  const status = range ? 206 : 200;
  if (options.method === "HEAD" || request.method === "HEAD") return new Response(null, { status, headers });
  const object = await storage.get(key, range);
  return new Response(createReadableStreamFromReadable(object.body), { status, headers });
}
