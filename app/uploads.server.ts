import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";

export type MultipartResult = { ok: true; form: FormData } | { ok: false; reason: "too_large" | "malformed" };

/**
 * Reads a multipart form with small files (photos) into memory, refusing as soon as a part is
 * larger than `maxBytes`. Large media (films) go through resumable uploads instead.
 */
export async function readMultipart(request: Request, maxBytes: number): Promise<MultipartResult> {
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > maxBytes + 64 * 1024) return { ok: false, reason: "too_large" };
  try {
    const form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }));
    return { ok: true, form };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, reason: "too_large" };
    return { ok: false, reason: "malformed" };
  }
}

export async function fileBytes(value: FormDataEntryValue | null): Promise<Buffer | null> {
  if (!value || typeof value === "string") return null;
  return Buffer.from(await value.arrayBuffer());
}
