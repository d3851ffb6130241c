/**
 * The ambassador's own pages, through the real build: her profile and photo, her weekly times and
 * days off, her consents (withdrawal takes effect at once), the copy of her data and erasure.
 * The tests run in order and share one demo ambassador, as she would use the pages.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { availabilityCells, getAmbassadorForUser, getPublicAmbassador } from "~/ambassadors/pool.server";
import { db } from "~/db.server";
import { getStorage } from "~/storage.server";
import { cookieFor, demo, form, request, visibleText } from "./helpers";

let cookie: string;
let ambassadorId: number;
let userId: number;

const row = () => db.selectFrom("ambassador").selectAll().where("id", "=", ambassadorId).executeTakeFirstOrThrow();
const stored = async (prefix: string) => {
  const keys: string[] = [];
  for await (const entry of getStorage().list(prefix)) keys.push(entry.key);
  return keys.sort();
};
const readAll = async (key: string) => {
  const object = await getStorage().get(key);
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
};
const upload = (file: Blob, name: string) => {
  const body = new FormData();
  body.append("intent", "photo");
  body.append("photo", file, name);
  return request("/ambassador/profil", { method: "POST", body, cookie });
};
const photoUrl = (key: string, file = "640.webp") => `/media/ambassadorer/${ambassadorId}/${key.split("/").pop()}/${file}`;

/** A real camera-like JPEG: 1200×800 with EXIF, including a GPS position. */
async function jpegWithGps() {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: "#888" } })
    .jpeg()
    .withExif({
      IFD0: { Make: "Kamera", Copyright: "Amina" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "59/1 22/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "16/1 30/1 0/1" },
    })
    .toBuffer();
}

const validProfile = {
  intent: "profile",
  name: "Amina Ambassadör (demo)",
  phone: "070-123 45 67",
  occupation: "Svetsare",
  employerName: "Demo Verkstad AB",
  sectorId: "",
  educationPath: "Industritekniska programmet → lärling → svetsare",
  story: "Jag svetsar ramar till arbetsmaskiner.",
  languages: ["sv", "ar"],
  gender: "female",
  formats: ["on_site"],
  grades: ["8", "9", "10"],
};

beforeAll(async () => {
  cookie = await cookieFor(demo.ambassador);
  const user = await db.selectFrom("app_user").select("id").where("email", "=", demo.ambassador).executeTakeFirstOrThrow();
  userId = user.id;
  ambassadorId = (await getAmbassadorForUser(db, user.id))!.id;
  const sector = await db.selectFrom("sector").select("id").orderBy("sort_order").executeTakeFirstOrThrow();
  validProfile.sectorId = String(sector.id);
});

describe("pages", () => {
  test("each page answers the ambassador, and other roles are refused", async () => {
    for (const url of ["/ambassador/profil", "/ambassador/tider", "/ambassador/samtycken", "/ambassador/mina-uppgifter"]) {
      expect((await request(url, { cookie })).status, url).toBe(200);
      expect((await request(url, { cookie: await cookieFor(demo.coordinator) })).status, url).toBe(403);
      expect((await request(url)).headers.get("Location"), url).toMatch(/^\/logga-in\?redirectTo=/);
    }
  });
});

describe("profile", () => {
  test("a valid profile is saved, the account name follows, and the page says so", async () => {
    const res = await request("/ambassador/profil", { ...form({ ...validProfile, occupation: "Robotsvetsare", name: "Amina A. (demo)" }), cookie });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/ambassador/profil?sparat=profil");
    const a = await row();
    expect(a.occupation).toBe("Robotsvetsare");
    expect(a.phone).toBe("0701234567");
    expect(JSON.parse(a.languages_json)).toEqual(["sv", "ar"]);
    expect(JSON.parse(a.grades_json)).toEqual([8, 9, 10]);
    expect(a.gender).toBe("female");
    const user = await db.selectFrom("app_user").select("name").where("id", "=", userId).executeTakeFirstOrThrow();
    expect(user.name).toBe("Amina A. (demo)");
    const page = await request("/ambassador/profil?sparat=profil", { cookie });
    const text = await visibleText(page);
    expect(text).toContain("Profilen är sparad.");
    expect(text).toContain("Gymnasiet");
  });

  test("'Vill inte ange' stores no gender", async () => {
    const res = await request("/ambassador/profil", { ...form({ ...validProfile, gender: "" }), cookie });
    expect(res.status).toBe(302);
    expect((await row()).gender).toBeNull();
  });

  test("bad input answers 400 in Swedish, keeps what she wrote and changes nothing", async () => {
    const before = await row();
    const story = "En lång berättelse, med kommatecken. ".repeat(30);
    const res = await request("/ambassador/profil", { ...form({ ...validProfile, occupation: "", story, languages: [], phone: "123" }), cookie });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('href="#occupation"');
    expect(html).toContain('aria-invalid="true"');
    const text = await visibleText(new Response(html));
    expect(text).toContain("Yrke: Fyll i fältet.");
    expect(text).toContain("Välj minst ett språk.");
    expect(text).toContain("Skriv ett telefonnummer");
    // the whole story comes back, not cut off
    expect(text).toContain(story.trim());
    expect(await row()).toEqual(before);
  });

  test("an unknown sector or language is refused", async () => {
    expect((await request("/ambassador/profil", { ...form({ ...validProfile, sectorId: "99999" }), cookie })).status).toBe(400);
    expect((await request("/ambassador/profil", { ...form({ ...validProfile, languages: ["sv", "xx"] }), cookie })).status).toBe(400);
  });
});

