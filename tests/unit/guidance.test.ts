/**
 * Guidance in the reader's own language, on a real SQLite file with the seeded guides: fallback
 * along the language chain, outdated marking after a source edit, conflicting saves, sanitised
 * Markdown, search that forgives diacritics and Arabic vowel marks, languages as data, and the
 * routes' answers to bad input (400 for an unknown language or a taken slug, 409 for a conflict).
 */
import fs from "node:fs";
import path from "node:path";
import { db } from "~/db.server";
import {
  createGuide,
  findGuideLanguage,
  GuideConflict,
  listGuideLanguages,
  readGuide,
  saveSource,
  saveTranslation,
  searchGuides,
  translationEditor,
  translationOverview,
} from "~/guidance/guidance.server";
import { foldForSearch, renderMarkdown } from "~/guidance/text.server";
import { PoolError } from "~/errors";
import { cookieFor, demo, form, request, visibleText } from "./helpers";

let adminId: number;
let translatorId: number;
const lang = async (code: string) => (await findGuideLanguage(db, code))!;

beforeAll(async () => {
  adminId = (await db.selectFrom("app_user").select("id").where("email", "=", demo.admin).executeTakeFirstOrThrow()).id;
  translatorId = (await db.selectFrom("app_user").select("id").where("email", "=", demo.translator).executeTakeFirstOrThrow()).id;
});

describe("seed content", () => {
  const dir = path.resolve("content/guides");
  const guides = fs.readdirSync(dir);
  it("has at least four guides, each with every section in all nine reading languages", async () => {
    expect(guides.length).toBeGreaterThanOrEqual(4);
    const codes = (await listGuideLanguages(db)).map((l) => l.code);
    expect(codes).toEqual(["sv", "lattlast", "en", "ar", "prs", "fa", "so", "ti", "uk"]);
    for (const slug of guides) {
      const keys = (JSON.parse(fs.readFileSync(path.join(dir, slug, "guide.json"), "utf8")) as { sections: { key: string }[] }).sections.map((s) => s.key);
      for (const code of codes) {
        const file = path.join(dir, slug, `${code}.json`);
        expect(fs.existsSync(file), `${slug}/${code}.json`).toBe(true);
        const texts = JSON.parse(fs.readFileSync(file, "utf8")) as { sections: Record<string, { heading: string; body: string }> };
        for (const key of keys) expect(texts.sections[key]?.heading, `${slug}/${code}.json: ${key}`).toBeTruthy();
      }
    }
  });

  it("the engineering guide names the 500 assemblers the seed documents speak of, with its source", async () => {
    const read = await readGuide(db, "verkstadsindustri", await lang("sv"), await listGuideLanguages(db));
    const facts = read!.sections.filter((s) => s.kind === "fact");
    expect(facts.map((f) => f.figure)).toContain("500");
    expect(facts.every((f) => f.source && f.source.length > 10)).toBe(true);
  });
});

describe("reading with fallback", () => {
  it("shows a section that lacks a translation in easy Swedish, then Swedish, and says so", async () => {
    const languages = await listGuideLanguages(db);
    const ar = await lang("ar");
    const guide = await db.selectFrom("guide").select("id").where("slug", "=", "svetsare").executeTakeFirstOrThrow();
    const section = await db.selectFrom("guide_section").select(["id", "heading"]).where("guide_id", "=", guide.id).where("key", "=", "en-dag").executeTakeFirstOrThrow();
    await db.deleteFrom("guide_translation").where("section_id", "=", section.id).where("language", "=", "ar").execute();
    let read = await readGuide(db, "svetsare", ar, languages);
    let day = read!.sections.find((s) => s.key === "en-dag")!;
    expect(day.fallback).toBe(true);
    expect(day.shownIn.code).toBe("lattlast");
    expect(day.shownIn.dir).toBe("ltr");
    expect(read!.sections.find((s) => s.key === "arbetet")!.fallback).toBe(false);

    await db.deleteFrom("guide_translation").where("section_id", "=", section.id).where("language", "=", "lattlast").execute();
    read = await readGuide(db, "svetsare", ar, languages);
    day = read!.sections.find((s) => s.key === "en-dag")!;
    expect(day.shownIn.code).toBe("sv");
    expect(day.heading).toBe(section.heading);

    // the page: the Swedish text marked lang="sv" dir="ltr" inside the right-to-left page, the note in Arabic
    const res = await request("/ar/vagledning/svetsare");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(html).toContain('<div lang="sv" dir="ltr"><h2 id="avsnitt-en-dag">');
    // the note in Arabic (locales/ar/guidance.json), naming the language the text is shown in
    const note = (JSON.parse(fs.readFileSync("locales/ar/guidance.json", "utf8")) as { guide: { fallback: string } }).guide.fallback;
    expect(html).toContain(note.replace("{{shownIn}}", "Svenska"));
    expect(html).not.toContain("<script");
  });

  it("a draft translation is not shown to the public", async () => {
    const languages = await listGuideLanguages(db);
    const so = await lang("so");
    await saveTranslation(db, { guide: "cnc-operator", section: "en-dag", language: so, heading: "Maalin (qabyo)", body: "Qoraal qabyo ah.", baseVersion: (await versionOf("cnc-operator", "en-dag", "so")), publish: false, nativeReviewed: false }, translatorId);
    const read = await readGuide(db, "cnc-operator", so, languages);
    const day = read!.sections.find((s) => s.key === "en-dag")!;
    expect(day.heading).not.toBe("Maalin (qabyo)");
    expect(day.fallback).toBe(true);
  });
});

