import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { setAmbassadorCompany } from "~/ambassadors/companies.server";
import { eraseAmbassador } from "~/ambassadors/gdpr.server";
import {
  changeStatus,
  checkBookable,
  currentConsents,
  getAmbassador,
  latestVetting,
  parseList,
  PoolError,
  recordTraining,
  recordVetting,
  trainingStatus,
} from "~/ambassadors/pool.server";
import { todayInStockholm, transitions, vettingExpiresOn, vettingState } from "~/ambassadors/rules";
import { trainingSchema, transitionSchema, vettingSchema } from "~/ambassadors/schemas";
import { ErrorSummary, SelectField, TextArea, TextField, formResult } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest, parseForm } from "~/forms.server";
import { notFound, requireUser } from "~/permissions.server";
import { getStorage } from "~/storage.server";
import { pageTitle } from "~/meta";
import { idParam } from "~/request.server";

export const meta = pageTitle("ambassadors:list.title");

/** Loads the ambassador and checks the coordinator's municipality: another municipality's record is a 404. */
async function load(request: Request, param: string | undefined) {
  const id = idParam(param);
  const ambassador = id ? await getAmbassador(db, id) : undefined;
  const user = await requireUser(request, { role: ["coordinator", "admin"], municipality: ambassador?.municipality_id ?? null });
  if (!ambassador || ambassador.erased_at) throw notFound();
  return { user, ambassador };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ambassador: a } = await load(request, params.id);
  const today = todayInStockholm();
  const [municipality, sector, vetting, training, consents, companies, history, bookable] = await Promise.all([
    db.selectFrom("municipality").select(["name", "code"]).where("id", "=", a.municipality_id).executeTakeFirstOrThrow(),
    db.selectFrom("sector").select("name").where("id", "=", a.sector_id ?? -1).executeTakeFirst(),
    latestVetting(db, a.id),
    trainingStatus(db, a.id),
    currentConsents(db, a.id),
    db.selectFrom("company").select(["id", "name"]).where("municipality_id", "=", a.municipality_id).orderBy("name").execute(),
    db
      .selectFrom("audit_log")
      .leftJoin("app_user", "app_user.id", "audit_log.actor_user_id")
      .select(["audit_log.id", "audit_log.action", "audit_log.after_json", "audit_log.created_at", "app_user.name as actor"])
      .where("entity_type", "=", "ambassador")
      .where("entity_id", "=", String(a.id))
      .orderBy("audit_log.id", "desc")
      .limit(50)
      .execute(),
    checkBookable(db, a.id, today, 5),
  ]);
  return {
    ambassador: {
      id: a.id,
      name: a.name,
      email: a.email,
      phone: a.phone,
      status: a.status,
      occupation: a.occupation,
      employer: a.employer_name,
      educationPath: a.education_path,
      story: a.story,
      companyId: a.company_id,
      languages: parseList<string>(a.languages_json),
      rejectionReason: a.rejection_reason,
    },
    municipality,
    sector: sector?.name ?? null,
    vetting: vetting
      ? { shownOn: vetting.shown_on, checkedBy: vetting.checked_by_name, state: vettingState(vetting.shown_on, today), expiresOn: vettingExpiresOn(vetting.shown_on) }
      : null,
    training,
    consents,
    companies,
    next: transitions[a.status],
    history,
    bookable,
    today,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, ambassador } = await load(request, params.id);
  const form = await request.formData();
  const intent = form.get("intent");
  const back = (flag: string) => redirect(`/samordnare/ambassadorer/${ambassador.id}?${flag}=1`);
  try {
    if (intent === "status") {
      const parsed = parseForm(form, transitionSchema);
      if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
      await changeStatus(db, { ambassadorId: ambassador.id, to: parsed.data.to, reason: parsed.data.reason, actor: user });
      return back("status");
    }
    if (intent === "vetting") {
      const parsed = parseForm(form, vettingSchema);
      if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
      await recordVetting(db, { ambassadorId: ambassador.id, shownOn: parsed.data.shownOn, actor: user });
      return back("vetting");
    }
    if (intent === "training") {
      const parsed = parseForm(form, trainingSchema);
      if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
      await recordTraining(db, { ambassadorId: ambassador.id, moduleId: parsed.data.moduleId, completedOn: parsed.data.completedOn, actor: user });
      return back("training");
    }
    if (intent === "erase") {
      // For those who cannot do it themselves: applicants, rejected ones, alumni without an account.
      if (form.get("confirm") !== "on") return badRequest({ confirm: "ambassadors:errors.confirmErase" });
      await eraseAmbassador(db, getStorage(), { ambassadorId: ambassador.id, actorUserId: user.id });
      throw redirect("/samordnare/ambassadorer?raderad=1");
    }
    if (intent === "company") {
      const raw = String(form.get("companyId") ?? "");
      const companyId = raw === "" ? null : Number(raw);
      if (companyId !== null) {
        const company = await db.selectFrom("company").select("id").where("id", "=", companyId).where("municipality_id", "=", ambassador.municipality_id).executeTakeFirst();
        if (!company) return badRequest({ companyId: "errors.choose" });
      }
      await setAmbassadorCompany(db, { ambassadorId: ambassador.id, companyId, actorUserId: user.id });
      return back("company");
    }
  } catch (error) {
    if (error instanceof PoolError) return badRequest({ [error.field]: error.key });
    throw error;
  }
  return badRequest({ _form: "errors.invalid" });
}

