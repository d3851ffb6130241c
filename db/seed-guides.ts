/**
 * The guides in content/guides/<slug>/ (guide.json and one <language>.json per reading language),
 * written in Swedish from the seed documents and drafted in the other languages by the team: they
 * are published but marked as not reviewed by a native speaker. Only guides whose slug is not in
 * the database yet are added, so editors' changes are never overwritten. Idempotent.
 */
import fs from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import type { Database, GuideSectionKind } from "./schema";

interface GuideFile {
  slug: string;
  sector: string | null;
  position: number;
  sections: { key: string; kind: GuideSectionKind; figure?: string; source?: string }[];
}
type LanguageFile = { sections: Record<string, { heading: string; body: string }> };

export const GUIDES_DIR = path.resolve("content/guides");

export function readGuideFiles(dir = GUIDES_DIR) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((slug) => fs.existsSync(path.join(dir, slug, "guide.json")))
    .map((slug) => {
      const guide = JSON.parse(fs.readFileSync(path.join(dir, slug, "guide.json"), "utf8")) as GuideFile;
      const texts: Record<string, LanguageFile> = {};
      for (const file of fs.readdirSync(path.join(dir, slug)).filter((f) => f.endsWith(".json") && f !== "guide.json"))
        texts[file.replace(/\.json$/, "")] = JSON.parse(fs.readFileSync(path.join(dir, slug, file), "utf8")) as LanguageFile;
      return { guide, texts };
    });
}

export async function seedGuides(db: Kysely<Database>, dir = GUIDES_DIR) {
  // imported here, not at the top: importing the seeds must not load the app's modules (they read
  // their configuration once, when first imported, and tests set it after importing the seeds)
  const { reindexGuide } = await import("../app/guidance/guidance.server");
  const languages = new Set((await db.selectFrom("guide_language").select("code").execute()).map((l) => l.code));
  for (const { guide, texts } of readGuideFiles(dir)) {
    if (await db.selectFrom("guide").select("id").where("slug", "=", guide.slug).executeTakeFirst()) continue;
    const sv = texts.sv;
    if (!sv) throw new Error(`content/guides/${guide.slug}: sv.json (the source) is missing`);
    const sector = guide.sector ? await db.selectFrom("sector").select("id").where("slug", "=", guide.sector).executeTakeFirst() : undefined;
    const { id } = await db
      .insertInto("guide")
      .values({ slug: guide.slug, sector_id: sector?.id ?? null, status: "published", sort_order: guide.position })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const [i, section] of guide.sections.entries()) {
      const source = sv.sections[section.key];
      if (!source) throw new Error(`content/guides/${guide.slug}/sv.json: section ${section.key} is missing`);
      const row = await db
        .insertInto("guide_section")
        .values({ guide_id: id, key: section.key, kind: section.kind, figure: section.figure ?? null, source: section.source ?? null, sort_order: (i + 1) * 10, heading: source.heading, body: source.body })
        .returning("id")
        .executeTakeFirstOrThrow();
      const translations = Object.entries(texts)
        .filter(([code]) => code !== "sv" && languages.has(code) && texts[code].sections[section.key])
        .map(([code, file]) => ({
          section_id: row.id,
          language: code,
          heading: file.sections[section.key].heading,
          body: file.sections[section.key].body,
          source_revision: 1,
          status: "published" as const,
          native_reviewed: 0,
        }));
      if (translations.length) await db.insertInto("guide_translation").values(translations).execute();
    }
    await reindexGuide(db, id);
  }
}