describe("photo", () => {
  let firstKey: string;

  test("a JPEG with GPS is stored without any EXIF and served as WebP", async () => {
    const jpeg = await jpegWithGps();
    const exif = (await sharp(jpeg).metadata()).exif!;
    expect(exif.includes(Buffer.from([0x25, 0x88]))).toBe(true); // the GPS IFD pointer is there to begin with
    const res = await upload(new Blob([jpeg], { type: "image/jpeg" }), "semester.jpg");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/ambassador/profil?sparat=foto");
    const a = await row();
    expect(a.photo_key).toMatch(new RegExp(`^ambassadors/${ambassadorId}/[a-f0-9]{24}$`));
    expect([a.photo_width, a.photo_height]).toEqual([640, 427]);
    firstKey = a.photo_key!;
    const variant = await readAll(`${firstKey}/640.webp`);
    const meta = await sharp(variant).metadata();
    expect(meta.format).toBe("webp");
    expect(meta.exif).toBeUndefined();
    expect((await sharp(await readAll(`${firstKey}/640.jpg`)).metadata()).exif).toBeUndefined();

    const served = await request(photoUrl(firstKey));
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/webp");
    expect(Buffer.from(await served.arrayBuffer()).equals(variant)).toBe(true);

    const page = await visibleText(await request("/ambassador/profil?sparat=foto", { cookie }));
    expect(page).toContain("Fotot är sparat.");
    expect(page).toContain("Ditt nuvarande foto");
  });

  test("a new photo replaces the old one, whose files are deleted", async () => {
    const png = await sharp({ create: { width: 800, height: 800, channels: 3, background: "#246" } }).png().toBuffer();
    const res = await upload(new Blob([png], { type: "image/png" }), "ny.png");
    expect(res.status).toBe(302);
    const a = await row();
    expect(a.photo_key).not.toBe(firstKey);
    expect(await stored(`${firstKey}/`)).toEqual([]);
    expect(await stored(`${a.photo_key}/`)).toHaveLength(6);
    expect((await request(photoUrl(firstKey))).status).toBe(404);
  });

  test("a PDF renamed .jpg is refused by its bytes, not its name", async () => {
    const before = await row();
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    const res = await upload(new Blob([pdf], { type: "image/jpeg" }), "foto.jpg");
    expect(res.status).toBe(400);
    const text = await visibleText(res);
    expect(text).toContain("Foto: Filen är ingen JPEG-, PNG- eller WebP-bild.");
    expect((await row()).photo_key).toBe(before.photo_key);
  });

  test("a 20 MB file is refused as too large and nothing is stored", async () => {
    const before = await stored(`ambassadors/${ambassadorId}/`);
    const big = Buffer.alloc(20 * 1024 * 1024, 0xff);
    big.set([0xff, 0xd8, 0xff, 0xe0], 0);
    const res = await upload(new Blob([big], { type: "image/jpeg" }), "stor.jpg");
    expect(res.status).toBe(400);
    expect(await visibleText(res)).toContain("Bilden är för stor. Den får vara högst 15 MB.");
    expect(await stored(`ambassadors/${ambassadorId}/`)).toEqual(before);
  });

  test("submitting without choosing a file asks for one", async () => {
    const res = await upload(new Blob([]), "");
    expect(res.status).toBe(400);
    expect(await visibleText(res)).toContain("Välj en bild att ladda upp.");
  });
});

