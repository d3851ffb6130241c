/**
 * Ambassador photos: the bytes decide what a file is (never its name), EXIF and GPS are dropped,
 * and sharp makes WebP and JPEG variants at a few widths for responsive images.
 */
import crypto from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import sharp, { type Metadata, type Sharp } from "sharp";
import type { MediaStorage } from "#media/index";
import { PoolError } from "./pool.server";

export const PHOTO_MAX_BYTES = 15 * 1024 * 1024;
/** A 50-megapixel limit stops decompression bombs before they reach memory. */
export const PHOTO_MAX_PIXELS = 50_000_000;
export const PHOTO_WIDTHS = [160, 320, 640] as const;
const ACCEPTED = new Set(["image/jpeg", "image/png", "image/webp"]);

export interface StoredPhoto {
  key: string;
  width: number;
  height: number;
  variants: string[];
}

/** Checks and converts an uploaded photo; throws a PoolError with a message key for anything else. */
export async function storeAmbassadorPhoto(storage: MediaStorage, ambassadorId: number, bytes: Buffer): Promise<StoredPhoto> {
  if (bytes.length === 0) throw new PoolError("ambassadors:errors.photoMissing", "photo");
  if (bytes.length > PHOTO_MAX_BYTES) throw new PoolError("ambassadors:errors.photoTooLarge", "photo");
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !ACCEPTED.has(type.mime)) throw new PoolError("ambassadors:errors.photoType", "photo");
  let base: Sharp;
  let meta: Metadata;
  try {
    // rotate() applies the EXIF orientation; the output then carries no metadata at all.
    base = sharp(bytes, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: "error" }).rotate();
    meta = await sharp(bytes, { limitInputPixels: PHOTO_MAX_PIXELS }).metadata();
  } catch {
    throw new PoolError("ambassadors:errors.photoUnreadable", "photo");
  }
  const swap = (meta.orientation ?? 1) >= 5;
  const width = swap ? meta.height! : meta.width!;
  const height = swap ? meta.width! : meta.height!;
  const key = `ambassadors/${ambassadorId}/${crypto.randomBytes(12).toString("hex")}`;
  const widths = PHOTO_WIDTHS.filter((w, i) => w <= width || i === 0);
  const variants: string[] = [];
  try {
    for (const w of widths) {
      const resized = base.clone().resize({ width: Math.min(w, width), withoutEnlargement: true });
      const [webp, jpeg] = await Promise.all([resized.clone().webp({ quality: 78 }).toBuffer(), resized.clone().jpeg({ quality: 80, mozjpeg: true }).toBuffer()]);
      await storage.put(`${key}/${w}.webp`, webp, { contentType: "image/webp" });
      await storage.put(`${key}/${w}.jpg`, jpeg, { contentType: "image/jpeg" });
      variants.push(`${w}.webp`, `${w}.jpg`);
    }
  } catch (error) {
    await deletePhoto(storage, key);
    if (error instanceof PoolError) throw error;
    throw new PoolError("ambassadors:errors.photoUnreadable", "photo");
  }
  const largest = widths[widths.length - 1];
  return { key, width: Math.min(largest, width), height: Math.round((Math.min(largest, width) * height) / width), variants };
}

export async function deletePhoto(storage: MediaStorage, key: string | null) {
  if (!key) return;
  for await (const entry of storage.list(`${key}/`)) await storage.delete(entry.key);
}

/** The widths stored for a photo whose largest variant is `width` wide. */
export const photoWidthsFor = (width: number) => PHOTO_WIDTHS.filter((w, i) => w <= width || i === 0);
