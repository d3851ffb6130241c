/**
 * Guidance in the newcomer's own language (issue 6). Swedish is the source, kept on the section
 * with a revision that grows with each change; a translation records the revision it was made
 * from, so it is outdated exactly when the source has moved on. Readers get, per section, the first
 * published text along their language's fallback chain (e.g. Arabic → lättläst → Swedish) and a
 * note when it is not in their language. Saves name the version they were based on; a save based
 * on an old version is refused as a conflict and loses nothing.
 */
import { sql } from "kysely";
import { dialectOf, nowIso } from "#db/adapter";
import type { GuideSectionKind } from "#db/schema";
import { listPublicAmbassadors } from "~/ambassadors/pool.server";
import { audit } from "~/audit.server";
import type { DB } from "~/db.server";
import { PoolError } from "~/errors";
import { foldForSearch, htmlText, plainText, renderMarkdown, searchTerms } from "./text.server";

// ---------------------------------------------------------------- languages

export interface GuideLanguage {
  code: string;
  nativeName: string;
  swedishName: string;
  languageCode: string;
  htmlLang: string;
  hreflang: string | null;
  dir: "ltr" | "rtl";
  interfaceLanguage: string;
  fallbackCode: string | null;
  isSource: boolean;
}

/** Reading languages in their order. Rows, not code: adding a language is adding a row. */
export async function listGuideLanguages(db: DB): Promise<GuideLanguage[]> {
  const rows = await db.selectFrom("guide_language").selectAll().orderBy("sort_order").orderBy("code").execute();
  return rows.map((r) => ({
    code: r.code,
    nativeName: r.native_name,
    swedishName: r.swedish_name,
    languageCode: r.language_code,
    htmlLang: r.html_lang,
    hreflang: r.hreflang,
    dir: r.dir,
    interfaceLanguage: r.interface_language,
    fallbackCode: r.fallback_code,
    isSource: !!r.is_source,
  }));
}

export async function findGuideLanguage(db: DB, code: string | undefined) {
  if (!code || !/^[a-z][a-z0-9-]{1,15}$/.test(code)) return null;
  return (await listGuideLanguages(db)).find((l) => l.code === code) ?? null;
}

/** The language itself, then the ones it falls back to, ending with the source. */
export function fallbackChain(language: GuideLanguage, languages: GuideLanguage[]): GuideLanguage[] {
  const chain: GuideLanguage[] = [language];
  let next = language.fallbackCode;
  while (next && !chain.some((l) => l.code === next)) {
    const found = languages.find((l) => l.code === next);
    if (!found) break;
    chain.push(found);
    next = found.fallbackCode;
  }
  const source = languages.find((l) => l.isSource);
  if (source && !chain.includes(source)) chain.push(source);
  return chain;
}

// ---------------------------------------------------------------- reading

interface SectionRow {
  id: number;
  key: string;
  kind: GuideSectionKind;
  figure: string | null;
  source: string | null;
  heading: string;
  body: string;
  revision: number;
}

interface TranslationRow {
  section_id: number;
  language: string;
  heading: string;
  body: string;
  source_revision: number;
  status: "draft" | "published";
  native_reviewed: number;
}

export interface ResolvedSection {
  key: string;
  kind: GuideSectionKind;
  figure: string | null;
  source: string | null;
  heading: string;
  html: string;
  /** the reading language the text is in, and its html lang and dir */
  shownIn: { code: string; htmlLang: string; dir: "ltr" | "rtl"; nativeName: string };
  fallback: boolean;
  outdated: boolean;
  nativeReviewed: boolean;
}

function resolve(sections: SectionRow[], published: TranslationRow[], chain: GuideLanguage[]): ResolvedSection[] {
  const byKey = new Map(published.map((t) => [`${t.section_id}:${t.language}`, t]));
  return sections.map((s) => {
    for (const language of chain) {
      const t = language.isSource ? null : byKey.get(`${s.id}:${language.code}`);
      if (!language.isSource && !t) continue;
      return {
        key: s.key,
        kind: s.kind,
        figure: s.figure,
        source: s.source,
        heading: t ? t.heading : s.heading,
        html: renderMarkdown(t ? t.body : s.body),
        shownIn: { code: language.code, htmlLang: language.htmlLang, dir: language.dir, nativeName: language.nativeName },
        fallback: language.code !== chain[0].code,
        outdated: !!t && t.source_revision < s.revision,
        nativeReviewed: language.isSource || !!t?.native_reviewed,
      };
    }
    throw new Error(`no source language for section ${s.id}`);
  });
}