describe("consents", () => {
  test("the page shows each consent text, whether it is given, and a button to withdraw it", async () => {
    const res = await request("/ambassador/samtycken", { cookie });
    const text = await visibleText(res);
    expect(text).toContain("Jag samtycker till att mitt namn, yrke");
    expect(text).toContain("version 1");
    expect(text).toContain("Lämnat");
    expect(text).toContain("Återkalla samtycke");
  });

  test("withdrawing the profile consent hides the public profile and photo at once; giving it back shows them", async () => {
    const a = await row();
    expect((await request(`/ambassadorer/${ambassadorId}`)).status).toBe(200);
    expect((await request(photoUrl(a.photo_key!))).status).toBe(200);

    const res = await request("/ambassador/samtycken", { ...form({ intent: "withdraw", kind: "profile" }), cookie });
    expect(res.status).toBe(302);
    expect(await getPublicAmbassador(db, ambassadorId)).toBeNull();
    expect((await request(`/ambassadorer/${ambassadorId}`)).status).toBe(404);
    expect((await request(photoUrl(a.photo_key!))).status).toBe(404);
    // she still sees her own photo
    expect((await request(photoUrl(a.photo_key!), { cookie })).status).toBe(200);
    const own = await visibleText(await request("/ambassador/profil", { cookie }));
    expect(own).toContain("Din profil visas inte publikt just nu.");
    const page = await visibleText(await request(res.headers.get("Location")!, { cookie }));
    expect(page).toContain("Samtycket är återkallat. Det gäller från och med nu.");
    expect(page).toContain("Inte lämnat");

    const give = await request("/ambassador/samtycken", { ...form({ intent: "give", kind: "profile" }), cookie });
    expect(give.status).toBe(302);
    expect(await getPublicAmbassador(db, ambassadorId)).not.toBeNull();
    expect((await request(`/ambassadorer/${ambassadorId}`)).status).toBe(200);
    expect(await visibleText(await request("/ambassador/profil", { cookie }))).toContain("Se din publika profil");
  });

  test("an unknown consent kind is refused", async () => {
    expect((await request("/ambassador/samtycken", { ...form({ intent: "withdraw", kind: "everything" }), cookie })).status).toBe(400);
  });
});

