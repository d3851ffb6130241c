/** Zod schemas for the ambassador forms, shared by page and action. Messages are i18n keys. */
import { z } from "zod";
import { emailField, id, isoDate, list, nameField, optionalText, text } from "~/schemas";
import { formats, grades, normaliseOrgNumber } from "./rules";

export const phoneField = z
  .string()
  .trim()
  .max(30, "errors.tooLong")
  .optional()
  .transform((v) => (v ? v.replace(/[\s()-]/g, "") : null))
  .refine((v) => v === null || /^(\+46|0046|0)[1-9]\d{6,10}$|^\+[1-9]\d{7,14}$/.test(v), "errors.phone");

export const profileFields = {
  occupation: text(120),
  employerName: text(160),
  sectorId: id,
  educationPath: text(500),
  story: text(2000),
  languages: list(z.string().regex(/^[a-z]{2,3}$/, "errors.invalid")).refine((v) => v.length > 0, "errors.chooseLanguage"),
  gender: z
    .enum(["female", "male", "other", ""], { message: "errors.invalid" })
    .optional()
    .transform((v) => (v ? v : null)),
  formats: list(z.enum(formats, { message: "errors.invalid" })).refine((v) => v.length > 0, "errors.chooseFormat"),
  grades: list(z.enum(grades.map(String) as [string, ...string[]], { message: "errors.invalid" }))
    .refine((v) => v.length > 0, "errors.chooseGrade")
    .transform((v) => v.map(Number)),
};

export const applicationSchema = z.object({
  name: nameField,
  email: emailField,
  phone: phoneField,
  municipalityId: id,
  ...profileFields,
  consentProfile: z.literal("on").optional(),
  consentPhoto: z.literal("on").optional(),
  consentFilms: z.literal("on").optional(),
  // Honeypot: people never see this field; bots fill it in.
  website: z.string().max(500).optional(),
});
export type ApplicationInput = z.infer<typeof applicationSchema>;

export const profileSchema = z.object({ name: nameField, phone: phoneField, ...profileFields });
export type ProfileInput = z.infer<typeof profileSchema>;

export const transitionSchema = z
  .object({
    to: z.enum(["approved", "active", "paused", "alumni", "rejected"], { message: "errors.invalid" }),
    reason: optionalText(1000),
  })
  .refine((v) => v.to !== "rejected" || !!v.reason, { path: ["reason"], message: "errors.rejectionReason" });

export const vettingSchema = z.object({ shownOn: isoDate });
export const trainingSchema = z.object({ moduleId: id, completedOn: isoDate });

export const availabilitySchema = z.object({
  maxVisitsPerMonth: z.coerce.number({ message: "errors.number" }).int("errors.number").min(0, "errors.number").max(20, "errors.number"),
  slots: list(z.string().regex(/^[1-7]-(08|09|10|11|12|13|14|15|16)$/, "errors.invalid")),
});

export const blackoutSchema = z
  .object({ fromDate: isoDate, toDate: isoDate, note: optionalText(200) })
  .refine((v) => v.toDate >= v.fromDate, { path: ["toDate"], message: "errors.dateOrder" });

export const companySchema = z.object({
  name: text(160),
  orgNumber: z
    .string({ message: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .max(20, "errors.tooLong")
    .transform((v, ctx) => {
      const n = normaliseOrgNumber(v);
      if (!n) ctx.addIssue({ code: "custom", message: "errors.orgNumber" });
      return n ?? v;
    }),
  municipalityId: id,
  sectorId: id,
  contactName: optionalText(120),
  contactEmail: z
    .string()
    .trim()
    .max(254, "errors.tooLong")
    .optional()
    .transform((v) => (v ? v.toLowerCase() : null))
    .refine((v) => v === null || z.email().safeParse(v).success, "errors.email"),
  contactPhone: phoneField,
  monthlyVisitCap: z.coerce.number({ message: "errors.number" }).int("errors.number").min(0, "errors.number").max(100, "errors.number"),
});

export const trainingModuleSchema = z.object({
  name: text(120),
  description: optionalText(500),
  required: z.literal("on").optional(),
});