async function versionOf(slug: string, key: string, code: string) {
  const editor = await translationEditor(db, slug, await lang(code));
  return editor!.sections.find((s) => s.key === key)!.translation?.version ?? 0;
}

describe("translation workflow", () => {
  it("a change to the Swedish source makes every translation of that section outdated until it is updated", async () => {
    const sv = await lang("sv");
    const before = await translationEditor(db, "underhallstekniker", await lang("uk"));
    const arbetet = before!.sections.find((s) => s.key === "arbetet")!;
    expect(arbetet.status).toBe("published");
    await saveSource(db, { guide: "underhallstekniker", section: "arbetet", heading: arbetet.heading, body: `${arbetet.body}\n\nEn ny mening.`, baseRevision: arbetet.revision }, adminId);
    for (const code of ["lattlast", "en", "ar", "prs", "fa", "so", "ti", "uk"]) {
      const editor = await translationEditor(db, "underhallstekniker", await lang(code));
      expect(editor!.sections.find((s) => s.key === "arbetet")!.status, code).toBe("outdated");
      expect(editor!.sections.find((s) => s.key === "en-dag")!.status, code).toBe("published");
    }
    const overview = await translationOverview(db);
    const row = overview.rows.find((r) => r.slug === "underhallstekniker")!;
    expect(row.cells.every((c) => c.outdated === 1)).toBe(true);
    // the reader still gets the outdated translation, with a note
    const read = await readGuide(db, "underhallstekniker", await lang("uk"), await listGuideLanguages(db));
    expect(read!.sections.find((s) => s.key === "arbetet")!.outdated).toBe(true);

    // updating the Ukrainian translation makes it current again; the others stay outdated
    await saveTranslation(db, { guide: "underhallstekniker", section: "arbetet", language: await lang("uk"), heading: "Робота", body: "Оновлений текст.", baseVersion: await versionOf("underhallstekniker", "arbetet", "uk"), publish: true, nativeReviewed: false }, translatorId);
    const uk = await translationEditor(db, "underhallstekniker", await lang("uk"));
    const updated = uk!.sections.find((s) => s.key === "arbetet")!;
    expect(updated.status).toBe("published");
    expect(updated.translation!.reviewed_by).toBe("Tove Översättare (demo)");
    expect((await translationEditor(db, "underhallstekniker", await lang("so")))!.sections.find((s) => s.key === "arbetet")!.status).toBe("outdated");
    // saving the source unchanged does not outdate anything
    const again = (await translationEditor(db, "underhallstekniker", sv))!.sections.find((s) => s.key === "arbetet")!;
    expect((await saveSource(db, { guide: "underhallstekniker", section: "arbetet", heading: again.heading, body: again.body, baseRevision: again.revision }, adminId)).changed).toBe(false);
  });

  it("two translators saving the same section: the second is told and nothing of either is lost", async () => {
    const ti = await lang("ti");
    const base = await versionOf("verkstadsindustri", "en-dag", "ti");
    await saveTranslation(db, { guide: "verkstadsindustri", section: "en-dag", language: ti, heading: "መዓልቲ ሓደ", body: "ናይ ቀዳማይ ጽሑፍ", baseVersion: base, publish: false, nativeReviewed: false }, translatorId);
    const second = saveTranslation(db, { guide: "verkstadsindustri", section: "en-dag", language: ti, heading: "መዓልቲ ክልተ", body: "ናይ ካልኣይ ጽሑፍ", baseVersion: base, publish: false, nativeReviewed: false }, adminId);
    await expect(second).rejects.toBeInstanceOf(GuideConflict);
    await second.catch((e: GuideConflict) => expect(e.current.body).toBe("ናይ ቀዳማይ ጽሑፍ"));
    const stored = (await translationEditor(db, "verkstadsindustri", ti))!.sections.find((s) => s.key === "en-dag")!.translation!;
    expect(stored.body).toBe("ናይ ቀዳማይ ጽሑፍ");

    // through the page: 409, the second translator's text still in the form, the saved text beside it
    const cookie = await cookieFor(demo.translator);
    const res = await request("/oversattning/verkstadsindustri/ti", {
      ...form({ intent: "translation", section: "en-dag", heading: "መዓልቲ ክልተ", body: "ናይ ካልኣይ ጽሑፍ", baseVersion: String(base), publish: "0" }),
      cookie,
    });
    expect(res.status).toBe(409);
    const text = await visibleText(res);
    expect(text).toContain("ናይ ካልኣይ ጽሑፍ");
    expect(text).toContain("ናይ ቀዳማይ ጽሑፍ");
  });

  it("refuses a taken slug and a badly formed one with 400 and the field", async () => {
    await expect(createGuide(db, { slug: "svetsare", title: "Dubblett", lead: "x", sectorId: null }, adminId)).rejects.toBeInstanceOf(PoolError);
    const cookie = await cookieFor(demo.admin);
    let res = await request("/oversattning/ny", { ...form({ slug: "svetsare", title: "Svetsare igen", lead: "Ingress." }), cookie });
    expect(res.status).toBe(400);
    expect(await visibleText(res)).toContain("Det finns redan en vägledning med den adressen");
    res = await request("/oversattning/ny", { ...form({ slug: "../Svets are", title: "Svetsare", lead: "Ingress." }), cookie });
    expect(res.status).toBe(400);
    expect(await visibleText(res)).toContain("Använd bara små bokstäver");
    res = await request("/oversattning/ny", { ...form({ slug: "plattslagare", title: "Plåtslagare", lead: "Om plåt." }), cookie });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/oversattning/plattslagare/sv?skapad=1");
    const overview = await translationOverview(db);
    expect(overview.rows.find((r) => r.slug === "plattslagare")!.cells[0].missing).toBe(6);
    // a draft guide is not public
    expect((await request("/sv/vagledning/plattslagare")).status).toBe(404);
  });

  it("answers an unknown language code with 400 on reading and editing pages", async () => {
    for (const url of ["/xx/vagledning", "/xx/vagledning/svetsare", "/klingon/vagledning/svetsare/material"]) {
      const res = await request(url);
      expect(res.status, url).toBe(400);
      expect(await visibleText(res)).toContain("Det finns inget språk med koden");
    }
    const res = await request("/oversattning/svetsare/xx", { cookie: await cookieFor(demo.translator) });
    expect(res.status).toBe(400);
  });

  it("the Swedish source is the editors' (admins'): a translator may not change it", async () => {
    const cookie = await cookieFor(demo.translator);
    expect((await request("/oversattning/svetsare/sv", { cookie })).status).toBe(403);
    const res = await request("/oversattning/svetsare/sv", { ...form({ intent: "source", section: "intro", heading: "Hackad", body: "x", baseVersion: "1" }), cookie });
    expect(res.status).toBe(403);
  });
});

