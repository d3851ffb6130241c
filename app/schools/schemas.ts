import { z } from "zod";
import { emailField, id, isoDate, nameField, text } from "~/schemas";
import { schoolGrades } from "./rules";

export const schoolRegistrationSchema = z.object({
  schoolName: text(160),
  unitCode: z
    .string({ message: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .transform((v) => v.replace(/\s/g, ""))
    .refine((v) => /^\d{8}$/.test(v), "schools:errors.unitCode"),
  municipalityId: id,
  grades: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : ([] as string[]).concat(v)))
    .pipe(z.array(z.enum(schoolGrades.map(String) as [string, ...string[]], { message: "errors.invalid" })))
    .refine((v) => v.length > 0, "errors.chooseGrade")
    .transform((v) => v.map(Number).sort((a, b) => a - b)),
  name: nameField,
  email: emailField,
  website: z.string().max(500).optional(),
});

export const classGroupSchema = z.object({
  label: z
    .string({ message: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .max(12, "errors.tooLong")
    .regex(/^[\p{L}\p{N} -]+$/u, "schools:errors.label"),
  grade: z.coerce.number({ message: "errors.choose" }).int("errors.choose").min(1, "errors.choose").max(9, "errors.choose"),
  pupils: z.coerce.number({ message: "schools:errors.pupils" }).int("schools:errors.pupils").min(1, "schools:errors.pupils").max(40, "schools:errors.pupils"),
});

export const holidaySchema = z
  .object({
    municipalityId: id,
    name: text(80),
    fromDate: isoDate,
    toDate: isoDate,
  })
  .refine((v) => v.toDate >= v.fromDate, { path: ["toDate"], message: "errors.dateOrder" });