async function sectionsOf(db: DB, guideIds: number[]) {
  if (!guideIds.length) return [];
  return db
    .selectFrom("guide_section")
    .select(["id", "guide_id", "key", "kind", "figure", "source", "heading", "body", "revision"])
    .where("guide_id", "in", guideIds)
    .orderBy("guide_id")
    .orderBy("sort_order")
    .orderBy("id")
    .execute();
}

async function publishedTranslations(db: DB, sectionIds: number[], languages: string[]): Promise<TranslationRow[]> {
  if (!sectionIds.length || !languages.length) return [];
  return db
    .selectFrom("guide_translation")
    .select(["section_id", "language", "heading", "body", "source_revision", "status", "native_reviewed"])
    .where("section_id", "in", sectionIds)
    .where("language", "in", languages)
    .where("status", "=", "published")
    .execute();
}

export interface GuideSummary {
  id: number;
  slug: string;
  sector: string | null;
  title: string;
  lead: string;
  titleIn: { htmlLang: string; dir: "ltr" | "rtl" };
  fallback: boolean;
}

/** Published guides in a language: title and lead from the intro section, with fallback. */
export async function listGuides(db: DB, language: GuideLanguage, languages: GuideLanguage[], onlyIds?: number[]): Promise<GuideSummary[]> {
  let query = db
    .selectFrom("guide")
    .leftJoin("sector", "sector.id", "guide.sector_id")
    .select(["guide.id", "guide.slug", "sector.name as sector"])
    .where("guide.status", "=", "published");
  if (onlyIds) {
    if (!onlyIds.length) return [];
    query = query.where("guide.id", "in", onlyIds);
  }
  const guides = await query.orderBy("guide.sort_order").orderBy("guide.slug").execute();
  const intros = (await sectionsOf(db, guides.map((g) => g.id))).filter((s) => s.key === "intro");
  const chain = fallbackChain(language, languages);
  const resolved = resolve(intros, await publishedTranslations(db, intros.map((s) => s.id), chain.map((l) => l.code)), chain);
  return guides.map((g) => {
    const index = intros.findIndex((s) => s.guide_id === g.id);
    const intro = resolved[index];
    return {
      ...g,
      title: intro?.heading ?? g.slug,
      lead: intro ? htmlText(intro.html) : "",
      titleIn: { htmlLang: intro?.shownIn.htmlLang ?? language.htmlLang, dir: intro?.shownIn.dir ?? language.dir },
      fallback: intro?.fallback ?? false,
    };
  });
}


/** A published guide as the reader of `language` sees it, with its film and ambassadors who speak the language. */
export async function readGuide(db: DB, slug: string, language: GuideLanguage, languages: GuideLanguage[], options: { includeDrafts?: boolean } = {}) {
  const guide = await db
    .selectFrom("guide")
    .leftJoin("sector", "sector.id", "guide.sector_id")
    .select(["guide.id", "guide.slug", "guide.status", "guide.film_id", "guide.updated_at", "sector.slug as sector_slug", "sector.name as sector"])
    .where("guide.slug", "=", slug)
    .executeTakeFirst();
  if (!guide || (guide.status !== "published" && !options.includeDrafts)) return null;
  const sections = await sectionsOf(db, [guide.id]);
  const chain = fallbackChain(language, languages);
  const resolved = resolve(sections, await publishedTranslations(db, sections.map((s) => s.id), chain.map((l) => l.code)), chain);
  const ambassadors = guide.sector_slug
    ? await listPublicAmbassadors(db, { sector: guide.sector_slug, language: language.languageCode, limit: 6 })
    : [];
  return { guide, sections: resolved, ambassadors };
}

// ---------------------------------------------------------------- translation workflow

export type TranslationStatus = "missing" | "draft" | "published" | "outdated";

export function translationStatus(t: { status: "draft" | "published"; source_revision: number } | undefined, revision: number): TranslationStatus {
  if (!t) return "missing";
  if (t.source_revision < revision) return "outdated";
  return t.status;
}

