import { data } from "@remix-run/node";
import type { z } from "zod";

/** Field errors are i18n keys (e.g. "errors.required"); the page translates them in the user's language. */
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T; values: Record<string, string> } | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** Validates a submitted form with a zod schema whose messages are i18n keys. */
export function parseForm<S extends z.ZodType>(formData: FormData, schema: S): FormResult<z.infer<S>> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string") continue;
    raw[key] = key in raw ? ([] as unknown[]).concat(raw[key], value) : value;
  }
  // Values to show again in the form: never passwords, never more than 2,000 characters each.
  const values = Object.fromEntries(
    Object.entries(raw)
      .filter(([k]) => !/password|confirm/i.test(k))
      .map(([k, v]) => [k, String(v).slice(0, 2000)]),
  );
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    // zod's own messages (type errors on missing fields) become the generic "invalid" key
    errors[field] ??= /^([a-z]+:)?errors\./.test(issue.message) ? issue.message : "errors.invalid";
  }
  return { ok: false, errors, values };
}

/** A 400 answer with the field errors and the values to show again (never passwords). */
export function badRequest(errors: FieldErrors, values: Record<string, string> = {}) {
  return data({ errors, values }, { status: 400 });
}

/** An error key with values for its text (see errorText in components/forms). */
export const errorWith = (key: string, values: Record<string, string | number>) => `${key}?${new URLSearchParams(Object.entries(values).map(([k, v]) => [k, String(v)]))}`;
