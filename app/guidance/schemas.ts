import { z } from "zod";

const text = (max: number) => z.string().trim().max(max, "errors.tooLong");

export const translationSchema = z.object({
  section: z.string().regex(/^[a-z0-9-]{1,60}$/, "guidance:errors.unknownSection"),
  heading: text(200).min(1, "errors.required"),
  body: text(20_000),
  baseVersion: z.coerce.number().int().min(0),
  publish: z.enum(["0", "1"]).default("0"),
  nativeReviewed: z.literal("on").optional(),
});

export const sourceSchema = z.object({
  section: z.string().regex(/^[a-z0-9-]{1,60}$/, "guidance:errors.unknownSection"),
  heading: text(200).min(1, "errors.required"),
  body: text(20_000),
  baseVersion: z.coerce.number().int().min(1),
});

const optionalId = z
  .string()
  .optional()
  .transform((v) => (v && /^\d+$/.test(v) ? Number(v) : null));

export const guideSettingsSchema = z.object({
  status: z.enum(["draft", "published"], { message: "errors.invalid" }),
  sectorId: optionalId,
  filmId: optionalId,
});

export const newGuideSchema = z.object({
  slug: z
    .string()
    .trim()
    .min(1, "errors.required")
    .max(60, "errors.tooLong")
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "guidance:errors.slugFormat"),
  title: text(120).min(1, "errors.required"),
  lead: text(600).min(1, "errors.required"),
  sectorId: optionalId,
});
