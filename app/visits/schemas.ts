/** Zod schemas for the visit forms, shared by page and action. Messages are i18n keys. */
import { z } from "zod";
import { formats } from "~/ambassadors/rules";
import { MAX_WINDOWS } from "./rules";
import { id, list, optionalText } from "~/schemas";

const optionalId = z
  .string()
  .optional()
  .transform((v) => (v ? Number(v) : null))
  .refine((v) => v === null || (Number.isInteger(v) && v > 0), "errors.choose");

/** Row n of the time windows: date-n, from-n, to-n; empty rows are skipped. */
export const windowIndexes = Array.from({ length: MAX_WINDOWS }, (_, i) => i + 1);

export const visitRequestSchema = z
  .object({
    groups: list(z.string().regex(/^\d{1,9}$/, "errors.choose").transform(Number)).refine((v) => v.length > 0, "visits:errors.chooseGroup"),
    format: z.enum(formats, { message: "errors.choose" }),
    sectorId: optionalId,
    occupation: optionalText(120),
    languages: list(z.string().regex(/^[a-z]{2,3}$/, "errors.invalid")),
    preferFemale: z
      .string()
      .optional()
      .transform((v) => v === "on"),
    message: optionalText(1000),
    ...Object.fromEntries(windowIndexes.flatMap((n) => [`date-${n}`, `from-${n}`, `to-${n}`].map((k) => [k, z.string().trim().max(10).optional()]))),
  })
  .transform((v) => {
    const raw = v as unknown as Record<string, string | undefined>;
    const windows = windowIndexes
      .map((n) => ({ n, date: raw[`date-${n}`] ?? "", from: raw[`from-${n}`] ?? "", to: raw[`to-${n}`] ?? "" }))
      .filter((w) => w.date || w.from || w.to)
      .map((w) => ({ n: w.n, start: `${w.date}T${w.from}`, end: `${w.date}T${w.to}`, complete: !!(w.date && w.from && w.to) }));
    return {
      groups: v.groups,
      format: v.format,
      sectorId: v.sectorId,
      occupation: v.occupation,
      languages: v.languages,
      preferFemale: v.preferFemale,
      message: v.message,
      windows,
    };
  });
export type VisitRequestInput = z.infer<typeof visitRequestSchema>;

export const proposalSchema = z.object({
  ambassadorId: id,
  windowId: id,
  note: optionalText(500),
});

export const cancelSchema = z.object({
  reason: z.string({ message: "errors.required" }).trim().min(1, "visits:errors.reasonRequired").max(500, "errors.tooLong"),
});

export const reflectionSchema = z.object({
  reflection: z.string({ message: "errors.required" }).trim().min(1, "errors.required").max(2000, "errors.tooLong"),
});

const answer = z.enum(["yes", "maybe", "no"], { message: "visits:errors.answer" });
export const surveySchema = z.object({
  knows_more: answer,
  could_work: answer,
  vocational_programme: answer,
});
