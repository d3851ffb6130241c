import { db } from "~/db.server";
import { cookieFor, demo, form, request, visibleText } from "./helpers";

const htmlAttrs = (html: string) => html.match(/<html lang="([^"]+)" dir="([^"]+)"/)?.slice(1);

describe("interface language", () => {
  test("Swedish by default", async () => {
    expect(htmlAttrs(await (await request("/")).text())).toEqual(["sv", "ltr"]);
  });

  test("taken from Accept-Language the first time", async () => {
    const res = await request("/", { headers: { "Accept-Language": "ar-SE,ar;q=0.9,en;q=0.5" } });
    expect(htmlAttrs(await res.text())).toEqual(["ar", "rtl"]);
    const ti = await request("/", { headers: { "Accept-Language": "ti" } });
    expect(htmlAttrs(await ti.text())).toEqual(["ti", "ltr"]);
  });

  test("the choice is remembered in a cookie and beats Accept-Language", async () => {
    const res = await request("/sprak", form({ lng: "fa", redirectTo: "/tillganglighet" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/tillganglighet");
    const cookie = res.headers.get("Set-Cookie")!.split(";")[0];
    const page = await request("/tillganglighet", { cookie, headers: { "Accept-Language": "en" } });
    expect(htmlAttrs(await page.text())).toEqual(["fa", "rtl"]);
  });

  test("an unknown language or a foreign redirect is ignored", async () => {
    const res = await request("/sprak", form({ lng: "xx", redirectTo: "//evil.example/" }));
    expect(res.headers.get("Location")).toBe("/");
    expect(res.headers.get("Set-Cookie")).toBeNull();
  });
});

describe("bad input", () => {
  test("an empty sign-in form answers 400 naming each field, in Swedish", async () => {
    const res = await request("/logga-in", form({ email: "", password: "" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('href="#email"');
    expect(html).toContain('href="#password"');
    const text = await visibleText(new Response(html));
    expect(text).toContain("Det finns ett problem");
    expect(text).toContain("E-postadress: Fyll i fältet.");
    expect(text).toContain("Lösenord: Fyll i fältet.");
  });

  test("the same errors come in the user's language", async () => {
    const lang = (await request("/sprak", form({ lng: "en", redirectTo: "/" }))).headers.get("Set-Cookie")!.split(";")[0];
    const res = await request("/logga-in", { ...form({ email: "inte-en-adress", password: "x" }), cookie: lang });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<html lang="en"');
    const text = await visibleText(new Response(html));
    expect(text).toContain("There is a problem");
    expect(text).not.toContain("Skriv en e-postadress");
  });

  test("an invitation with an overlong name or a missing scope never reaches the database", async () => {
    const admin = await cookieFor(demo.admin);
    const before = await db.selectFrom("app_user").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const long = await request("/admin/anvandare/ny", { ...form({ email: "ny@demo.example", name: "x".repeat(500), role: "translator" }), cookie: admin });
    expect(long.status).toBe(400);
    expect(await visibleText(long)).toContain("Texten är för lång.");
    const noScope = await request("/admin/anvandare/ny", { ...form({ email: "ny@demo.example", name: "Ny", role: "coordinator" }), cookie: admin });
    expect(noScope.status).toBe(400);
    expect(await visibleText(noScope)).toContain("Välj minst en kommun för en samordnare.");
    const badRole = await request("/admin/anvandare/ny", { ...form({ email: "ny@demo.example", name: "Ny", role: "superuser" }), cookie: admin });
    expect(badRole.status).toBe(400);
    const taken = await request("/admin/anvandare/ny", { ...form({ email: demo.translator, name: "Ny", role: "translator" }), cookie: admin });
    expect(taken.status).toBe(400);
    expect(await visibleText(taken)).toContain("Det finns redan ett konto med den e-postadressen.");
    const after = await db.selectFrom("app_user").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  test("a valid invitation creates the user, the scope, the audit entry and the e-mail together", async () => {
    const admin = await cookieFor(demo.admin);
    const ids = await db.selectFrom("municipality").select("id").where("code", "in", ["0480", "0488"]).execute();
    const res = await request("/admin/anvandare/ny", {
      ...form({ email: "Ny.Samordnare@Demo.example", name: "Ny Samordnare", role: "coordinator", municipalityIds: ids.map((m) => String(m.id)) }),
      cookie: admin,
    });
    expect(res.status).toBe(302);
    const user = await db.selectFrom("app_user").selectAll().where("email", "=", "ny.samordnare@demo.example").executeTakeFirstOrThrow();
    expect(user.password_hash).toBeNull();
    const scope = await db.selectFrom("user_municipality").select("municipality_id").where("user_id", "=", user.id).execute();
    expect(scope.map((s) => s.municipality_id).sort()).toEqual(ids.map((m) => m.id).sort());
    const mail = await db.selectFrom("mail_outbox").selectAll().where("to_address", "=", user.email).executeTakeFirstOrThrow();
    expect(mail.text_body).toMatch(/http:\/\/localhost:3000\/inbjudan\/[\w-]{40,}/);
    const entry = await db.selectFrom("audit_log").selectAll().where("entity_id", "=", String(user.id)).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: "user.invite", entity_type: "app_user" });
  });
});

test("unknown pages are a translated 404 with the real status", async () => {
  const sv = await request("/det-har-finns-inte");
  expect(sv.status).toBe(404);
  expect(await visibleText(sv)).toContain("Sidan finns inte");
});

test("pages never carry NUL bytes, however their multi-byte text falls across React's stream buffers", async () => {
  for (const [path, lang] of [["/tillganglighet", "sv"], ["/tillganglighet", "ar"], ["/bli-ambassador", "ti"], ["/ambassadorer", "uk"], ["/inbjudan/okand", "prs"]]) {
    const bytes = new Uint8Array(await (await request(path, { headers: { "Accept-Language": lang } })).arrayBuffer());
    expect(bytes.indexOf(0), `${path} in ${lang}`).toBe(-1);
  }
});

test("an admin corrects a programme name: the row changes and the audit log says who did it", async () => {
  const admin = await cookieFor(demo.admin);
  const programme = await db.selectFrom("gymnasium_programme").select(["id", "name"]).where("code", "=", "IN").executeTakeFirstOrThrow();
  const bad = await request(`/admin/referensdata/program/${programme.id}`, { ...form({ name: "", kind: "vocational", active: "1" }), cookie: admin });
  expect(bad.status).toBe(400);
  const ok = await request(`/admin/referensdata/program/${programme.id}`, { ...form({ name: "Industritekniska programmet (IN)", kind: "vocational", active: "1" }), cookie: admin });
  expect(ok.status).toBe(302);
  expect((await db.selectFrom("gymnasium_programme").select("name").where("id", "=", programme.id).executeTakeFirstOrThrow()).name).toBe("Industritekniska programmet (IN)");
  const entry = await db.selectFrom("audit_log").selectAll().where("action", "=", "reference.update").executeTakeFirstOrThrow();
  expect(JSON.parse(entry.before_json!).name).toBe(programme.name);
  const page = await request("/admin/referensdata", { cookie: admin });
  expect(await visibleText(page)).toContain("Industritekniska programmet (IN)");
});