describe("Markdown", () => {
  it("neutralises script, event handlers and javascript: links written into a guide", () => {
    const html = renderMarkdown(
      'Hej <script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[klicka](javascript:alert(3)) och [Skolverket](https://www.skolverket.se)\n\n<a href="#" onclick="alert(4)">x</a>',
    );
    expect(html).not.toMatch(/<script|onerror|onclick|javascript:|<img/i);
    expect(html).toContain('<a href="https://www.skolverket.se">Skolverket</a>');
  });

  it("a translator's script never reaches a reader", async () => {
    const en = await lang("en");
    await saveTranslation(db, { guide: "svetsare", section: "var-borja", language: en, heading: "Start <b>here</b>", body: "Go <script>document.title='x'</script>to **Komvux**.", baseVersion: await versionOf("svetsare", "var-borja", "en"), publish: true, nativeReviewed: false }, translatorId);
    const html = await (await request("/en/vagledning/svetsare")).text();
    expect(html).not.toContain("document.title");
    expect(html).toContain("<strong>Komvux</strong>");
    expect(html).toContain("Start &lt;b&gt;here&lt;/b&gt;");
  });
});

describe("search", () => {
  it("finds CNC in every language, and forgives case and Swedish diacritics", async () => {
    const cnc = (await db.selectFrom("guide").select("id").where("slug", "=", "cnc-operator").executeTakeFirstOrThrow()).id;
    for (const code of ["sv", "lattlast", "en", "ar", "prs", "fa", "so", "ti", "uk"]) expect(await searchGuides(db, code, "CNC"), code).toContain(cnc);
    expect((await searchGuides(db, "sv", "cnc"))[0]).toBe(cnc);
    expect(await searchGuides(db, "sv", "CNC-OPERATOR")).toContain(cnc);
    const welder = (await db.selectFrom("guide").select("id").where("slug", "=", "svetsare").executeTakeFirstOrThrow()).id;
    expect(await searchGuides(db, "sv", "svetsarE")).toContain(welder);
    expect(await searchGuides(db, "sv", "lärling")).toEqual(await searchGuides(db, "sv", "larling"));
    expect(await searchGuides(db, "sv", "zzzxqy")).toEqual([]);
    expect(await searchGuides(db, "sv", "  ")).toEqual([]);
  });

  it("finds an Arabic word with or without vowel marks and hamza", async () => {
    expect(foldForSearch("أَحْمَد")).toBe(foldForSearch("احمد"));
    const welder = (await db.selectFrom("guide").select("id").where("slug", "=", "svetsare").executeTakeFirstOrThrow()).id;
    const arabicTitle = (await readGuide(db, "svetsare", await lang("ar"), await listGuideLanguages(db)))!.sections[0].heading;
    const word = arabicTitle.split(/\s+/).find((w) => /\p{Script=Arabic}{3,}/u.test(w))!;
    expect(word).toBeTruthy();
    expect(await searchGuides(db, "ar", word)).toContain(welder);
    expect(await searchGuides(db, "ar", word.replace(/(\p{Script=Arabic})/u, "$1\u064E"))).toContain(welder); // with a fatha added
    // the page
    const res = await request(`/ar/vagledning?q=${encodeURIComponent(word)}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('href="/ar/vagledning/svetsare"');
  });
});

describe("languages are data", () => {
  it("a language added as a row is readable at once, falling back with a note", async () => {
    await db
      .insertInto("guide_language")
      .values({ code: "pl", native_name: "Polski", swedish_name: "polska", language_code: "pl", html_lang: "pl", hreflang: "pl", dir: "ltr", interface_language: "pl", fallback_code: "lattlast", sort_order: 50 })
      .execute();
    const res = await request("/pl/vagledning/svetsare");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<html lang="pl" dir="ltr">/); // interface texts fall back to Swedish
    expect(html).toContain('hrefLang="pl"');
    expect(html).toContain("Lättläst svenska");
    expect((await translationOverview(db)).languages.map((l) => l.code)).toContain("pl");
    await db.deleteFrom("guide_language").where("code", "=", "pl").execute();
  });
});

describe("the guide's film", () => {
  it("shows the linked film only while it is public, with the reader's subtitles on by default and nothing preloaded", async () => {
    const film = await db.selectFrom("film").select(["id", "campaign_id"]).where("is_demo", "=", 1).orderBy("id").executeTakeFirstOrThrow();
    const guide = await db.selectFrom("guide").select("film_id").where("slug", "=", "verkstadsindustri").executeTakeFirstOrThrow();
    expect(guide.film_id).toBe(film.id);
    // a draft film: not on the page
    expect(await (await request("/ti/vagledning/verkstadsindustri")).text()).not.toContain("<video");
    // processed and published (as films.server would leave it), with Swedish and Tigrinya subtitles
    await db.updateTable("campaign").set({ status: "published" }).where("id", "=", film.campaign_id).execute();
    await db
      .updateTable("film")
      .set({ status: "published", processing: "ready", key: "films/demo.mp4", content_type: "video/mp4", width: 640, height: 360, duration_seconds: 5 })
      .where("id", "=", film.id)
      .execute();
    for (const language of ["sv", "ti"])
      await db.insertInto("film_subtitle").values({ film_id: film.id, language, key: `films/demo.${language}.vtt`, source_format: "vtt", cues: 2, sha256: "0".repeat(64) }).execute();
    const html = await (await request("/ti/vagledning/verkstadsindustri")).text();
    expect(html).toContain('preload="none"');
    expect(html).toMatch(/<track kind="subtitles" src="\/media\/filmer\/\d+\/undertexter\/ti\.vtt" srcLang="ti" label="ትግርኛ" default=""\/>/);
    expect(html).toMatch(/<track kind="subtitles" src="\/media\/filmer\/\d+\/undertexter\/sv\.vtt" srcLang="sv" label="Svenska"\/>/);
    expect(html).not.toContain("<script");
  });
});