export default function AmbassadorDetail() {
  const { t, i18n } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { errors, values } = formResult(actionData);
  const a = d.ambassador;
  const when = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Stockholm" }).format(new Date(iso));
  const saved = ["status", "vetting", "training", "company"].find((k) => params.get(k));
  const savedKey = { status: "statusChanged", vetting: "vettingSaved", training: "trainingSaved", company: "companySaved" }[saved ?? ""] as string | undefined;
  return (
    <>
      <PageHeader title={a.name ?? ""} lead={`${a.occupation ?? ""}${a.employer ? `, ${a.employer}` : ""} · ${d.municipality.name}`} />
      {savedKey && !errors ? <Notice kind="success">{t(`ambassadors:detail.${savedKey}`)}</Notice> : null}
      <ErrorSummary
        errors={errors}
        labels={{
          to: t("ambassadors:detail.statusTitle"),
          reason: t("ambassadors:detail.reason"),
          shownOn: t("ambassadors:detail.shownOn"),
          moduleId: t("ambassadors:detail.module"),
          completedOn: t("ambassadors:detail.completedOn"),
          companyId: t("ambassadors:detail.company"),
          confirm: t("ambassadors:detail.eraseTitle"),
          _form: "",
        }}
      />
      <section className="card">
        <h2>{t("ambassadors:detail.statusTitle")}</h2>
        <p>{t("ambassadors:detail.currentStatus", { status: t(`ambassadors:status.${a.status}`) })}</p>
        <p>
          {d.bookable.bookable
            ? t("ambassadors:detail.bookable")
            : `${t("ambassadors:detail.notBookable")}: ${d.bookable.reasons.map((r) => t(`ambassadors:bookable.${r}`)).join(", ")}`}
        </p>
        {d.next.length === 0 ? (
          <p>{t("ambassadors:detail.noTransitions")}</p>
        ) : (
          <div className="status-actions">
            {d.next
              .filter((s) => s !== "rejected")
              .map((s) => (
                <Form method="post" key={s}>
                  <input type="hidden" name="intent" value="status" />
                  <input type="hidden" name="to" value={s} />
                  <button type="submit" className="button" id={s === d.next[0] ? "to" : undefined}>
                    {t(`ambassadors:actions.${s}`)}
                  </button>
                </Form>
              ))}
          </div>
        )}
        {d.next.includes("rejected") ? (
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="status" />
            <input type="hidden" name="to" value="rejected" />
            <TextArea name="reason" label={t("ambassadors:detail.reason")} hint={t("ambassadors:detail.reasonHint")} error={errors?.reason} defaultValue={values.reason} rows={3} maxLength={1000} />
            <button type="submit" className="button button--danger">
              {t("ambassadors:actions.rejected")}
            </button>
          </Form>
        ) : null}
      </section>

      <section className="card">
        <h2>{t("ambassadors:detail.vettingTitle")}</h2>
        <p>{t("ambassadors:detail.vettingHelp")}</p>
        <p>
          {d.vetting
            ? `${t(`ambassadors:vetting.${d.vetting.state}`, { date: d.vetting.expiresOn })} (${d.vetting.shownOn}, ${t("ambassadors:detail.checkedBy", { name: d.vetting.checkedBy })})`
            : t("ambassadors:vetting.missing")}
        </p>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="vetting" />
          <TextField name="shownOn" type="date" max={d.today} label={t("ambassadors:detail.shownOn")} error={errors?.shownOn} defaultValue={values.shownOn ?? d.today} required />
          <button type="submit" className="button">
            {t("ambassadors:detail.recordVetting")}
          </button>
        </Form>
      </section>

      <section className="card">
        <h2>{t("ambassadors:detail.trainingTitle")}</h2>
        <ul>
          {d.training.modules.map((m) => (
            <li key={m.id}>
              {m.name} ({t(m.required ? "ambassadors:detail.required" : "ambassadors:detail.optional")}):{" "}
              {m.completed_on ? t("ambassadors:detail.completed", { date: m.completed_on }) : t("ambassadors:detail.notCompleted")}
            </li>
          ))}
        </ul>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="training" />
          <SelectField name="moduleId" label={t("ambassadors:detail.module")} error={errors?.moduleId} defaultValue={values.moduleId ?? ""} choose options={d.training.modules.map((m) => ({ value: m.id, label: m.name }))} />
          <TextField name="completedOn" type="date" max={d.today} label={t("ambassadors:detail.completedOn")} error={errors?.completedOn} defaultValue={values.completedOn ?? d.today} required />
          <button type="submit" className="button">
            {t("ambassadors:detail.recordTraining")}
          </button>
        </Form>
      </section>

      <section className="card">
        <h2>{t("ambassadors:detail.companyTitle")}</h2>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="company" />
          <SelectField name="companyId" label={t("ambassadors:detail.company")} error={errors?.companyId} defaultValue={String(a.companyId ?? "")}>
            <option value="">{t("ambassadors:detail.noCompany")}</option>
            {d.companies.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button button--secondary">
            {t("ambassadors:detail.saveCompany")}
          </button>
        </Form>
      </section>

      <section className="card">
        <h2>{t("ambassadors:detail.contactTitle")}</h2>
        <dl className="facts">
          <dt>{t("ambassadors:fields.email")}</dt>
          <dd>{a.email}</dd>
          <dt>{t("ambassadors:fields.phone")}</dt>
          <dd>{a.phone ?? "–"}</dd>
          <dt>{t("ambassadors:fields.sector")}</dt>
          <dd>{d.sector ?? "–"}</dd>
          <dt>{t("ambassadors:fields.languages")}</dt>
          <dd>{a.languages.join(", ")}</dd>
        </dl>
        <h3>{t("ambassadors:detail.profileTitle")}</h3>
        <p>{a.educationPath}</p>
        <p>{a.story}</p>
      </section>

      <section className="card">
        <h2>{t("ambassadors:detail.consentsTitle")}</h2>
        <ul>
          {(["profile", "photo", "films"] as const).map((k) => (
            <li key={k}>
              {t(`ambassadors:consent.${k}.label`)}:{" "}
              {d.consents[k].given ? t("ambassadors:consent.given", { date: when(d.consents[k].givenAt!) }) : t("ambassadors:consent.notGiven")}
            </li>
          ))}
        </ul>
      </section>

      <section className="card">
        <h2>{t("ambassadors:detail.eraseTitle")}</h2>
        <p>{t("ambassadors:detail.eraseBody")}</p>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="erase" />
          <div className={`checkbox${errors?.confirm ? " field--error" : ""}`}>
            <input type="checkbox" id="confirm" name="confirm" aria-describedby={errors?.confirm ? "confirm-error" : undefined} />
            <label htmlFor="confirm">{t("ambassadors:detail.eraseConfirm", { name: a.name })}</label>
          </div>
          {errors?.confirm ? (
            <p className="field__error" id="confirm-error">
              {t(errors.confirm)}
            </p>
          ) : null}
          <button type="submit" className="button button--danger">
            {t("ambassadors:detail.erase")}
          </button>
        </Form>
      </section>

      <section className="card">
        <h2>{t("ambassadors:detail.historyTitle")}</h2>
        <ul>
          {d.history.map((h) => (
            <li key={h.id}>
              {when(h.created_at)} – {h.action}
              {h.actor ? ` (${h.actor})` : ""}
              {h.after_json ? `: ${h.after_json}` : ""}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
