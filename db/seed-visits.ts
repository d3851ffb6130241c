import type { Insertable, Kysely } from "kysely";
import { randomBytes } from "node:crypto";
import { addDays } from "../app/ambassadors/rules";
import { isoWeekday, nowInStockholm, occupiedQuarters } from "../app/visits/rules";
import type { Database, VisitTable } from "./schema";

/**
 * Invented demo visits, relative to today so the demo always has something to show:
 *  1. an open request from the Eskilstuna demo school for 5B and 5C (on site, three windows, wishes)
 *  2. a completed visit to 8A with Amina a fortnight ago: report, reflection and survey answers
 *  3. a confirmed visit to 8A with Amina yesterday: the pupils' survey is open
 *  4. an open request from the Strängnäs school, 5. one from the Nyköping school (other scopes)
 * Idempotent: nothing is added when demo visits exist.
 */
export async function seedDemoVisits(db: Kysely<Database>) {
  if (await db.selectFrom("visit").select("id").where("is_demo", "=", 1).executeTakeFirst()) return;
  const school = async (code: string) => (await db.selectFrom("school").select("id").where("unit_code", "=", code).executeTakeFirstOrThrow()).id;
  const [eskilstuna, strangnas, nykoping] = [await school("99000001"), await school("99000002"), await school("99000003")];
  const groups = await db.selectFrom("class_group").select(["id", "label", "pupils"]).where("school_id", "=", eskilstuna).execute();
  const group = (label: string) => groups.find((g) => g.label === label)!;
  const amina = await db.selectFrom("ambassador").select("id").where("email", "=", "ambassador@demo.example").executeTakeFirstOrThrow();
  const staff = await db.selectFrom("app_user").select("id").where("email", "=", "skola@demo.example").executeTakeFirst();
  const holidays = await db.selectFrom("school_holiday").select(["from_date", "to_date"]).execute();
  const today = nowInStockholm().slice(0, 10);
  const schoolDay = (from: string, step: 1 | -1, weekdays = [1, 2, 3, 4, 5], skipHolidays = true) => {
    let d = from;
    while (!weekdays.includes(isoWeekday(d)) || (skipHolidays && holidays.some((h) => h.from_date <= d && d <= h.to_date))) d = addDays(d, step);
    return d;
  };
  const token = () => randomBytes(24).toString("base64url");
  const base = { is_demo: 1, requested_by_user_id: staff?.id ?? null, survey_token: "" };

  const insertVisit = async (values: Insertable<VisitTable>) =>
    (await db.insertInto("visit").values(values).returning("id").executeTakeFirstOrThrow()).id;

  // 1. the journey's request: Monday and Wednesday mornings, a week or more ahead (Amina is free then)
  const d1 = schoolDay(addDays(today, 7), 1, [1]);
  const d2 = schoolDay(addDays(d1, 2), 1, [3]);
  const d3 = schoolDay(addDays(d1, 7), 1, [1]);
  const sector = await db.selectFrom("sector").select("id").where("slug", "=", "industri-och-tillverkning").executeTakeFirst();
  const v1 = await insertVisit({
    ...base,
    survey_token: token(),
    school_id: eskilstuna,
    format: "on_site",
    sector_id: sector?.id ?? null,
    languages_json: JSON.stringify(["ar"]),
    prefer_female: 1,
    message: "Klasserna har arbetat med temat framtidens jobb. (Demo)",
  });
  await db.insertInto("visit_window").values([d1, d2, d3].map((d) => ({ visit_id: v1, start_at: `${d}T09:00`, end_at: `${d}T10:00` }))).execute();
  await db.insertInto("visit_class_group").values([{ visit_id: v1, class_group_id: group("5B").id }, { visit_id: v1, class_group_id: group("5C").id }]).execute();

  // 2. completed a fortnight ago, 3. confirmed yesterday
  for (const [daysAgo, status] of [[14, "completed"], [1, "confirmed"]] as const) {
    // weekdays, holidays or not: right after a long holiday the survey of "yesterday" must still be open
    const day = schoolDay(addDays(today, -daysAgo), -1, [1, 2, 3, 4, 5], false);
    const start = `${day}T13:00`;
    const end = `${day}T14:00`;
    const id = await insertVisit({
      ...base,
      survey_token: token(),
      school_id: eskilstuna,
      format: "on_site",
      status,
      ambassador_id: amina.id,
      start_at: start,
      end_at: end,
      sequence: 1,
      confirmed_at: new Date(Date.now() - (daysAgo + 7) * 86400_000).toISOString(),
      ...(status === "completed"
        ? { rating: 5, rating_comment: "Eleverna ställde många frågor. (Demo)", reported_at: new Date().toISOString(), reflection: "En nyfiken klass; många frågade om lön och arbetstider. (Demo)", reflection_at: new Date().toISOString() }
        : {}),
    });
    await db.insertInto("visit_window").values({ visit_id: id, start_at: start, end_at: end }).execute();
    await db.insertInto("visit_class_group").values({ visit_id: id, class_group_id: group("8A").id, pupils_reached: status === "completed" ? 25 : null }).execute();
    await db.insertInto("visit_proposal").values({ visit_id: id, ambassador_id: amina.id, start_at: start, end_at: end, status: "confirmed", decided_at: new Date().toISOString() }).execute();
    await db.insertInto("booking_slot").values(occupiedQuarters(start, end, "on_site").map((quarter) => ({ ambassador_id: amina.id, quarter, visit_id: id }))).execute();
    if (status === "completed") {
      const answers = ["yes", "yes", "maybe", "yes", "no", "maybe", "yes", "maybe", "yes", "yes"] as const;
      await db
        .insertInto("survey_response")
        .values(answers.map((a, i) => ({ visit_id: id, locale: i % 3 ? "sv" : "ar", knows_more: a, could_work: answers[(i + 3) % 10], vocational_programme: answers[(i + 6) % 10], answered_on: day })))
        .execute();
    }
  }

  // 4–5. requests from schools in other municipalities
  for (const schoolId of [strangnas, nykoping]) {
    const id = await insertVisit({ ...base, survey_token: token(), school_id: schoolId, format: "digital" });
    const d = schoolDay(addDays(today, 10), 1);
    await db.insertInto("visit_window").values({ visit_id: id, start_at: `${d}T10:00`, end_at: `${d}T11:00` }).execute();
  }
}

