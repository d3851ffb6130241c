/**
 * Images people upload (ambassador photos, film posters): the bytes decide what a file is (never its
 * name), EXIF and GPS are dropped, and sharp makes WebP and JPEG variants at a few widths for
 * responsive images, stored as `<prefix>/<width>.webp|jpg`.
 */
import { fileTypeFromBuffer } from "file-type";
import sharp, { type Metadata, type Sharp } from "sharp";
import type { MediaStorage } from "#media/index";
import { PoolError } from "./errors";

/** A 50-megapixel limit stops decompression bombs before they reach memory. */
export const IMAGE_MAX_PIXELS = 50_000_000;
const ACCEPTED = new Set(["image/jpeg", "image/png", "image/webp"]);

export interface ImageRules {
  maxBytes: number;
  widths: readonly number[];
  field: string;
  /** i18n keys of the refusals */
  errors: { missing: string; tooLarge: string; type: string; unreadable: string };
}

export interface StoredImage {
  key: string;
  width: number;
  height: number;
  variants: string[];
}

/** The widths stored for an image whose largest variant is `width` wide. */
export const widthsFor = (widths: readonly number[], width: number) => widths.filter((w, i) => w <= width || i === 0);

/** Checks and converts an uploaded image; throws a PoolError with a message key for anything else. */
export async function storeImageVariants(storage: MediaStorage, key: string, bytes: Buffer, rules: ImageRules): Promise<StoredImage> {
  if (bytes.length === 0) throw new PoolError(rules.errors.missing, rules.field);
  if (bytes.length > rules.maxBytes) throw new PoolError(rules.errors.tooLarge, rules.field);
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !ACCEPTED.has(type.mime)) throw new PoolError(rules.errors.type, rules.field);
  let base: Sharp;
  let meta: Metadata;
  try {
    // rotate() applies the EXIF orientation; the output then carries no metadata at all.
    base = sharp(bytes, { limitInputPixels: IMAGE_MAX_PIXELS, failOn: "error" }).rotate();
    meta = await sharp(bytes, { limitInputPixels: IMAGE_MAX_PIXELS }).metadata();
  } catch {
    throw new PoolError(rules.errors.unreadable, rules.field);
  }
  const swap = (meta.orientation ?? 1) >= 5;
  const width = swap ? meta.height! : meta.width!;
  const height = swap ? meta.width! : meta.height!;
  const widths = widthsFor(rules.widths, width);
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
    await deleteVariants(storage, key);
    if (error instanceof PoolError) throw error;
    throw new PoolError(rules.errors.unreadable, rules.field);
  }
  const largest = widths[widths.length - 1];
  return { key, width: Math.min(largest, width), height: Math.round((Math.min(largest, width) * height) / width), variants };
}

export async function deleteVariants(storage: MediaStorage, key: string | null) {
  if (!key) return;
  for await (const entry of storage.list(`${key}/`)) await storage.delete(entry.key);
}
