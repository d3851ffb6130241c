import type { DB } from "~/db.server";

/** The choices the ambassador forms offer: all reference data, read from the database. */
export async function ambassadorFormOptions(db: DB) {
  const [municipalities, sectors, languages] = await Promise.all([
    db.selectFrom("municipality").select(["id", "code", "name"]).orderBy("name").execute(),
    db.selectFrom("sector").select(["id", "slug", "name"]).orderBy("sort_order").execute(),
    db.selectFrom("language").select(["code", "native_name", "dir"]).orderBy("sort_order").execute(),
  ]);
  return { municipalities, sectors, languages };
}
