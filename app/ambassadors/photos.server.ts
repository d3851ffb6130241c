/**
 * Ambassador photos: checked by their bytes, stripped of metadata, stored as WebP and JPEG variants
 * (app/images.server.ts).
 */
import crypto from "node:crypto";
import type { MediaStorage } from "#media/index";
import { deleteVariants, storeImageVariants, widthsFor } from "~/images.server";

export const PHOTO_MAX_BYTES = 15 * 1024 * 1024;
export const PHOTO_WIDTHS = [160, 320, 640] as const;

/** Checks and converts an uploaded photo; throws a PoolError with a message key for anything else. */
export function storeAmbassadorPhoto(storage: MediaStorage, ambassadorId: number, bytes: Buffer) {
  return storeImageVariants(storage, `ambassadors/${ambassadorId}/${crypto.randomBytes(12).toString("hex")}`, bytes, {
    maxBytes: PHOTO_MAX_BYTES,
    widths: PHOTO_WIDTHS,
    field: "photo",
    errors: { missing: "ambassadors:errors.photoMissing", tooLarge: "ambassadors:errors.photoTooLarge", type: "ambassadors:errors.photoType", unreadable: "ambassadors:errors.photoUnreadable" },
  });
}

export const deletePhoto = deleteVariants;

/** The widths stored for a photo whose largest variant is `width` wide. */
export const photoWidthsFor = (width: number) => widthsFor(PHOTO_WIDTHS, width);