/** Completeness per guide and language: how many sections are in each status. */
export async function translationOverview(db: DB) {
  const languages = (await listGuideLanguages(db)).filter((l) => !l.isSource);
  const guides = await db.selectFrom("guide").select(["id", "slug", "status"]).orderBy("sort_order").orderBy("slug").execute();
  const sections = await sectionsOf(db, guides.map((g) => g.id));
  const translations = sections.length
    ? await db
        .selectFrom("guide_translation")
        .select(["section_id", "language", "status", "source_revision"])
        .where("section_id", "in", sections.map((s) => s.id))
        .execute()
    : [];
  const byKey = new Map(translations.map((t) => [`${t.section_id}:${t.language}`, t]));
  const titles = new Map(sections.filter((s) => s.key === "intro").map((s) => [s.guide_id, s.heading]));
  const rows = guides.map((g) => {
    const own = sections.filter((s) => s.guide_id === g.id);
    const cells = languages.map((l) => {
      const counts: Record<TranslationStatus, number> = { missing: 0, draft: 0, published: 0, outdated: 0 };
      for (const s of own) counts[translationStatus(byKey.get(`${s.id}:${l.code}`), s.revision)]++;
      return { language: l.code, total: own.length, ...counts, percent: own.length ? Math.round((100 * counts.published) / own.length) : 0 };
    });
    return { id: g.id, slug: g.slug, status: g.status, title: titles.get(g.id) ?? g.slug, cells };
  });
  const totals = languages.map((l, i) => {
    const published = rows.reduce((n, r) => n + r.cells[i].published, 0);
    const total = rows.reduce((n, r) => n + r.cells[i].total, 0);
    return { language: l.code, published, total, percent: total ? Math.round((100 * published) / total) : 0 };
  });
  return { languages, rows, totals };
}

/** The translation view: Swedish source beside the translation in `language`, section by section. */
export async function translationEditor(db: DB, slug: string, language: GuideLanguage) {
  const guide = await db
    .selectFrom("guide")
    .select(["id", "slug", "status", "sector_id", "film_id"])
    .where("slug", "=", slug)
    .executeTakeFirst();
  if (!guide) return null;
  const sections = await db
    .selectFrom("guide_section as s")
    .leftJoin("app_user as u", "u.id", "s.updated_by_user_id")
    .select(["s.id", "s.key", "s.kind", "s.figure", "s.source", "s.heading", "s.body", "s.revision", "s.updated_at", "u.name as updated_by"])
    .where("s.guide_id", "=", guide.id)
    .orderBy("s.sort_order")
    .orderBy("s.id")
    .execute();
  const translations = language.isSource || !sections.length
    ? []
    : await db
        .selectFrom("guide_translation as t")
        .leftJoin("app_user as tr", "tr.id", "t.translated_by_user_id")
        .leftJoin("app_user as rv", "rv.id", "t.reviewed_by_user_id")
        .select([
          "t.section_id",
          "t.heading",
          "t.body",
          "t.status",
          "t.version",
          "t.source_revision",
          "t.native_reviewed",
          "t.reviewed_at",
          "t.updated_at",
          "tr.name as translated_by",
          "rv.name as reviewed_by",
        ])
        .where("t.section_id", "in", sections.map((s) => s.id))
        .where("t.language", "=", language.code)
        .execute();
  const byId = new Map(translations.map((t) => [t.section_id, t]));
  return {
    guide,
    sections: sections.map((s) => {
      const t = byId.get(s.id);
      return {
        ...s,
        status: language.isSource ? ("published" as TranslationStatus) : translationStatus(t, s.revision),
        translation: t ? { ...t, native_reviewed: !!t.native_reviewed } : null,
      };
    }),
  };
}

/** A save based on a version someone else has replaced since. Carries what is saved now. */
export class GuideConflict extends Error {
  constructor(public readonly current: { heading: string; body: string; version: number; updatedBy: string | null; updatedAt: string }) {
    super("guidance:errors.conflict");
  }
}

async function sectionFor(db: DB, guideSlug: string, sectionKey: string) {
  const section = await db
    .selectFrom("guide_section")
    .innerJoin("guide", "guide.id", "guide_section.guide_id")
    .select(["guide_section.id", "guide_section.guide_id", "guide_section.revision", "guide_section.heading", "guide_section.body", "guide_section.updated_at", "guide_section.updated_by_user_id"])
    .where("guide.slug", "=", guideSlug)
    .where("guide_section.key", "=", sectionKey)
    .executeTakeFirst();
  if (!section) throw new PoolError("guidance:errors.unknownSection", "section");
  return section;
}

