import { audit } from "~/audit.server";
import type { DB } from "~/db.server";
import { PoolError } from "./pool.server";
import type { z } from "zod";
import type { companySchema } from "./schemas";

export async function listCompanies(db: DB, scope: number[] | "all") {
  let query = db
    .selectFrom("company as c")
    .innerJoin("municipality as m", "m.id", "c.municipality_id")
    .leftJoin("sector as s", "s.id", "c.sector_id")
    .select((eb) => [
      "c.id",
      "c.name",
      "c.org_number",
      "c.monthly_visit_cap",
      "c.contact_name",
      "c.contact_email",
      "c.contact_phone",
      "m.name as municipality",
      "s.name as sector",
      eb.selectFrom("ambassador as a").select(eb.fn.countAll<number>().as("n")).whereRef("a.company_id", "=", "c.id").where("a.erased_at", "is", null).as("ambassadors"),
    ])
    .orderBy("c.name");
  if (scope !== "all") query = query.where("c.municipality_id", "in", scope.length ? scope : [-1]);
  return query.execute();
}

export async function createCompany(db: DB, input: z.infer<typeof companySchema>, actorUserId: number) {
  const taken = await db.selectFrom("company").select("id").where("org_number", "=", input.orgNumber).executeTakeFirst();
  if (taken) throw new PoolError("ambassadors:errors.orgNumberTaken", "orgNumber");
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("company")
      .values({
        name: input.name,
        org_number: input.orgNumber,
        municipality_id: input.municipalityId,
        sector_id: input.sectorId,
        contact_name: input.contactName,
        contact_email: input.contactEmail,
        contact_phone: input.contactPhone,
        monthly_visit_cap: input.monthlyVisitCap,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(trx, { actorUserId, action: "company.create", entityType: "company", entityId: row.id, after: { name: input.name, orgNumber: input.orgNumber } });
    return row.id;
  });
}

export async function setAmbassadorCompany(db: DB, input: { ambassadorId: number; companyId: number | null; actorUserId: number }) {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("ambassador").select("company_id").where("id", "=", input.ambassadorId).executeTakeFirstOrThrow();
    await trx.updateTable("ambassador").set({ company_id: input.companyId }).where("id", "=", input.ambassadorId).execute();
    await audit(trx, { actorUserId: input.actorUserId, action: "ambassador.company", entityType: "ambassador", entityId: input.ambassadorId, before: { companyId: before.company_id }, after: { companyId: input.companyId } });
  });
}
