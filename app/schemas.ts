/** Zod schemas shared by forms and actions. Messages are i18n keys. */
import { z } from "zod";

export const emailField = z
  .string({ message: "errors.required" })
  .trim()
  .min(1, "errors.required")
  .max(254, "errors.tooLong")
  .email("errors.email")
  .transform((v) => v.toLowerCase());

export const passwordField = z
  .string({ message: "errors.required" })
  .min(1, "errors.required")
  .min(12, "errors.passwordTooShort")
  .max(200, "errors.tooLong");

export const nameField = z.string({ message: "errors.required" }).trim().min(1, "errors.required").max(120, "errors.tooLong");

export const signInSchema = z.object({
  email: emailField,
  password: z.string({ message: "errors.required" }).min(1, "errors.required").max(200, "errors.tooLong"),
  redirectTo: z.string().max(500).optional(),
});

export const forgotSchema = z.object({ email: emailField });

export const setPasswordSchema = z
  .object({ password: passwordField, confirm: z.string({ message: "errors.required" }).min(1, "errors.required") })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "errors.passwordMismatch" });

export const acceptInvitationSchema = z
  .object({ name: nameField, password: passwordField, confirm: z.string({ message: "errors.required" }).min(1, "errors.required") })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "errors.passwordMismatch" });

export const roles = ["admin", "coordinator", "school_staff", "ambassador", "communicator", "translator"] as const;

export const inviteSchema = z
  .object({
    email: emailField,
    name: nameField,
    role: z.enum(roles, { message: "errors.choose" }),
    municipalityIds: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (v === undefined ? [] : ([] as string[]).concat(v)).map(Number).filter(Number.isInteger)),
    schoolId: z
      .string()
      .optional()
      .transform((v) => (v ? Number(v) : null)),
  })
  .superRefine((v, ctx) => {
    if (v.role === "coordinator" && v.municipalityIds.length === 0)
      ctx.addIssue({ code: "custom", path: ["municipalityIds"], message: "errors.chooseMunicipality" });
    if (v.role === "school_staff" && !v.schoolId)
      ctx.addIssue({ code: "custom", path: ["schoolId"], message: "errors.chooseSchool" });
  });

// Building blocks of the forms' schemas (messages are i18n keys).
/** A required text of at most `max` characters, trimmed. */
export const text = (max: number) => z.string({ message: "errors.required" }).trim().min(1, "errors.required").max(max, "errors.tooLong");
/** An optional text: empty becomes null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "errors.tooLong")
    .optional()
    .transform((v) => (v ? v : null));
/** Every value of a repeated field (checkboxes), each checked by `item`. */
export const list = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : ([] as string[]).concat(v)))
    .pipe(z.array(item));
/** A chosen record: a positive integer id. */
export const id = z.coerce.number({ message: "errors.choose" }).int("errors.choose").positive("errors.choose");
/** A real calendar date, "YYYY-MM-DD". */
export const isoDate = z
  .string({ message: "errors.required" })
  .trim()
  .min(1, "errors.required")
  .regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), "errors.date");
