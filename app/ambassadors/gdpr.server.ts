/**
 * The ambassador's rights under GDPR: a copy of everything stored about her (a zip with JSON and
 * her photos), and erasure that removes personal data but keeps the anonymous row, so that visit
 * counts and reach figures stay right.
 */
import { PassThrough, type Readable } from "node:stream";
import archiver from "archiver";
import { nowIso } from "#db/adapter";
import type { MediaStorage } from "#media/index";
import { audit } from "~/audit.server";
import type { DB } from "~/db.server";
import { deletePhoto } from "./photos.server";
import { getAmbassador, parseList } from "./pool.server";

export async function collectAmbassadorData(db: DB, ambassadorId: number) {
  const ambassador = await getAmbassador(db, ambassadorId);
  if (!ambassador) return null;
  const { languages_json, formats_json, grades_json, ...profile } = ambassador;
  const [municipality, sector, company, vetting, training, consents, availability, blackouts, account, history] = await Promise.all([
    db.selectFrom("municipality").select(["code", "name"]).where("id", "=", ambassador.municipality_id).executeTakeFirst(),
    db.selectFrom("sector").select("name").where("id", "=", ambassador.sector_id ?? -1).executeTakeFirst(),
    db.selectFrom("company").select(["name", "org_number"]).where("id", "=", ambassador.company_id ?? -1).executeTakeFirst(),
    db.selectFrom("ambassador_vetting").select(["shown_on", "checked_by_name", "recorded_at"]).where("ambassador_id", "=", ambassadorId).execute(),
    db
      .selectFrom("ambassador_training")
      .innerJoin("training_module", "training_module.id", "ambassador_training.module_id")
      .select(["training_module.name", "ambassador_training.completed_on"])
      .where("ambassador_id", "=", ambassadorId)
      .execute(),
    db
      .selectFrom("ambassador_consent")
      .innerJoin("consent_text", "consent_text.id", "ambassador_consent.consent_text_id")
      .select(["ambassador_consent.kind", "consent_text.version", "ambassador_consent.given_at", "ambassador_consent.withdrawn_at"])
      .where("ambassador_id", "=", ambassadorId)
      .execute(),
    db.selectFrom("availability_slot").select(["weekday", "start_time", "end_time"]).where("ambassador_id", "=", ambassadorId).execute(),
    db.selectFrom("blackout").select(["from_date", "to_date", "note"]).where("ambassador_id", "=", ambassadorId).execute(),
    db.selectFrom("app_user").select(["email", "name", "role", "locale", "created_at"]).where("id", "=", ambassador.user_id ?? -1).executeTakeFirst(),
    db.selectFrom("audit_log").select(["action", "after_json", "created_at"]).where("entity_type", "=", "ambassador").where("entity_id", "=", String(ambassadorId)).orderBy("id").execute(),
  ]);
  return {
    exportedAt: nowIso(),
    profile: {
      ...profile,
      languages: parseList(languages_json),
      formats: parseList(formats_json),
      grades: parseList(grades_json),
      municipality,
      sector: sector?.name ?? null,
      company: company ?? null,
    },
    account: account ?? null,
    vetting,
    training,
    consents,
    availability,
    blackouts,
    history: history.map((h) => ({ action: h.action, at: h.created_at, details: h.after_json ? JSON.parse(h.after_json) : null })),
  };
}

/** A zip, streamed: data.json plus every stored photo variant. Nothing is buffered whole. */
export async function exportAmbassadorZip(db: DB, storage: MediaStorage, ambassadorId: number): Promise<Readable | null> {
  const data = await collectAmbassadorData(db, ambassadorId);
  if (!data) return null;
  const zip = archiver("zip", { zlib: { level: 6 } });
  const out = new PassThrough();
  zip.on("error", (error: Error) => out.destroy(error));
  zip.pipe(out);
  zip.append(JSON.stringify(data, null, 2), { name: "data.json" });
  if (data.profile.photo_key) {
    for await (const entry of storage.list(`${data.profile.photo_key}/`)) {
      const file = await storage.get(entry.key);
      zip.append(file.body, { name: `photos/${entry.key.split("/").pop()}` });
    }
  }
  void zip.finalize();
  return out;
}

/**
 * Erases an ambassador's personal data at once: profile texts, contact details, photo, consents,
 * availability, vetting and training records, and the account. The row stays, anonymous, with
 * municipality, sector and company, so the visits she made still count.
 */
export async function eraseAmbassador(db: DB, storage: MediaStorage, input: { ambassadorId: number; actorUserId: number | null }) {
  const photoKeys = await db.transaction().execute(async (trx) => {
    const a = await getAmbassador(trx, input.ambassadorId);
    if (!a || a.erased_at) return null;
    for (const table of ["ambassador_consent", "availability_slot", "blackout", "ambassador_vetting", "ambassador_training"] as const)
      await trx.deleteFrom(table).where("ambassador_id", "=", a.id).execute();
    await trx
      .updateTable("ambassador")
      .set({
        name: null,
        email: null,
        phone: null,
        employer_name: null,
        occupation: null,
        education_path: null,
        story: null,
        gender: null,
        photo_key: null,
        photo_width: null,
        photo_height: null,
        languages_json: "[]",
        rejection_reason: null,
        user_id: null,
        status: a.status === "rejected" ? "rejected" : "alumni",
        erased_at: nowIso(),
        updated_at: nowIso(),
      })
      .where("id", "=", a.id)
      .execute();
    if (a.user_id) await trx.deleteFrom("app_user").where("id", "=", a.user_id).execute();
    // Mail to her, and mail about her (reminders to coordinators), hold her name and address: they go.
    if (a.email) {
      await trx.deleteFrom("mail_outbox").where("to_address", "=", a.email).execute();
      await trx.deleteFrom("login_attempt").where("key", "=", `account:${a.email}`).execute();
    }
    if (a.name) {
      const pattern = `%${a.name.replace(/[%_\\]/g, "")}%`;
      await trx.deleteFrom("mail_outbox").where((eb) => eb.or([eb("subject", "like", pattern), eb("text_body", "like", pattern)])).execute();
    }
    // The audit trail keeps what happened, not who it was about.
    await trx
      .updateTable("audit_log")
      .set({ after_json: JSON.stringify({ erased: true }) })
      .where("entity_type", "=", "ambassador")
      .where("entity_id", "=", String(a.id))
      .where("after_json", "like", '%"reason"%')
      .execute();
    await audit(trx, { actorUserId: input.actorUserId === a.user_id ? null : input.actorUserId, action: "ambassador.erase", entityType: "ambassador", entityId: a.id });
    // every photo ever stored for her (all live under her id), and the current one wherever it is
    return [...new Set([`ambassadors/${a.id}`, ...(a.photo_key ? [a.photo_key] : [])])];
  });
  for (const key of photoKeys ?? []) await deletePhoto(storage, key);
  return photoKeys !== null;
}