const userName = async (db: DB, id: number | null) =>
  id ? ((await db.selectFrom("app_user").select("name").where("id", "=", id).executeTakeFirst())?.name ?? null) : null;

/**
 * Saves a translation of one section as a draft or published. `baseVersion` is the version the
 * translator started from (0 for a new one); if someone saved in between, GuideConflict.
 */
export async function saveTranslation(
  db: DB,
  input: { guide: string; section: string; language: GuideLanguage; heading: string; body: string; baseVersion: number; publish: boolean; nativeReviewed: boolean },
  actorUserId: number,
) {
  if (input.language.isSource) throw new PoolError("guidance:errors.sourceIsNotATranslation", "language");
  await db.transaction().execute(async (trx) => {
    const section = await sectionFor(trx, input.guide, input.section);
    const current = await trx
      .selectFrom("guide_translation")
      .selectAll()
      .where("section_id", "=", section.id)
      .where("language", "=", input.language.code)
      .executeTakeFirst();
    if ((current?.version ?? 0) !== input.baseVersion && current)
      throw new GuideConflict({
        heading: current.heading,
        body: current.body,
        version: current.version,
        updatedBy: await userName(trx, current.translated_by_user_id),
        updatedAt: current.updated_at,
      });
    const now = nowIso();
    const values = {
      heading: input.heading,
      body: input.body,
      source_revision: section.revision,
      status: input.publish ? ("published" as const) : ("draft" as const),
      native_reviewed: input.nativeReviewed ? 1 : 0,
      translated_by_user_id: actorUserId,
      reviewed_by_user_id: input.publish ? actorUserId : null,
      reviewed_at: input.publish ? now : null,
      updated_at: now,
    };
    if (current) await trx.updateTable("guide_translation").set({ ...values, version: current.version + 1 }).where("id", "=", current.id).execute();
    else await trx.insertInto("guide_translation").values({ ...values, section_id: section.id, language: input.language.code, version: 1 }).execute();
    await audit(trx, {
      actorUserId,
      action: input.publish ? "guide.translation.published" : "guide.translation.saved",
      entityType: "guide_section",
      entityId: section.id,
      before: current ? { language: current.language, status: current.status, version: current.version } : undefined,
      after: { language: input.language.code, status: values.status, source_revision: section.revision },
    });
    await reindexGuide(trx, section.guide_id);
  });
}

/**
 * Saves the Swedish source of one section. A real change raises its revision, which makes every
 * translation of it outdated until it is updated. `baseRevision` guards against lost updates.
 */
export async function saveSource(db: DB, input: { guide: string; section: string; heading: string; body: string; baseRevision: number }, actorUserId: number) {
  return db.transaction().execute(async (trx) => {
    const section = await sectionFor(trx, input.guide, input.section);
    if (section.revision !== input.baseRevision)
      throw new GuideConflict({
        heading: section.heading,
        body: section.body,
        version: section.revision,
        updatedBy: await userName(trx, section.updated_by_user_id),
        updatedAt: section.updated_at,
      });
    if (section.heading === input.heading && section.body === input.body) return { changed: false };
    await trx
      .updateTable("guide_section")
      .set({ heading: input.heading, body: input.body, revision: section.revision + 1, updated_by_user_id: actorUserId, updated_at: nowIso() })
      .where("id", "=", section.id)
      .execute();
    await trx.updateTable("guide").set({ updated_at: nowIso() }).where("id", "=", section.guide_id).execute();
    await audit(trx, {
      actorUserId,
      action: "guide.source.saved",
      entityType: "guide_section",
      entityId: section.id,
      before: { heading: section.heading, revision: section.revision },
      after: { heading: input.heading, revision: section.revision + 1 },
    });
    await reindexGuide(trx, section.guide_id);
    return { changed: true };
  });
}

/** The sections every new guide starts with (the Swedish headings are placeholders to rewrite). */
export const newGuideSections: { key: string; kind: GuideSectionKind; heading: string }[] = [
  { key: "intro", kind: "text", heading: "" },
  { key: "arbetet", kind: "text", heading: "Vad är arbetet?" },
  { key: "en-dag", kind: "text", heading: "En dag på jobbet" },
  { key: "vagar-in", kind: "text", heading: "Vägar in" },
  { key: "var-borja", kind: "text", heading: "Var börjar jag i Sörmland?" },
  { key: "material", kind: "material", heading: "Arbetsmaterial: diskussionsfrågor" },
];

