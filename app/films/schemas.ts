/** Zod schemas for the film forms. Messages are i18n keys. */
import { z } from "zod";
import { optionalText, text } from "~/schemas";

export const filmSchema = z.object({ title: text(120), description: optionalText(2000) });
export const documentSchema = z.object({ documentTitle: text(120) });
export const filmStatuses = ["draft", "published", "withdrawn"] as const;
