import type { Kysely } from "kysely";
import { nowInStockholm } from "../app/visits/rules";
import type { Database } from "./schema";

/**
 * An invented demo campaign (published) and a draft, so the library and /kampanjer show something,
 * and a film in the published campaign still waiting for its file (`npm run demo` gives it one,
 * made by ffmpeg, see db/seed-film.ts). Idempotent.
 */
export async function seedDemoCampaigns(db: Kysely<Database>) {
  if (await db.selectFrom("campaign").select("id").where("is_demo", "=", 1).executeTakeFirst()) return;
  const sectors = await db.selectFrom("sector").select(["id", "slug"]).execute();
  const industry = sectors.find((s) => s.slug === "industri-och-tillverkning")?.id;
  const year = Number(nowInStockholm().slice(0, 4));
  await db
    .insertInto("campaign")
    .values([
      {
        title: `Framtidens industri ${year} (demo)`,
        slug: `framtidens-industri-${year}-demo`,
        thread: "Unga som redan jobbar i industrin visar en dag på jobbet: vad de gör, vad de lärde sig och hur de kom dit. (Påhittad demo)",
        starts_on: `${year}-01-01`,
        ends_on: `${year}-12-31`,
        grades_json: JSON.stringify([5, 8, 9]),
        sectors_json: JSON.stringify(industry ? [industry] : []),
        status: "published",
        is_demo: 1,
      },
      {
        title: "Vägar in för nyanlända (demo, utkast)",
        slug: "vagar-in-for-nyanlanda-demo",
        thread: "Svenska för invandrare, yrkesvux och validering: flera vägar in i samma yrke. (Påhittad demo)",
        starts_on: `${year + 1}-01-01`,
        ends_on: `${year + 1}-06-30`,
        grades_json: JSON.stringify([10]),
        sectors_json: "[]",
        status: "draft",
        is_demo: 1,
      },
    ])
    .execute();
  const campaign = await db.selectFrom("campaign").select("id").where("slug", "=", `framtidens-industri-${year}-demo`).executeTakeFirstOrThrow();
  const communicator = await db.selectFrom("app_user").select("id").where("role", "=", "communicator").orderBy("id").executeTakeFirst();
  await db
    .insertInto("film")
    .values({
      campaign_id: campaign.id,
      title: "En dag i verkstaden (demo)",
      description: "Amina visar hur en detalj går från ritning till färdig produkt i CNC-maskinen. (Påhittad demo)",
      created_by_user_id: communicator?.id ?? null,
      is_demo: 1,
    })
    .execute();
}
