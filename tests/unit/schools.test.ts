import { db } from "~/db.server";
import { currentGrade, leavesGrade9YearFor, schoolYearEnding } from "~/schools/rules";
import { isSchoolHoliday } from "~/schools/schools.server";
import { cookieFor, demo, form, request, visibleText } from "./helpers";

describe("school years and class groups", () => {
  test("the school year turns on 1 July", () => {
    expect(schoolYearEnding("2026-06-30")).toBe(2026);
    expect(schoolYearEnding("2026-07-01")).toBe(2027);
  });

  test("5B in 2025/26 is 8B in 2028/29 without anyone editing it", () => {
    const leaves = leavesGrade9YearFor(5, "2025-09-01");
    expect(leaves).toBe(2030);
    expect(currentGrade(leaves, "2026-05-31")).toBe(5);
    expect(currentGrade(leaves, "2026-08-15")).toBe(6);
    expect(currentGrade(leaves, "2028-10-01")).toBe(8);
    expect(currentGrade(leaves, "2030-06-10")).toBe(9);
    expect(currentGrade(leaves, "2030-07-01")).toBe(10);
  });
});

describe("registering a school", () => {
  const valid = { schoolName: "Testskolan (påhittad)", unitCode: "1234 5678", municipalityId: "", grades: ["4", "5", "6"], name: "Sara SYV", email: "sara.syv@e2e.example" };
  let eskilstuna = "";
  beforeAll(async () => {
    eskilstuna = String((await db.selectFrom("municipality").select("id").where("code", "=", "0484").executeTakeFirstOrThrow()).id);
  });

  test("bad input is a 400 naming the field, and nothing is saved", async () => {
    const res = await request("/skolor/registrera", form({ ...valid, municipalityId: eskilstuna, unitCode: "12345" }));
    expect(res.status).toBe(400);
    expect(await visibleText(res)).toContain("Skolenhetskoden ska vara åtta siffror.");
    const taken = await request("/skolor/registrera", form({ ...valid, municipalityId: eskilstuna, unitCode: "99000001" }));
    expect(taken.status).toBe(400);
    expect(await visibleText(taken)).toContain("Skolan är redan registrerad.");
    expect(await db.selectFrom("school").select("id").where("name", "=", valid.schoolName).executeTakeFirst()).toBeUndefined();
  });

  test("the school waits for the coordinator, who approves it and so invites the counsellor", async () => {
    const res = await request("/skolor/registrera", form({ ...valid, municipalityId: eskilstuna }));
    expect(res.status).toBe(200);
    const school = await db.selectFrom("school").selectAll().where("unit_code", "=", "12345678").executeTakeFirstOrThrow();
    expect(school.status).toBe("pending");
    const coordinatorMail = await db.selectFrom("mail_outbox").selectAll().where("to_address", "=", demo.coordinator).where("subject", "like", "%Testskolan%").executeTakeFirst();
    expect(coordinatorMail).toBeTruthy();

    const flen = await cookieFor("samordnare.flen@demo.example");
    const outside = await request("/samordnare/skolor", { ...form({ schoolId: String(school.id), decision: "approve" }), cookie: flen });
    expect(outside.status).toBe(404);

    const coordinator = await cookieFor(demo.coordinator);
    const list = await request("/samordnare/skolor", { cookie: coordinator });
    expect(await visibleText(list)).toContain("Testskolan (påhittad)");
    const approve = await request("/samordnare/skolor", { ...form({ schoolId: String(school.id), decision: "approve" }), cookie: coordinator });
    expect(approve.status).toBe(302);
    const again = await request("/samordnare/skolor", { ...form({ schoolId: String(school.id), decision: "approve" }), cookie: coordinator });
    expect(again.status).toBe(400);
    const invitation = await db.selectFrom("mail_outbox").selectAll().where("to_address", "=", valid.email).where("text_body", "like", "%/inbjudan/%").executeTakeFirst();
    expect(invitation).toBeTruthy();
  });
});

describe("class groups", () => {
  test("school staff add a group with a count, never more than 40 and never a name list", async () => {
    const staff = await cookieFor(demo.school_staff);
    const bad = await request("/skolor/1", { ...form({ intent: "add", label: "6A", grade: "6", pupils: "120" }), cookie: staff });
    expect(bad.status).toBe(400);
    expect(await visibleText(bad)).toContain("Skriv ett antal mellan 1 och 40.");
    const ok = await request("/skolor/1", { ...form({ intent: "add", label: "6A", grade: "6", pupils: "23" }), cookie: staff });
    expect(ok.status).toBe(302);
    const duplicate = await request("/skolor/1", { ...form({ intent: "add", label: "6A", grade: "6", pupils: "23" }), cookie: staff });
    expect(duplicate.status).toBe(400);
    const page = await visibleText(await request("/skolor/1", { cookie: staff }));
    expect(page).toContain("6A");
  });

  test("another school's staff and coordinators cannot change the groups", async () => {
    const coordinator = await cookieFor(demo.coordinator);
    const res = await request("/skolor/1", { ...form({ intent: "add", label: "7Z", grade: "7", pupils: "20" }), cookie: coordinator });
    expect(res.status).toBe(403);
  });
});

test("the demo school year's holidays block their dates", async () => {
  const eskilstuna = (await db.selectFrom("municipality").select("id").where("code", "=", "0484").executeTakeFirstOrThrow()).id;
  expect(await isSchoolHoliday(db, eskilstuna, "2027-02-24")).toBe(true);
  expect(await isSchoolHoliday(db, eskilstuna, "2027-03-02")).toBe(false);
});

test("staff of a school not yet approved cannot get in through a password reset", async () => {
  const eskilstuna = String((await db.selectFrom("municipality").select("id").where("code", "=", "0484").executeTakeFirstOrThrow()).id);
  const email = "smyg.syv@e2e.example";
  await request("/skolor/registrera", form({ schoolName: "Smygskolan (påhittad)", unitCode: "87654321", municipalityId: eskilstuna, grades: ["7"], name: "Smyg", email }));
  expect((await request("/glomt-losenord", form({ email }))).status).toBe(200);
  const resetMail = await db.selectFrom("mail_outbox").select("text_body").where("to_address", "=", email).where("text_body", "like", "%/aterstall/%").executeTakeFirst();
  expect(resetMail).toBeUndefined();
  const res = await request("/logga-in", form({ email, password: "vad som helst" }));
  expect(res.status).toBe(400);
});

test("impossible holiday dates are refused", async () => {
  const admin = await cookieFor(demo.admin);
  const eskilstuna = String((await db.selectFrom("municipality").select("id").where("code", "=", "0484").executeTakeFirstOrThrow()).id);
  const res = await request("/admin/lov", { ...form({ municipalityId: eskilstuna, name: "Fel", fromDate: "2026-02-30", toDate: "2026-99-99" }), cookie: admin });
  expect(res.status).toBe(400);
  expect((await request("/admin/referensdata/toString/1", { cookie: admin })).status).toBe(404);
});
