/**
 * Campaigns (first part of the media issue): communicators create and edit them; bad input is a 400
 * naming the field with nothing saved; the public list shows published campaigns only.
 */
import { db } from "~/db.server";
import { slugify } from "~/campaigns/schemas";
import { cookieFor, demo, form, request, visibleText } from "./helpers";

let communicator: string;
beforeAll(async () => {
  communicator = await cookieFor(demo.communicator);
});

const valid = { title: "Framtidens industri 2027", thread: "Unga visar en dag på jobbet.", startsOn: "2027-01-01", endsOn: "2027-06-30", grades: ["5", "8"] };

test("addresses are made from the title, Swedish letters included", () => {
  expect(slugify("Framtidens industri 2026")).toBe("framtidens-industri-2026");
  expect(slugify("Vägar in – för nyanlända!")).toBe("vagar-in-for-nyanlanda");
  expect(slugify("مرحبا")).toBe("kampanj");
});

test("bad input is a 400 naming the field, and nothing is saved", async () => {
  const count = async () => Number((await db.selectFrom("campaign").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const before = await count();
  const order = await request("/kommunikator/kampanjer/ny", { ...form({ ...valid, endsOn: "2026-12-31" }), cookie: communicator });
  expect(order.status).toBe(400);
  const noGrade = await request("/kommunikator/kampanjer/ny", { ...form({ ...valid, grades: [] }), cookie: communicator });
  expect(noGrade.status).toBe(400);
  const noTitle = await request("/kommunikator/kampanjer/ny", { ...form({ ...valid, title: " " }), cookie: communicator });
  expect(noTitle.status).toBe(400);
  expect(await visibleText(noTitle)).toContain("Namn");
  const badSector = await request("/kommunikator/kampanjer/ny", { ...form({ ...valid, sectors: ["999999"] }), cookie: communicator });
  expect(badSector.status).toBe(400);
  expect(await count()).toBe(before);
});

test("a communicator creates a draft, finds it, edits it and publishes it; the public sees it only then", async () => {
  const created = await request("/kommunikator/kampanjer/ny", { ...form(valid), cookie: communicator });
  expect(created.status).toBe(302);
  const id = Number(created.headers.get("Location")!.match(/kampanjer\/(\d+)/)![1]);
  const row = await db.selectFrom("campaign").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  expect(row.status).toBe("draft");
  expect(row.slug).toBe("framtidens-industri-2027");
  expect(await visibleText(await request("/kampanjer"))).not.toContain("Framtidens industri 2027");

  const found = await visibleText(await request("/kommunikator/kampanjer?q=industri+2027&status=draft", { cookie: communicator }));
  expect(found).toContain("Framtidens industri 2027");
  const notFound = await visibleText(await request("/kommunikator/kampanjer?q=industri+2027&status=published", { cookie: communicator }));
  expect(notFound).not.toContain("Framtidens industri 2027");

  const edited = await request(`/kommunikator/kampanjer/${id}`, { ...form({ ...valid, thread: "En ny röd tråd." }), cookie: communicator });
  expect(edited.status).toBe(302);
  expect((await db.selectFrom("campaign").select("thread").where("id", "=", id).executeTakeFirstOrThrow()).thread).toBe("En ny röd tråd.");

  expect((await request(`/kommunikator/kampanjer/${id}`, { ...form({ intent: "status", status: "published" }), cookie: communicator })).status).toBe(302);
  const publicPage = await visibleText(await request("/kampanjer"));
  expect(publicPage).toContain("Framtidens industri 2027");
  expect(publicPage).toContain("En ny röd tråd.");
  expect(publicPage).not.toContain("Vägar in för nyanlända"); // the demo draft

  expect((await request(`/kommunikator/kampanjer/${id}`, { ...form({ intent: "status", status: "withdrawn" }), cookie: communicator })).status).toBe(302);
  expect(await visibleText(await request("/kampanjer"))).not.toContain("Framtidens industri 2027");
  const audit = await db.selectFrom("audit_log").select("action").where("entity_type", "=", "campaign").where("entity_id", "=", String(id)).execute();
  expect(audit.map((a) => a.action)).toEqual(["campaign.create", "campaign.update", "campaign.status", "campaign.status"]);
});

test("a second campaign with the same title gets its own address", async () => {
  await request("/kommunikator/kampanjer/ny", { ...form({ ...valid, title: "Samma namn" }), cookie: communicator });
  await request("/kommunikator/kampanjer/ny", { ...form({ ...valid, title: "Samma namn" }), cookie: communicator });
  const slugs = (await db.selectFrom("campaign").select("slug").where("title", "=", "Samma namn").orderBy("id").execute()).map((r) => r.slug);
  expect(slugs).toEqual(["samma-namn", "samma-namn-2"]);
});

test("an unknown campaign is 404 for its managers", async () => {
  expect((await request("/kommunikator/kampanjer/99999", { cookie: communicator })).status).toBe(404);
  expect((await request("/kommunikator/kampanjer/99999", { ...form({ intent: "status", status: "published" }), cookie: communicator })).status).toBe(404);
});
