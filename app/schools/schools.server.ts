/** Schools, their class groups (counts only, never pupils) and school holidays per municipality. */
import { isUniqueViolation, nowIso } from "#db/adapter";
import { PoolError, parseList } from "~/ambassadors/pool.server";
import { todayInStockholm, type IsoDate } from "~/ambassadors/rules";
import { audit } from "~/audit.server";
import type { SessionUser } from "~/auth.server";
import type { DB } from "~/db.server";
import { coordinatorsOf } from "~/users.server";
import { tFor } from "~/i18n/i18n.server";
import { sendInvitation } from "~/links.server";
import { enqueueMail } from "~/mail.server";
import { currentGrade, leavesGrade9YearFor } from "./rules";
import type { z } from "zod";
import type { classGroupSchema, holidaySchema, schoolRegistrationSchema } from "./schemas";

/**
 * A study counsellor registers her school: the school waits for the coordinator, her account
 * waits without a password, and the municipality's coordinators are told. All or nothing.
 */
export async function registerSchool(db: DB, input: z.infer<typeof schoolRegistrationSchema>, locale: string) {
  const [school, user] = await Promise.all([
    db.selectFrom("school").select("id").where("unit_code", "=", input.unitCode).executeTakeFirst(),
    db.selectFrom("app_user").select("id").where("email", "=", input.email).executeTakeFirst(),
  ]);
  if (school) throw new PoolError("schools:errors.unitCodeTaken", "unitCode");
  if (user) throw new PoolError("errors.emailTaken", "email");
  try {
    return await db.transaction().execute(async (trx) => {
      // The account stays disabled until the coordinator approves the school: no reset link, no sign-in before that.
      const staff = await trx
        .insertInto("app_user")
        .values({ email: input.email, name: input.name, role: "school_staff", locale, disabled_at: nowIso() })
        .returning("id")
        .executeTakeFirstOrThrow();
      const row = await trx
        .insertInto("school")
        .values({
          name: input.schoolName,
          unit_code: input.unitCode,
          municipality_id: input.municipalityId,
          status: "pending",
          grades_json: JSON.stringify(input.grades),
          registered_by_user_id: staff.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.updateTable("app_user").set({ school_id: row.id }).where("id", "=", staff.id).execute();
      const coordinators = await coordinatorsOf(trx, input.municipalityId);
      for (const c of coordinators) {
        const t = await tFor(c.locale);
        await enqueueMail(trx, { to: c.email, subject: t("schools:mail.registered.subject", { school: input.schoolName }), text: t("schools:mail.registered.coordinatorBody", { school: input.schoolName, name: input.name }) });
      }
      const t = await tFor(locale);
      await enqueueMail(trx, { to: input.email, subject: t("schools:mail.received.subject"), text: t("schools:mail.received.body", { name: input.name, school: input.schoolName }) });
      await audit(trx, { actorUserId: null, action: "school.register", entityType: "school", entityId: row.id, after: { name: input.schoolName, unitCode: input.unitCode } });
      return row.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new PoolError("schools:errors.unitCodeTaken", "unitCode");
    throw error;
  }
}

/** The coordinator's decision: approval invites the registering staff member to set a password. */
export async function decideSchool(db: DB, input: { schoolId: number; approve: boolean; actor: SessionUser }) {
  await db.transaction().execute(async (trx) => {
    const school = await trx.selectFrom("school").selectAll().where("id", "=", input.schoolId).executeTakeFirst();
    if (!school || school.status !== "pending") throw new PoolError("schools:errors.notPending");
    await trx.updateTable("school").set({ status: input.approve ? "approved" : "rejected" }).where("id", "=", school.id).execute();
    const staff = school.registered_by_user_id
      ? await trx.selectFrom("app_user").select(["id", "email", "locale", "name"]).where("id", "=", school.registered_by_user_id).executeTakeFirst()
      : undefined;
    if (staff && input.approve) {
      await trx.updateTable("app_user").set({ disabled_at: null }).where("id", "=", staff.id).execute();
      await sendInvitation(trx, { userId: staff.id, email: staff.email, invitedBy: input.actor.id, locale: staff.locale });
    }
    if (staff && !input.approve) {
      await trx.updateTable("app_user").set({ disabled_at: nowIso() }).where("id", "=", staff.id).execute();
      const t = await tFor(staff.locale);
      await enqueueMail(trx, { to: staff.email, subject: t("schools:mail.rejected.subject"), text: t("schools:mail.rejected.body", { name: staff.name, school: school.name }) });
    }
    await audit(trx, { actorUserId: input.actor.id, action: "school.decide", entityType: "school", entityId: school.id, before: { status: school.status }, after: { status: input.approve ? "approved" : "rejected" } });
  });
}

export async function listSchools(db: DB, scope: number[] | "all") {
  let query = db
    .selectFrom("school as s")
    .innerJoin("municipality as m", "m.id", "s.municipality_id")
    .leftJoin("app_user as u", "u.id", "s.registered_by_user_id")
    .select(["s.id", "s.name", "s.unit_code", "s.status", "s.grades_json", "s.created_at", "m.name as municipality", "u.name as registered_by", "u.email as registered_by_email"])
    .orderBy("s.status", "desc")
    .orderBy("s.name");
  if (scope !== "all") query = query.where("s.municipality_id", "in", scope.length ? scope : [-1]);
  return (await query.execute()).map(({ grades_json, ...s }) => ({ ...s, grades: parseList<number>(grades_json) }));
}

/** The school's class groups with their grade today; groups that have left grade 9 are not shown. */
export async function listClassGroups(db: DB, schoolId: number, today: IsoDate = todayInStockholm()) {
  const rows = await db
    .selectFrom("class_group")
    .select(["id", "label", "leaves_grade9_year", "pupils"])
    .where("school_id", "=", schoolId)
    .where("archived_at", "is", null)
    .orderBy("leaves_grade9_year", "desc")
    .orderBy("label")
    .execute();
  return rows.map((g) => ({ ...g, grade: currentGrade(g.leaves_grade9_year, today) })).filter((g) => g.grade >= 1 && g.grade <= 9);
}

export async function addClassGroup(db: DB, input: { schoolId: number; group: z.infer<typeof classGroupSchema>; actorUserId: number; today?: IsoDate }) {
  const leaves = leavesGrade9YearFor(input.group.grade, input.today ?? todayInStockholm());
  try {
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("class_group")
        .values({ school_id: input.schoolId, label: input.group.label, leaves_grade9_year: leaves, pupils: input.group.pupils })
        .returning("id")
        .executeTakeFirstOrThrow();
      await audit(trx, { actorUserId: input.actorUserId, action: "class_group.create", entityType: "class_group", entityId: row.id, after: { label: input.group.label, leaves, pupils: input.group.pupils } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new PoolError("schools:errors.labelTaken", "label");
    throw error;
  }
}

export async function updateClassGroupPupils(db: DB, input: { schoolId: number; groupId: number; pupils: number; actorUserId: number }) {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("class_group").select("pupils").where("id", "=", input.groupId).where("school_id", "=", input.schoolId).executeTakeFirst();
    if (!before) throw new PoolError("errors.notFound");
    await trx.updateTable("class_group").set({ pupils: input.pupils }).where("id", "=", input.groupId).execute();
    await audit(trx, { actorUserId: input.actorUserId, action: "class_group.update", entityType: "class_group", entityId: input.groupId, before, after: { pupils: input.pupils } });
  });
}

export async function listHolidays(db: DB) {
  return db
    .selectFrom("school_holiday as h")
    .innerJoin("municipality as m", "m.id", "h.municipality_id")
    .select(["h.id", "h.name", "h.from_date", "h.to_date", "h.is_demo", "m.name as municipality"])
    .orderBy("m.name")
    .orderBy("h.from_date")
    .execute();
}

export async function addHoliday(db: DB, input: z.infer<typeof holidaySchema>, actorUserId: number) {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("school_holiday")
      .values({ municipality_id: input.municipalityId, name: input.name, from_date: input.fromDate, to_date: input.toDate })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(trx, { actorUserId, action: "school_holiday.create", entityType: "school_holiday", entityId: row.id, after: input });
  });
}

/** Whether a date falls in one of the municipality's school holidays (booking will refuse such windows). */
export async function isSchoolHoliday(db: DB, municipalityId: number, date: IsoDate) {
  const row = await db
    .selectFrom("school_holiday")
    .select("id")
    .where("municipality_id", "=", municipalityId)
    .where("from_date", "<=", date)
    .where("to_date", ">=", date)
    .executeTakeFirst();
  return !!row;
}
