/**
 * A database migrated from empty must match db/schema.ts exactly: the same tables, the same
 * columns, the same nullability. The TypeScript interfaces are read with the compiler API.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { openSqlite } from "#db/connection";
import { createMigrator, migrateToLatest } from "#db/migrator";
import { migrations } from "#db/migrations/index";
import { schemaFromTypes, type Shape } from "../schema-shape";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-schema-"));
});

test("a database migrated from empty matches db/schema.ts", async () => {
  const db = openSqlite(path.join(dir, "empty.sqlite"));
  await migrateToLatest(db);
  const tables = await db.introspection.getTables();
  const actual: Shape = {};
  // FTS5's own shadow tables (guide_search_data, _idx …) are SQLite's, not ours; the FTS5 table's
  // columns carry no constraints in SQLite (the PostgreSQL table declares them not null)
  const fts = new Set(["guide_search"]);
  for (const t of tables.filter((t) => ![...fts].some((name) => t.name.startsWith(`${name}_`)))) {
    if (fts.has(t.name)) {
      actual[t.name] = Object.fromEntries(t.columns.map((c) => [c.name, { nullable: false }]));
      continue;
    }
    // SQLite reports primary-key columns as nullable; they are not, in PostgreSQL or in practice.
    const pk = await sql<{ name: string }>`select name from pragma_table_info(${t.name}) where pk > 0`.execute(db);
    const keys = new Set(pk.rows.map((r) => r.name));
    actual[t.name] = {};
    for (const c of t.columns) actual[t.name][c.name] = { nullable: c.isNullable && !keys.has(c.name) };
  }
  await db.destroy();
  expect(actual).toEqual(schemaFromTypes());
});

test("every migration runs down again to an empty database, and up again", async () => {
  const db = openSqlite(path.join(dir, "updown.sqlite"));
  await migrateToLatest(db);
  const migrator = createMigrator(db);
  for (let i = 0; i < Object.keys(migrations).length; i++) {
    const { error } = await migrator.migrateDown();
    expect(error).toBeUndefined();
  }
  expect(await db.introspection.getTables()).toEqual([]);
  await migrateToLatest(db);
  expect((await db.introspection.getTables()).length).toBeGreaterThan(5);
  await db.destroy();
});

test("every file in db/migrations is listed in the index, in order", () => {
  const files = fs
    .readdirSync("db/migrations")
    .filter((f) => /^\d{4}_\d{2}_\d{2}_\d{4}_.+\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ""))
    .sort();
  expect(Object.keys(migrations)).toEqual(files);
});

test("reference data is seeded as rows: nine municipalities, nine sectors, the national programmes", async () => {
  const db = openSqlite(path.resolve(process.env.DATA_DIR!, "vagval.sqlite"));
  const municipalities = await db.selectFrom("municipality").select(["code", "name"]).orderBy("code").execute();
  expect(municipalities.map((m) => `${m.code} ${m.name}`)).toEqual([
    "0428 Vingåker",
    "0461 Gnesta",
    "0480 Nyköping",
    "0481 Oxelösund",
    "0482 Flen",
    "0483 Katrineholm",
    "0484 Eskilstuna",
    "0486 Strängnäs",
    "0488 Trosa",
  ]);
  expect((await db.selectFrom("sector").select("name").execute()).length).toBe(9);
  const programmes = (await db.selectFrom("gymnasium_programme").select("code").execute()).map((p) => p.code);
  for (const code of ["IN", "TE", "EE", "FT", "BA", "VF", "NA", "SA"]) expect(programmes).toContain(code);
  await db.destroy();
});
