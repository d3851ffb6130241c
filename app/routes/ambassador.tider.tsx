import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { availabilityCells, getAmbassadorForUser, setAvailability } from "~/ambassadors/pool.server";
import { availabilitySchema, blackoutSchema } from "~/ambassadors/schemas";
import { ErrorSummary, TextField, formResult } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest, parseForm } from "~/forms.server";
import { getT } from "~/i18n/i18n.server";
import { notFound, requireUser } from "~/permissions.server";
import selfStyles from "~/styles/ambassador-self.css";
import { pageTitle } from "~/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: selfStyles }];

export const meta = pageTitle("ambassadors:availability.title");

const PATH = "/ambassador/tider";
const weekdays = [1, 2, 3, 4, 5] as const;
/** Start hours of the one-hour cells, 08–09 … 16–17. */
const hours = [8, 9, 10, 11, 12, 13, 14, 15, 16] as const;
const hh = (h: number) => String(h).padStart(2, "0");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "ambassador" });
  const a = await getAmbassadorForUser(db, user.id);
  if (!a) throw notFound();
  const [cells, blackouts, t] = await Promise.all([
    availabilityCells(db, a.id),
    db.selectFrom("blackout").select(["id", "from_date", "to_date", "note"]).where("ambassador_id", "=", a.id).orderBy("from_date").orderBy("id").execute(),
    getT(request, "ambassadors"),
  ]);
  return { title: t("availability.title"), cells, maxVisitsPerMonth: a.max_visits_per_month, blackouts };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "ambassador" });
  const a = await getAmbassadorForUser(db, user.id);
  if (!a) throw notFound();
  const form = await request.formData();
  const intent = form.get("intent");

  if (intent === "availability") {
    const parsed = parseForm(form, availabilitySchema);
    if (!parsed.ok) {
      // The shared message speaks of 0–100; here the limit is 20.
      const errors = { ...parsed.errors };
      if (errors.maxVisitsPerMonth === "errors.number") errors.maxVisitsPerMonth = "ambassadors:availability.maxVisitsError";
      return badRequest(errors, { maxVisitsPerMonth: parsed.values.maxVisitsPerMonth ?? "", slots: form.getAll("slots").map(String).join(",") });
    }
    await setAvailability(db, a.id, parsed.data);
    throw redirect(`${PATH}?sparat=tider`);
  }

  if (intent === "addBlackout") {
    const parsed = parseForm(form, blackoutSchema);
    if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
    await db
      .insertInto("blackout")
      .values({ ambassador_id: a.id, from_date: parsed.data.fromDate, to_date: parsed.data.toDate, note: parsed.data.note })
      .execute();
    throw redirect(`${PATH}?sparat=ledigt#blackouts-title`);
  }

  if (intent === "removeBlackout") {
    const id = Number(form.get("id"));
    if (!Number.isInteger(id) || id <= 0) throw notFound();
    // Only her own rows: someone else's id is as unknown as a made-up one.
    const result = await db.deleteFrom("blackout").where("id", "=", id).where("ambassador_id", "=", a.id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound();
    throw redirect(`${PATH}?sparat=borttaget#blackouts-title`);
  }

  return badRequest({ _form: "errors.invalid" });
}

