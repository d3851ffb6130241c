/**
 * School visit booking through the real build: a school's request (and every way a request can be
 * wrong), the coordinator's ranked suggestions, proposal → accept → confirm with the booking held
 * in booking_slot, e-mails with calendar files read back by a real iCalendar parser, cancellation,
 * a paused ambassador, the report after the visit, the pupils' survey, reminders, expiry and the
 * private calendar feeds. (The 50 concurrent HTTP confirmations are in tests/integration.)
 */
import ICAL from "ical.js";
import { addDays } from "~/ambassadors/rules";
import type { SessionUser } from "~/auth.server";
import { db } from "~/db.server";
import { changeStatus } from "~/ambassadors/pool.server";
import { isoWeekday, nowInStockholm, occupiedQuarters } from "~/visits/rules";
import { expireRequests, getVisit, sendVisitReminders } from "~/visits/visits.server";
import { cookieFor, demo, form, request, visibleText } from "./helpers";

const today = nowInStockholm().slice(0, 10);
/** The next school day with this ISO weekday, at least `ahead` days from today, outside Eskilstuna's holidays. */
async function schoolDay(weekday: number, ahead: number) {
  const holidays = await db.selectFrom("school_holiday").select(["from_date", "to_date"]).execute();
  let d = addDays(today, ahead);
  while (isoWeekday(d) !== weekday || holidays.some((h) => h.from_date <= d && d <= h.to_date)) d = addDays(d, 1);
  return d;
}

async function actor(email: string): Promise<SessionUser> {
  const u = await db.selectFrom("app_user").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
  return { id: u.id, email: u.email, name: u.name, role: u.role, locale: u.locale, schoolId: u.school_id, municipalityIds: [] } as unknown as SessionUser;
}

const mailsTo = (to: string, subjectLike: string) => db.selectFrom("mail_outbox").selectAll().where("to_address", "=", to).where("subject", "like", subjectLike).orderBy("id").execute();

