import {
  checkAuthToken,
  createAuthToken,
  createUserSession,
  destroySession,
  getUser,
  redeemAuthToken,
  signIn,
} from "~/auth.server";
import { db } from "~/db.server";
import { DEMO_PASSWORD } from "#db/reference-data";
import { BASE, cookieFor, demo, form, request, visibleText } from "./helpers";

const withCookie = (cookie: string) => new Request(BASE, { headers: { Cookie: cookie } });
const userId = async (email: string) =>
  (await db.selectFrom("app_user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;

describe("sign-in", () => {
  test("right password signs in; e-mail case and spaces do not matter", async () => {
    const result = await signIn({ email: "  Kommunikator@Demo.example ", password: DEMO_PASSWORD, clientIp: "10.0.0.1" });
    expect(result).toEqual({ ok: true, userId: await userId(demo.communicator) });
  });

  test("a wrong password and an unknown account get the same answer", async () => {
    const wrong = await signIn({ email: demo.translator, password: "fel-lösenord", clientIp: "10.0.0.2" });
    const unknown = await signIn({ email: "ingen@demo.example", password: "fel-lösenord", clientIp: "10.0.0.2" });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
  });

  test("the same page and status for wrong password and unknown account", async () => {
    const a = await request("/logga-in", form({ email: demo.translator, password: "fel-lösenord-1" }));
    const b = await request("/logga-in", form({ email: "okand@demo.example", password: "fel-lösenord-1" }));
    expect(a.status).toBe(400);
    expect(b.status).toBe(400);
    const [pageA, pageB] = [(await a.text()).replaceAll(demo.translator, "@"), (await b.text()).replaceAll("okand@demo.example", "@")];
    expect(pageA).toContain("E-postadressen eller lösenordet stämmer inte");
    expect(pageA === pageB, "the two pages differ").toBe(true);
  });

  test("after five failures the account is locked for the window, even with the right password", async () => {
    for (let i = 0; i < 5; i++)
      expect((await signIn({ email: demo.ambassador, password: `fel-${i}`, clientIp: `10.1.0.${i}` })).ok).toBe(false);
    const locked = await signIn({ email: demo.ambassador, password: DEMO_PASSWORD, clientIp: "10.1.0.99" });
    expect(locked).toMatchObject({ ok: false, reason: "rate_limited" });
    expect((locked as { retryAfterMinutes: number }).retryAfterMinutes).toBeGreaterThanOrEqual(14);
    const page = await request("/logga-in", form({ email: demo.ambassador, password: DEMO_PASSWORD }));
    expect(page.status).toBe(429);
    expect(await visibleText(page)).toContain("För många misslyckade inloggningsförsök");
  });

  test("one address guessing across many accounts is limited too", async () => {
    for (let i = 0; i < 20; i++) await signIn({ email: `gissning${i}@demo.example`, password: "x", clientIp: "10.2.0.1" });
    const result = await signIn({ email: demo.school_staff, password: DEMO_PASSWORD, clientIp: "10.2.0.1" });
    expect(result).toMatchObject({ ok: false, reason: "rate_limited" });
    const elsewhere = await signIn({ email: demo.school_staff, password: DEMO_PASSWORD, clientIp: "10.2.0.2" });
    expect(elsewhere.ok).toBe(true);
  });

  test("a disabled account cannot sign in", async () => {
    const id = await userId(demo.coordinator);
    await db.updateTable("app_user").set({ disabled_at: new Date().toISOString() }).where("id", "=", id).execute();
    try {
      expect(await signIn({ email: demo.coordinator, password: DEMO_PASSWORD, clientIp: "10.3.0.1" })).toEqual({ ok: false, reason: "invalid" });
    } finally {
      await db.updateTable("app_user").set({ disabled_at: null }).where("id", "=", id).execute();
    }
  });
});

describe("sessions", () => {
  test("signing in rotates the session: the cookie from before no longer works", async () => {
    const before = await cookieFor(demo.admin);
    expect(await getUser(withCookie(before))).toMatchObject({ email: demo.admin });
    const after = (await createUserSession(withCookie(before), await userId(demo.admin))).split(";")[0];
    expect(after).not.toBe(before);
    expect(await getUser(withCookie(before))).toBeNull();
    expect(await getUser(withCookie(after))).toMatchObject({ email: demo.admin, role: "admin" });
  });

  test("the session cookie is HttpOnly and SameSite=Lax", async () => {
    const header = await createUserSession(new Request(BASE), await userId(demo.admin));
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
  });

  test("a tampered cookie is nobody", async () => {
    const cookie = await cookieFor(demo.admin);
    expect(await getUser(withCookie(cookie.replace(/.$/, (c) => (c === "A" ? "B" : "A"))))).toBeNull();
  });

  test("sign out ends one session; sign out everywhere ends all of them", async () => {
    const phone = await cookieFor(demo.communicator);
    const laptop = await cookieFor(demo.communicator);
    const tablet = await cookieFor(demo.communicator);
    await destroySession(withCookie(phone));
    expect(await getUser(withCookie(phone))).toBeNull();
    expect(await getUser(withCookie(laptop))).not.toBeNull();
    const res = await request("/logga-ut", { ...form({ everywhere: "1" }), cookie: laptop });
    expect(res.status).toBe(302);
    expect(await getUser(withCookie(laptop))).toBeNull();
    expect(await getUser(withCookie(tablet))).toBeNull();
  });

  test("an expired session is nobody", async () => {
    const cookie = await cookieFor(demo.translator);
    await db.updateTable("session").set({ expires_at: "2000-01-01T00:00:00.000Z" }).where("user_id", "=", await userId(demo.translator)).execute();
    expect(await getUser(withCookie(cookie))).toBeNull();
  });
});

describe("single-use links", () => {
  test("an invitation link works once, then says it was used", async () => {
    const id = await userId(demo.translator);
    const token = await createAuthToken(db, { userId: id, purpose: "invitation", ttlHours: 72 });
    expect((await checkAuthToken(db, token, "invitation")).state).toBe("valid");
    expect((await checkAuthToken(db, token, "password_reset")).state).toBe("unknown");
    const first = await redeemAuthToken(db, { token, purpose: "invitation", password: "ett långt lösenord", name: "Tove" });
    expect(first.state).toBe("valid");
    const again = await redeemAuthToken(db, { token, purpose: "invitation", password: "ett annat lösenord" });
    expect(again.state).toBe("used");
    expect(await signIn({ email: demo.translator, password: "ett långt lösenord", clientIp: "10.4.0.1" })).toMatchObject({ ok: true });
    const page = await request(`/inbjudan/${token}`);
    expect(page.status).toBe(410);
    expect(await visibleText(page)).toContain("Länken har redan använts");
  });

  test("an expired link gets a clear page and changes nothing", async () => {
    const id = await userId(demo.school_staff);
    const token = await createAuthToken(db, { userId: id, purpose: "password_reset", ttlHours: -1 });
    const page = await request(`/aterstall/${token}`);
    expect(page.status).toBe(410);
    expect(await visibleText(page)).toContain("Länken har gått ut");
    const post = await request(`/aterstall/${token}`, form({ password: "nytt långt lösenord", confirm: "nytt långt lösenord" }));
    expect(post.status).toBe(410);
    expect(await signIn({ email: demo.school_staff, password: "nytt långt lösenord", clientIp: "10.4.0.2" })).toMatchObject({ ok: false });
  });

  test("resetting a password ends every other session", async () => {
    const id = await userId(demo.coordinator);
    const old = await cookieFor(demo.coordinator);
    const token = await createAuthToken(db, { userId: id, purpose: "password_reset", ttlHours: 1 });
    const res = await request(`/aterstall/${token}`, form({ password: "mitt nya lösenord", confirm: "mitt nya lösenord" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Set-Cookie")).toMatch(/vagval_session=/);
    expect(await getUser(withCookie(old))).toBeNull();
  });

  test("asking for a reset queues an e-mail with a working link only for real accounts, and answers the same", async () => {
    const real = await request("/glomt-losenord", form({ email: demo.communicator }));
    const fake = await request("/glomt-losenord", form({ email: "finns-inte@demo.example" }));
    expect(real.status).toBe(200);
    expect(fake.status).toBe(200);
    const mails = await db.selectFrom("mail_outbox").selectAll().where("subject", "like", "Återställ%").execute();
    expect(mails.map((m) => m.to_address)).toEqual([demo.communicator]);
    const link = mails[0].text_body.match(/\/aterstall\/([\w-]+)/)![1];
    expect((await checkAuthToken(db, link, "password_reset")).state).toBe("valid");
  });
});

describe("found in review", () => {
  test("forty parallel guesses at one account: at most five get an answer, the rest are refused", async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn({ email: "kommunikator@demo.example", password: `gissning-${i}`, clientIp: `10.9.${i}.1` })));
    expect(results.filter((r) => !r.ok && r.reason === "invalid").length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited").length).toBeGreaterThanOrEqual(35);
  });

  test("a redirect after sign-in never leaves the site, however the path is disguised", async () => {
    const { safeRedirect } = await import("~/auth.server");
    for (const evil of ["//evil.example", "/\t/evil.example/x", "/\n/evil.example", "/\\evil.example", "https://evil.example", "/%09/evil.example"])
      expect(new URL(safeRedirect(evil), "https://vagval.example").host, evil).toBe("vagval.example");
    expect(safeRedirect("/admin/anvandare?x=1")).toBe("/admin/anvandare?x=1");
  });
});