export default function Availability() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  // A new key after each navigation empties the add form once the dates are saved (with JavaScript
  // the page is not reloaded, so the inputs would otherwise keep what was typed).
  const { key: locationKey } = useLocation();
  const { errors, values } = formResult(actionData);
  const checked = new Set(values.slots !== undefined ? values.slots.split(",").filter(Boolean) : data.cells);
  const saved = params.get("sparat");
  const savedText =
    saved === "tider"
      ? t("ambassadors:availability.saved")
      : saved === "ledigt"
        ? t("ambassadors:availability.blackoutSaved")
        : saved === "borttaget"
          ? t("ambassadors:availability.blackoutRemoved")
          : null;
  const hourLabel = (h: number) => t("ambassadors:availability.hour", { from: hh(h), to: hh(h + 1) });

  return (
    <>
      <PageHeader title={t("ambassadors:availability.title")} lead={t("ambassadors:availability.lead")} />
      {savedText && !errors ? <Notice kind="success">{savedText}</Notice> : null}
      <ErrorSummary
        errors={errors}
        labels={{
          maxVisitsPerMonth: t("ambassadors:availability.maxVisits"),
          slots: t("ambassadors:availability.grid"),
          fromDate: t("ambassadors:availability.from"),
          toDate: t("ambassadors:availability.to"),
          note: t("ambassadors:availability.note"),
        }}
      />

      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="availability" />
        <div className={`table-wrap${errors?.slots ? " field field--error" : ""}`}>
          {errors?.slots ? (
            <p className="field__error" id="slots-error">
              <span className="visually-hidden">{t("form.errorPrefix")} </span>
              {t(errors.slots)}
            </p>
          ) : null}
          <table className="week-grid" id="slots" aria-describedby={errors?.slots ? "slots-error" : undefined}>
            <caption>{t("ambassadors:availability.grid")}</caption>
            <thead>
              <tr>
                <td />
                {weekdays.map((d) => (
                  <th key={d} scope="col">
                    {t(`ambassadors:availability.weekday.${d}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {hours.map((h) => (
                <tr key={h}>
                  <th scope="row">{hourLabel(h)}</th>
                  {weekdays.map((d) => {
                    const cell = `${d}-${hh(h)}`;
                    return (
                      <td key={cell}>
                        <label htmlFor={`slot-${cell}`}>
                          <input type="checkbox" id={`slot-${cell}`} name="slots" value={cell} defaultChecked={checked.has(cell)} />
                          <span className="visually-hidden">
                            {t("ambassadors:availability.cell", { weekday: t(`ambassadors:availability.weekday.${d}`), from: hh(h), to: hh(h + 1) })}
                          </span>
                        </label>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="max-visits">
          <TextField
            name="maxVisitsPerMonth"
            type="number"
            inputMode="numeric"
            min={0}
            max={20}
            step={1}
            label={t("ambassadors:availability.maxVisits")}
            hint={t("ambassadors:availability.maxVisitsHint")}
            error={errors?.maxVisitsPerMonth}
            defaultValue={values.maxVisitsPerMonth ?? String(data.maxVisitsPerMonth)}
          />
        </div>
        <button type="submit" className="button">
          {t("ambassadors:availability.save")}
        </button>
      </Form>

      <section className="self-section" aria-labelledby="blackouts-title">
        <h2 id="blackouts-title">{t("ambassadors:availability.blackoutsTitle")}</h2>
        <p>{t("ambassadors:availability.blackoutsLead")}</p>
        {data.blackouts.length ? (
          <div className="table-wrap">
            <table className="blackouts">
              <thead>
                <tr>
                  <th scope="col">{t("ambassadors:availability.from")}</th>
                  <th scope="col">{t("ambassadors:availability.to")}</th>
                  <th scope="col">{t("ambassadors:availability.note")}</th>
                  <td />
                </tr>
              </thead>
              <tbody>
                {data.blackouts.map((b) => (
                  <tr key={b.id}>
                    <td>{b.from_date}</td>
                    <td>{b.to_date}</td>
                    <td>{b.note}</td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="removeBlackout" />
                        <input type="hidden" name="id" value={b.id} />
                        <button
                          type="submit"
                          className="button button--secondary button--small"
                          aria-label={t("ambassadors:availability.removeLabel", { from: b.from_date, to: b.to_date })}
                        >
                          {t("ambassadors:availability.remove")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t("ambassadors:availability.noBlackouts")}</p>
        )}

        <h3 id="add-blackout-title">{t("ambassadors:availability.addBlackoutTitle")}</h3>
        <Form key={locationKey} method="post" className="stack narrow" noValidate aria-labelledby="add-blackout-title">
          <input type="hidden" name="intent" value="addBlackout" />
          <TextField name="fromDate" type="date" label={t("ambassadors:availability.from")} hint={t("ambassadors:availability.dateHint")} error={errors?.fromDate} defaultValue={values.fromDate} required />
          <TextField name="toDate" type="date" label={t("ambassadors:availability.to")} hint={t("ambassadors:availability.dateHint")} error={errors?.toDate} defaultValue={values.toDate} required />
          <TextField name="note" type="text" label={t("ambassadors:availability.note")} error={errors?.note} defaultValue={values.note} />
          <button type="submit" className="button">
            {t("ambassadors:availability.addBlackout")}
          </button>
        </Form>
      </section>
    </>
  );
}
