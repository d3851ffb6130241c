/** Zod schemas for the campaign forms. Messages are i18n keys. */
import { z } from "zod";
import { isoDate, list, optionalText, text } from "~/schemas";

export const campaignSchema = z
  .object({
    title: text(120),
    thread: text(500),
    description: optionalText(4000),
    startsOn: isoDate,
    endsOn: isoDate,
    grades: list(z.string().regex(/^(?:[4-9]|10)$/, "errors.invalid").transform(Number)).refine((v) => v.length > 0, "errors.chooseGrade"),
    sectors: list(z.string().regex(/^\d{1,9}$/, "errors.invalid").transform(Number)),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ["endsOn"], message: "errors.dateOrder" });
export type CampaignInput = z.infer<typeof campaignSchema>;

export const campaignStatuses = ["draft", "published", "withdrawn"] as const;

/** A readable, stable address part from a title: "Framtidens industri 2026" → "framtidens-industri-2026". */
export function slugify(title: string) {
  return (
    title
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "kampanj"
  );
}