describe("availability", () => {
  test("every cell of the grid has its own name", async () => {
    const html = await (await request("/ambassador/tider", { cookie })).text();
    expect(html).toContain("Måndag kl. 08–09");
    expect(html).toContain("Fredag kl. 16–17");
    expect(html.match(/type="checkbox"/g)).toHaveLength(45);
  });

  test("the weekly times and the monthly cap are saved", async () => {
    const res = await request("/ambassador/tider", { ...form({ intent: "availability", slots: ["1-08", "3-13", "5-16"], maxVisitsPerMonth: "3" }), cookie });
    expect(res.status).toBe(302);
    expect((await availabilityCells(db, ambassadorId)).sort()).toEqual(["1-08", "3-13", "5-16"]);
    expect((await row()).max_visits_per_month).toBe(3);
    const html = await (await request("/ambassador/tider?sparat=tider", { cookie })).text();
    expect(html).toMatch(/id="slot-3-13"[^>]*checked/);
    expect(await visibleText(new Response(html))).toContain("Tiderna är sparade.");
  });

  test("a cap over 20 or a made-up cell is refused and nothing changes", async () => {
    const res = await request("/ambassador/tider", { ...form({ intent: "availability", slots: ["2-10"], maxVisitsPerMonth: "50" }), cookie });
    expect(res.status).toBe(400);
    expect(await visibleText(res)).toContain("Skriv ett heltal mellan 0 och 20.");
    expect((await request("/ambassador/tider", { ...form({ intent: "availability", slots: ["1-07"], maxVisitsPerMonth: "2" }), cookie })).status).toBe(400);
    expect((await availabilityCells(db, ambassadorId)).sort()).toEqual(["1-08", "3-13", "5-16"]);
  });

  test("days off are added, listed and removed; the dates must be in order", async () => {
    const bad = await request("/ambassador/tider", { ...form({ intent: "addBlackout", fromDate: "2026-07-31", toDate: "2026-07-01", note: "" }), cookie });
    expect(bad.status).toBe(400);
    expect(await visibleText(bad)).toContain("Slutdatumet måste vara samma dag som eller efter startdatumet.");
    const res = await request("/ambassador/tider", { ...form({ intent: "addBlackout", fromDate: "2026-07-01", toDate: "2026-07-31", note: "Semester" }), cookie });
    expect(res.status).toBe(302);
    const added = await db.selectFrom("blackout").selectAll().where("ambassador_id", "=", ambassadorId).executeTakeFirstOrThrow();
    expect(added).toMatchObject({ from_date: "2026-07-01", to_date: "2026-07-31", note: "Semester" });
    const page = await visibleText(await request("/ambassador/tider", { cookie }));
    expect(page).toContain("2026-07-01 2026-07-31 Semester");

    const removed = await request("/ambassador/tider", { ...form({ intent: "removeBlackout", id: String(added.id) }), cookie });
    expect(removed.status).toBe(302);
    expect(await db.selectFrom("blackout").select("id").where("id", "=", added.id).executeTakeFirst()).toBeUndefined();
  });

  test("another ambassador's day off cannot be removed", async () => {
    const other = await db.selectFrom("ambassador").select("id").where("email", "=", "elin.demo@demo.example").executeTakeFirstOrThrow();
    const theirs = await db
      .insertInto("blackout")
      .values({ ambassador_id: other.id, from_date: "2026-08-01", to_date: "2026-08-02", note: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const res = await request("/ambassador/tider", { ...form({ intent: "removeBlackout", id: String(theirs.id) }), cookie });
    expect(res.status).toBe(404);
    expect(await db.selectFrom("blackout").select("id").where("id", "=", theirs.id).executeTakeFirst()).toBeDefined();
  });
});

describe("my data", () => {
  test("the zip holds data.json with her data and her photos, and is never cached", async () => {
    const res = await request("/ambassador/mina-uppgifter/zip", { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/zip");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="vagval-mina-uppgifter.zip"');
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "vagval-zip-")), "export.zip");
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const names = execFileSync("unzip", ["-Z1", file], { encoding: "utf8" }).trim().split("\n").sort();
    expect(names).toContain("data.json");
    expect(names).toContain("photos/640.webp");
    const exported = JSON.parse(execFileSync("unzip", ["-p", file, "data.json"], { encoding: "utf8" }));
    expect(exported.profile.name).toBe(validProfile.name);
    expect(exported.profile.occupation).toBe(validProfile.occupation);
    expect(exported.account.email).toBe(demo.ambassador);
    expect(exported.availability).toHaveLength(3);
    expect((await request("/ambassador/mina-uppgifter/zip")).status).toBe(302);
  });

  test("erasure needs the box ticked", async () => {
    const res = await request("/ambassador/mina-uppgifter", { ...form({ intent: "erase" }), cookie });
    expect(res.status).toBe(400);
    expect(await visibleText(res)).toContain("Kryssa i rutan för att bekräfta.");
    expect((await row()).name).not.toBeNull();
  });

  test("erasure removes her data, photos and account, keeps the anonymous row and confirms without an account", async () => {
    const { photo_key } = await row();
    expect(await stored(`${photo_key}/`)).not.toHaveLength(0);
    const count = async () => Number((await db.selectFrom("ambassador").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    const before = await count();

    const res = await request("/ambassador/mina-uppgifter", { ...form({ intent: "erase", confirm: "on" }), cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("Set-Cookie")).toMatch(/^vagval_session=[^;]*;.*Max-Age=0/);
    const text = await visibleText(res);
    expect(text).toContain("Dina uppgifter är raderade. Tack för att du varit ambassadör!");
    expect(text).toContain("Logga in"); // the page already shows her signed out

    const a = await row();
    expect(a.name).toBeNull();
    expect(a.email).toBeNull();
    expect(a.photo_key).toBeNull();
    expect(a.erased_at).not.toBeNull();
    expect(a.user_id).toBeNull();
    expect(await count()).toBe(before);
    expect(await db.selectFrom("app_user").select("id").where("email", "=", demo.ambassador).executeTakeFirst()).toBeUndefined();
    expect(await stored(`ambassadors/${ambassadorId}/`)).toEqual([]);
    expect((await request(`/ambassadorer/${ambassadorId}`)).status).toBe(404);
    expect((await request("/ambassador/profil", { cookie })).status).toBe(302);
  });
});