function parseIcs(mail: { attachments_json: string | null }) {
  const [attachment] = JSON.parse(mail.attachments_json ?? "[]") as { content: string; contentType: string }[];
  expect(attachment.contentType).toContain("text/calendar");
  const calendar = new ICAL.Component(ICAL.parse(attachment.content));
  for (const tz of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
  const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent")!);
  return { calendar, event, method: calendar.getFirstPropertyValue("method"), status: calendar.getFirstSubcomponent("vevent")!.getFirstPropertyValue("status") };
}

let school: string;
let coordinator: string;
let ambassador: string;
let groups: { id: number; label: string; pupils: number }[];
beforeAll(async () => {
  [school, coordinator, ambassador] = await Promise.all([cookieFor(demo.school_staff), cookieFor(demo.coordinator), cookieFor(demo.ambassador)]);
  groups = await db.selectFrom("class_group").select(["id", "label", "pupils"]).where("school_id", "=", 1).orderBy("label").execute();
});

const group = (label: string) => String(groups.find((g) => g.label === label)!.id);

describe("a school's request", () => {
  const valid = async () => {
    const monday = await schoolDay(1, 10);
    return {
      groups: [group("5B"), group("5C")],
      format: "on_site",
      "date-1": monday,
      "from-1": "09:00",
      "to-1": "10:00",
      "date-2": addDays(monday, 2),
      "from-2": "09:00",
      "to-2": "10:00",
      languages: ["ar"],
      preferFemale: "on",
    };
  };

  test.each([
    ["a window in the past", { "date-1": addDays(today, -3) }, "Tiden har redan varit"],
    ["a window ending before it starts", { "from-1": "10:00", "to-1": "09:00" }, "Tiden slutar innan den börjar"],
    ["a window on a weekend", { weekend: true }, "Välj en skoldag"],
    ["a window in a holiday", { holiday: true }, "Dagen är ett lov i kommunen"],
    ["a window outside school hours", { "from-1": "18:00", "to-1": "19:00" }, "inom skoldagen"],
    ["a half-filled window", { "to-1": "" }, "Fyll i datum, från och till"],
    ["no class group", { groups: [] }, "Välj minst en klass"],
  ])("%s is a 400 naming the field, and nothing is saved", async (_name, change, message) => {
    const before = await db.selectFrom("visit").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const values: Record<string, string | string[]> = { ...(await valid()) };
    for (const [k, v] of Object.entries(change)) if (typeof v === "string" || Array.isArray(v)) values[k] = v;
    if ("weekend" in change) values["date-1"] = await schoolDay(6, 3);
    if ("holiday" in change) {
      const holiday = await db.selectFrom("school_holiday as h").innerJoin("municipality as m", "m.id", "h.municipality_id").select("h.from_date").where("m.code", "=", "0484").where("h.from_date", ">", today).orderBy("h.from_date").executeTakeFirstOrThrow();
      let d = holiday.from_date;
      while (isoWeekday(d) > 5) d = addDays(d, 1);
      values["date-1"] = d;
    }
    const res = await request("/skolor/1/besok/ny", { ...form(values), cookie: school });
    expect(res.status).toBe(400);
    expect(await visibleText(res)).toContain(message);
    const after = await db.selectFrom("visit").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  test("a class group of another school is refused", async () => {
    const other = await db.insertInto("class_group").values({ school_id: 2, label: "5X", leaves_grade9_year: 2031, pupils: 20 }).returning("id").executeTakeFirstOrThrow();
    const res = await request("/skolor/1/besok/ny", { ...form({ ...(await valid()), groups: [String(other.id)] }), cookie: school });
    expect(res.status).toBe(400);
    expect(await visibleText(res)).toContain("Välj bland skolans egna klasser");
  });

  test("staff of another school cannot request for this one", async () => {
    const res = await request("/skolor/2/besok/ny", { ...form(await valid()), cookie: school });
    expect(res.status).toBe(404);
  });

  test("a valid request is saved with its windows and groups, and the coordinators are told", async () => {
    const res = await request("/skolor/1/besok/ny", { ...form(await valid()), cookie: school });
    expect(res.status).toBe(302);
    const id = Number(res.headers.get("Location")!.match(/besok\/(\d+)/)![1]);
    const visit = (await getVisit(db, id))!;
    expect(visit.status).toBe("requested");
    expect(visit.groups.map((g) => g.label)).toEqual(["5B", "5C"]);
    expect(visit.windows).toHaveLength(2);
    expect(visit.languages).toEqual(["ar"]);
    expect(await mailsTo(demo.coordinator, "Ny förfrågan om skolbesök%")).not.toHaveLength(0);
    const page = await request(`/skolor/1/besok/${id}?skickad=1`, { cookie: school });
    expect(await visibleText(page)).toContain("Förfrågan är skickad");
  });
});

describe("from suggestion to confirmed visit, and its cancellation", () => {
  test("the whole journey, with e-mails and calendar files", async () => {
    // the demo request 1: 5B and 5C, on site, wishes Arabic and a female role model
    const board = await request("/samordnare/besok/1", { cookie: coordinator });
    const text = await visibleText(board);
    expect(text).toContain("Förslag på ambassadörer");
    const first = text.indexOf("Amina");
    expect(first).toBeGreaterThan(-1);
    expect(text).toContain("talar العربية");
    expect(text).toContain("kvinnlig förebild");
    expect(text).toMatch(/företaget på \d+ av 6/);
    const html = await (await request("/samordnare/besok/1", { cookie: coordinator })).text();
    // Amina's first free window (November may be full for her: two demo visits already)
    const windowId = html.match(/name="ambassadorId" value="1"\/><input type="hidden" name="windowId" value="(\d+)"/)![1];

    // a coordinator from another network cannot propose
    const flen = await cookieFor("samordnare.flen@demo.example");
    expect((await request("/samordnare/besok/1", { ...form({ intent: "propose", ambassadorId: "1", windowId }), cookie: flen })).status).toBe(404);

    const proposed = await request("/samordnare/besok/1", { ...form({ intent: "propose", ambassadorId: "1", windowId }), cookie: coordinator });
    expect(proposed.status).toBe(302);
    expect((await getVisit(db, 1))!.status).toBe("proposed");
    const [proposal] = await mailsTo(demo.ambassador, "Kan du besöka%");
    expect(proposal.text_body).toContain("/ambassador/besok/1");

    // proposing again is refused: the request is no longer open
    const again = await request("/samordnare/besok/1", { ...form({ intent: "propose", ambassadorId: "2", windowId }), cookie: coordinator });
    expect(again.status).toBe(409);

    // the ambassador accepts in the app (the e-mail links there)
    const invitations = await visibleText(await request("/ambassador/besok", { cookie: ambassador }));
    expect(invitations).toContain("Förslag som väntar på ditt svar (1)");
    expect((await request("/ambassador/besok/1", { ...form({ intent: "accept" }), cookie: ambassador })).status).toBe(302);
    expect((await getVisit(db, 1))!.status).toBe("accepted");
    expect(await mailsTo(demo.school_staff, "Ambassadören kan komma%")).toHaveLength(1);

    // the school confirms: the time is held in booking_slot and everyone gets an invitation
    const confirmed = await request("/skolor/1/besok/1", { ...form({ intent: "confirm" }), cookie: school });
    expect(confirmed.status).toBe(302);
    const visit = (await getVisit(db, 1))!;
    expect(visit.status).toBe("confirmed");
    expect(visit.sequence).toBe(1);
    const slots = await db.selectFrom("booking_slot").select("quarter").where("visit_id", "=", 1).orderBy("quarter").execute();
    expect(slots.map((s) => s.quarter)).toEqual(occupiedQuarters(visit.start_at!, visit.end_at!, "on_site"));

    for (const to of [demo.school_staff, demo.ambassador, demo.coordinator]) {
      const [mail] = await mailsTo(to, "Bekräftat skolbesök%");
      expect(mail, to).toBeTruthy();
      const ics = parseIcs(mail);
      expect(ics.method).toBe("REQUEST");
      expect(ics.status).toBe("CONFIRMED");
      expect(ics.event.uid).toMatch(/^visit-1@/);
      expect(ics.event.sequence).toBe(1);
      expect(ics.calendar.getFirstSubcomponent("vevent")!.getFirstProperty("dtstart")!.getParameter("tzid")).toBe("Europe/Stockholm");
      expect(ics.calendar.getFirstSubcomponent("vtimezone")!.getFirstPropertyValue("tzid")).toBe("Europe/Stockholm");
      expect(ics.event.startDate.toString().slice(0, 16)).toBe(visit.start_at);
      expect(ics.event.summary).toContain("Demoskolan i Eskilstuna");
    }

    // confirming twice is refused without changing anything
    const twice = await request("/skolor/1/besok/1", { ...form({ intent: "confirm" }), cookie: school });
    expect(twice.status).toBe(409);
    expect(await visibleText(twice)).toContain("Besöket är redan bekräftat.");

    // a cancellation needs a reason; with one, every party is told and calendars get METHOD:CANCEL
    const noReason = await request("/skolor/1/besok/1", { ...form({ intent: "cancel", reason: " " }), cookie: school });
    expect(noReason.status).toBe(400);
    expect(await visibleText(noReason)).toContain("Skriv ett skäl");
    expect((await request("/skolor/1/besok/1", { ...form({ intent: "cancel", reason: "Klassen är på studiebesök." }), cookie: school })).status).toBe(302);
    const cancelled = (await getVisit(db, 1))!;
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.cancel_reason).toBe("Klassen är på studiebesök.");
    expect(await db.selectFrom("booking_slot").select("quarter").where("visit_id", "=", 1).execute()).toEqual([]);
    for (const to of [demo.school_staff, demo.ambassador, demo.coordinator]) {
      const [mail] = await mailsTo(to, "Avbokat skolbesök%");
      expect(mail.text_body).toContain("Klassen är på studiebesök.");
      const ics = parseIcs(mail);
      expect(ics.method).toBe("CANCEL");
      expect(ics.status).toBe("CANCELLED");
      expect(ics.event.uid).toMatch(/^visit-1@/);
      expect(ics.event.sequence).toBe(2);
    }
  });

  test("an ambassador sees only her own visits", async () => {
    expect((await request("/ambassador/besok/4", { cookie: ambassador })).status).toBe(404);
    expect((await request("/ambassador/besok/4", { ...form({ intent: "accept" }), cookie: ambassador })).status).toBe(404);
    const elin = await cookieFor("elin.demo@demo.example").catch(() => null);
    if (elin) expect((await request("/ambassador/besok/2", { cookie: elin })).status).toBe(404);
  });
});

describe("when things change", () => {
  async function requestFor(weekday: number, ahead: number) {
    const day = await schoolDay(weekday, ahead);
    const res = await request("/skolor/1/besok/ny", { ...form({ groups: [group("8A")], format: "on_site", "date-1": day, "from-1": "13:00", "to-1": "14:00" }), cookie: school });
    expect(res.status).toBe(302);
    const id = Number(res.headers.get("Location")!.match(/besok\/(\d+)/)![1]);
    const w = await db.selectFrom("visit_window").select("id").where("visit_id", "=", id).executeTakeFirstOrThrow();
    return { id, windowId: String(w.id), day };
  }

  test("an ambassador paused after a proposal: the proposal is withdrawn and the coordinator told", async () => {
    const { id, windowId } = await requestFor(3, 21);
    const yonas = await db.selectFrom("ambassador").select("id").where("email", "=", "yonas.demo@demo.example").executeTakeFirstOrThrow();
    await db.insertInto("availability_slot").values({ ambassador_id: yonas.id, weekday: 3, start_time: "13:00", end_time: "14:00" }).execute();
    expect((await request(`/samordnare/besok/${id}`, { ...form({ intent: "propose", ambassadorId: String(yonas.id), windowId }), cookie: coordinator })).status).toBe(302);
    await changeStatus(db, { ambassadorId: yonas.id, to: "paused", actor: await actor(demo.coordinator) });
    const visit = (await getVisit(db, id))!;
    expect(visit.status).toBe("requested");
    expect(visit.ambassador_id).toBeNull();
    expect(visit.proposals.map((p) => p.status)).toEqual(["withdrawn"]);
    expect((await mailsTo(demo.coordinator, "Förslag återkallat%")).length).toBeGreaterThan(0);
    // and she is not suggested again while paused
    const page = await visibleText(await request(`/samordnare/besok/${id}`, { cookie: coordinator }));
    expect(page.slice(page.indexOf("Förslag på ambassadörer"), page.indexOf("Förslag hittills"))).not.toContain("Yonas");
    expect(page).toContain("återkallad");
  });

  test("a proposal that breaks a hard rule is refused with the reason", async () => {
    const { id, windowId } = await requestFor(2, 21); // Tuesday: Amina is not available then
    const res = await request(`/samordnare/besok/${id}`, { ...form({ intent: "propose", ambassadorId: "1", windowId }), cookie: coordinator });
    expect(res.status).toBe(400);
    expect(await visibleText(res)).toContain("inte tillgänglig den tiden");
    const fanny = await request(`/samordnare/besok/${id}`, { ...form({ intent: "propose", ambassadorId: "5", windowId }), cookie: coordinator });
    expect(fanny.status).toBe(400);
    expect(await visibleText(fanny)).toContain("hör inte till skolans kommun");
  });

  test("a request nobody took expires with a notice to the school; reminders go out once, 48 hours before", async () => {
    const { id, day } = await requestFor(1, 28);
    await expireRequests(db, `${addDays(day, -1)}T12:00`);
    expect((await getVisit(db, id))!.status).toBe("requested");
    await expireRequests(db, `${day}T13:00`);
    expect((await getVisit(db, id))!.status).toBe("expired");
    expect((await mailsTo(demo.school_staff, "Ingen ambassadör hittades%")).length).toBeGreaterThan(0);

    // the demo's confirmed visit 3 was yesterday: pretend "now" is 47 hours before it
    const v3 = (await getVisit(db, 3))!;
    const before = new Date(Date.parse(`${v3.start_at}:00Z`) - 47 * 3600_000).toISOString().slice(0, 16);
    expect(await sendVisitReminders(db, before)).toBe(1);
    expect(await sendVisitReminders(db, before)).toBe(0);
    expect(await mailsTo(demo.ambassador, "Påminnelse: skolbesök%")).toHaveLength(1);
    expect(await mailsTo(demo.school_staff, "Påminnelse: skolbesök%")).toHaveLength(1);
  });
});

describe("after the visit", () => {
  test("the report: never more pupils than the group has; a rating from 1 to 5", async () => {
    const v3 = (await getVisit(db, 3))!;
    const g = v3.groups[0];
    // a visit that has begun is reported, not cancelled
    const late = await request("/skolor/1/besok/3", { ...form({ intent: "cancel", reason: "För sent" }), cookie: school });
    expect(late.status).toBe(409);
    expect(await visibleText(late)).toContain("Besöket kan inte avbokas längre.");
    const tooMany = await request("/skolor/1/besok/3", { ...form({ intent: "report", [`reached-${g.id}`]: String(g.pupils + 1), rating: "4" }), cookie: school });
    expect(tooMany.status).toBe(400);
    expect(await visibleText(tooMany)).toContain("Fler elever än klassen har");
    const noRating = await request("/skolor/1/besok/3", { ...form({ intent: "report", [`reached-${g.id}`]: "20" }), cookie: school });
    expect(noRating.status).toBe(400);
    expect((await getVisit(db, 3))!.status).toBe("confirmed");
    const ok = await request("/skolor/1/besok/3", { ...form({ intent: "report", [`reached-${g.id}`]: "20", rating: "4", comment: "Bra!" }), cookie: school });
    expect(ok.status).toBe(302);
    const done = (await getVisit(db, 3))!;
    expect(done.status).toBe("completed");
    expect(done.groups[0].pupils_reached).toBe(20);
    expect(done.rating).toBe(4);
    const reflection = await request("/ambassador/besok/3", { ...form({ intent: "reflection", reflection: "Eleverna frågade om lärlingsplatser." }), cookie: ambassador });
    expect(reflection.status).toBe(302);
    expect(await visibleText(await request("/samordnare/besok/3", { cookie: coordinator }))).toContain("Eleverna frågade om lärlingsplatser.");
  });

  test("the pupils' survey: anonymous, in their language, capped, and closed after seven days", async () => {
    const v = await db.selectFrom("visit").select(["id", "survey_token"]).where("id", "=", 3).executeTakeFirstOrThrow();
    const url = `/enkat/${v.survey_token}`;
    const arabic = await request(url, { headers: { "Accept-Language": "ar" } });
    expect(arabic.status).toBe(200);
    expect(await arabic.text()).toContain('dir="rtl"');
    const bad = await request(url, form({ knows_more: "yes", could_work: "perhaps" }));
    expect(bad.status).toBe(400);
    const answered = await request(url, form({ knows_more: "yes", could_work: "maybe", vocational_programme: "no" }));
    expect(answered.status).toBe(302);
    const cookie = answered.headers.get("Set-Cookie")!.split(";")[0];
    const again = await request(url, { ...form({ knows_more: "yes", could_work: "maybe", vocational_programme: "no" }), cookie });
    expect(again.status).toBe(409);
    const row = await db.selectFrom("survey_response").selectAll().where("visit_id", "=", 3).executeTakeFirstOrThrow();
    expect(Object.keys(row).sort()).toEqual(["answered_on", "could_work", "id", "knows_more", "locale", "visit_id", "vocational_programme"]);

    // ballot stuffing: never more answers than pupils reached (20 were reported above)
    for (let i = 0; i < 25; i++) await request(url, form({ knows_more: "no", could_work: "no", vocational_programme: "no" }));
    const { n } = await db.selectFrom("survey_response").select((eb) => eb.fn.countAll<number>().as("n")).where("visit_id", "=", 3).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(20);

    // results per visit for the school
    expect(await visibleText(await request("/skolor/1/besok/3", { cookie: school }))).toContain("20 svar");

    // the completed demo visit 2 was a fortnight ago: its survey is closed
    const closed = await db.selectFrom("visit").select("survey_token").where("id", "=", 2).executeTakeFirstOrThrow();
    const res = await request(`/enkat/${closed.survey_token}`);
    expect(res.status).toBe(410);
    expect(await visibleText(res)).toContain("Enkäten är stängd");
    expect((await request(`/enkat/${closed.survey_token}`, form({ knows_more: "yes", could_work: "yes", vocational_programme: "yes" }))).status).toBe(400);
  });
});

describe("private calendar feeds", () => {
  test("a feed lists the ambassador's booked visits; a new link revokes the old one", async () => {
    const created = await request("/ambassador/besok", { ...form({ intent: "feed-new" }), cookie: ambassador });
    const url = new URL((await created.text()).match(/http:\/\/[^"<\s]+\/kalender\/[^"<\s]+\.ics/)![0]);
    const feed = await request(url.pathname);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("Content-Type")).toContain("text/calendar");
    const calendar = new ICAL.Component(ICAL.parse(await feed.text()));
    expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
    const uids = calendar.getAllSubcomponents("vevent").map((e) => String(e.getFirstPropertyValue("uid")));
    expect(uids.some((u) => u.startsWith("visit-2@"))).toBe(true);
    expect(uids.some((u) => u.startsWith("visit-4@"))).toBe(false);

    await request("/ambassador/besok", { ...form({ intent: "feed-new" }), cookie: ambassador });
    expect((await request(url.pathname)).status).toBe(404);
    await request("/ambassador/besok", { ...form({ intent: "feed-revoke" }), cookie: ambassador });
    expect(await db.selectFrom("calendar_feed").select("id").where("owner_type", "=", "ambassador").where("revoked_at", "is", null).execute()).toEqual([]);
  });
});

describe("pool health", () => {
  test("active ambassadors without a visit in 90 days are listed; Amina, who visited yesterday, is not", async () => {
    const { poolHealth } = await import("~/ambassadors/pool.server");
    const eskilstuna = await db.selectFrom("municipality").select("id").where("code", "=", "0484").executeTakeFirstOrThrow();
    const [health] = await poolHealth(db, [eskilstuna.id]);
    const names = health.idle.map((a) => a.name);
    expect(names).toContain("Elin Exempel (demo)");
    expect(names.some((n) => n?.startsWith("Amina"))).toBe(false);
    const page = await visibleText(await request("/samordnare/poolhalsa", { cookie: coordinator }));
    expect(page).toContain("Inget besök på 90 dagar");
  });
});
