// CLI (npm run demo): invented statistics for the demo's reach dashboard — pupils per grade and
// first-choice applicants per programme for the nine Sörmland municipalities, school years
// 2018/19–2026/27. The numbers are made up (plausible sizes, a deterministic pseudo-random
// wobble) and say so in the import record's file name. Skipped when statistics already exist.
import { db } from "../app/db.server";

const sizes: Record<string, number> = { "0484": 1200, "0480": 650, "0486": 450, "0483": 400, "0482": 200, "0488": 170, "0461": 130, "0481": 130, "0428": 110 };
const programmes = ["BA", "BF", "EE", "EK", "ES", "FR", "FS", "FT", "HT", "HU", "IN", "NA", "NB", "RL", "SA", "TE", "VF", "VO"];
// shares of first choices (per cent), roughly like a Swedish municipality
const baseShare: Record<string, number> = { BA: 6, BF: 4, EE: 6, EK: 13, ES: 6, FR: 1, FS: 2, FT: 4, HT: 1, HU: 1, IN: 2, NA: 14, NB: 2, RL: 2, SA: 18, TE: 11, VF: 2, VO: 5 };

let seed = 20261205;
const wobble = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return 0.93 + (seed / 2 ** 31) * 0.14;
};

const existing = await db.selectFrom("pupil_count").select("id").limit(1).executeTakeFirst();
if (existing) {
  console.log("demo statistics: already there");
} else {
  const municipalities = await db.selectFrom("municipality").select(["id", "code"]).execute();
  const programmeIds = Object.fromEntries((await db.selectFrom("gymnasium_programme").select(["id", "code"]).execute()).map((p) => [p.code, p.id]));
  await db.transaction().execute(async (trx) => {
    const record = await trx
      .insertInto("statistics_import")
      .values({ kind: "pupils", file_name: "demo: påhittad statistik", sha256: "demo", encoding: "utf-8", row_count: 0, inserted: 0, updated: 0, unchanged: 0, imported_by_user_id: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const m of municipalities) {
      const size = sizes[m.code];
      if (!size) continue;
      const pupils = [];
      for (let schoolYear = 2019; schoolYear <= 2027; schoolYear++)
        for (let grade = 0; grade <= 9; grade++) pupils.push({ municipality_id: m.id, school_year: schoolYear, grade, pupils: Math.round(size * wobble()), import_id: record.id });
      await trx.insertInto("pupil_count").values(pupils).execute();
      const applicants = [];
      for (let year = 2019; year <= 2026; year++) {
        const total = Math.round(size * 0.97 * wobble());
        // after the network started (2024) industry-related programmes gain a little
        const lift = year >= 2025 ? 1.15 : 1;
        for (const code of programmes) {
          const industry = ["IN", "TE", "EE", "FT", "BA", "VF"].includes(code);
          applicants.push({ municipality_id: m.id, year, programme_id: programmeIds[code], applicants: Math.round((total * baseShare[code] * (industry ? lift : 1) * wobble()) / 100), import_id: record.id });
        }
      }
      await trx.insertInto("applicant_count").values(applicants).execute();
    }
  });
  console.log("demo statistics: invented pupil counts and applicants for the nine Sörmland municipalities");
}
await db.destroy();