/** A new guide (a draft) with the standard sections; the slug must be free. */
export async function createGuide(db: DB, input: { slug: string; title: string; lead: string; sectorId: number | null }, actorUserId: number) {
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom("guide").select("id").where("slug", "=", input.slug).executeTakeFirst();
    if (taken) throw new PoolError("guidance:errors.slugTaken", "slug");
    const guide = await trx.insertInto("guide").values({ slug: input.slug, sector_id: input.sectorId, status: "draft" }).returning("id").executeTakeFirstOrThrow();
    await trx
      .insertInto("guide_section")
      .values(
        newGuideSections.map((s, i) => ({
          guide_id: guide.id,
          key: s.key,
          kind: s.kind,
          sort_order: (i + 1) * 10,
          heading: s.key === "intro" ? input.title : s.heading,
          body: s.key === "intro" ? input.lead : "",
          updated_by_user_id: actorUserId,
        })),
      )
      .execute();
    await audit(trx, { actorUserId, action: "guide.created", entityType: "guide", entityId: guide.id, after: input });
    await reindexGuide(trx, guide.id);
    return guide.id;
  });
}

/** Status, sector and film of a guide (admins). The film is shown only while it is public. */
export async function updateGuideSettings(db: DB, slug: string, input: { status: "draft" | "published"; sectorId: number | null; filmId: number | null }, actorUserId: number) {
  await db.transaction().execute(async (trx) => {
    const guide = await trx.selectFrom("guide").select(["id", "status", "sector_id", "film_id"]).where("slug", "=", slug).executeTakeFirst();
    if (!guide) throw new PoolError("guidance:errors.unknownGuide", "guide");
    await trx.updateTable("guide").set({ status: input.status, sector_id: input.sectorId, film_id: input.filmId, updated_at: nowIso() }).where("id", "=", guide.id).execute();
    await audit(trx, { actorUserId, action: "guide.settings", entityType: "guide", entityId: guide.id, before: guide, after: input });
  });
}

// ---------------------------------------------------------------- search

/** Rewrites the search rows of one guide: per reading language, the folded text that reader is shown. */
export async function reindexGuide(db: DB, guideId: number) {
  const languages = await listGuideLanguages(db);
  const sections = await sectionsOf(db, [guideId]);
  const translations = await publishedTranslations(db, sections.map((s) => s.id), languages.map((l) => l.code));
  const slug = (await db.selectFrom("guide").select("slug").where("id", "=", guideId).executeTakeFirst())?.slug ?? "";
  await db.deleteFrom("guide_search").where("guide_id", "=", guideId).execute();
  const rows = languages.map((language) => {
    const resolved = resolve(sections, translations, fallbackChain(language, languages));
    const text = [slug.replace(/-/g, " "), ...resolved.map((s, i) => `${s.heading} ${s.figure ?? ""} ${plainText(translationOrSourceBody(sections[i], translations, s.shownIn.code))}`)].join("\n");
    return { language: language.code, guide_id: guideId, content: foldForSearch(text) };
  });
  if (rows.length) await db.insertInto("guide_search").values(rows).execute();
}

function translationOrSourceBody(section: SectionRow, translations: TranslationRow[], code: string) {
  return translations.find((t) => t.section_id === section.id && t.language === code)?.body ?? section.body;
}

/** Full-text search among published guides in one reading language, best match first. */
export async function searchGuides(db: DB, languageCode: string, query: string, limit = 20): Promise<number[]> {
  const terms = searchTerms(query);
  if (!terms.length) return [];
  if (dialectOf(db) === "sqlite") {
    const match = terms.map((t) => `"${t.replace(/"/g, "")}"*`).join(" ");
    const rows = await sql<{ guide_id: number }>`
      select guide_search.guide_id from guide_search join guide g on g.id = guide_search.guide_id
      where guide_search match ${match} and guide_search.language = ${languageCode} and g.status = 'published'
      order by bm25(guide_search) limit ${limit}`.execute(db);
    return rows.rows.map((r) => Number(r.guide_id));
  }
  let q = db
    .selectFrom("guide_search as s")
    .innerJoin("guide as g", "g.id", "s.guide_id")
    .select("s.guide_id")
    .where("s.language", "=", languageCode)
    .where("g.status", "=", "published");
  for (const term of terms) q = q.where("s.content", "like", `%${term}%`);
  return (await q.limit(limit).execute()).map((r) => Number(r.guide_id));
}
