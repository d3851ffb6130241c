import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorText } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { todayInStockholm } from "~/ambassadors/rules";
import { db } from "~/db.server";
import { pageTitle } from "~/meta";
import { notFound, requireUser } from "~/permissions.server";
import { ChoiceErrors, gradeNineGroups, saveGradeNineChoices } from "~/reach/reach.server";
import { idParam } from "~/request.server";
import { schoolYearEnding } from "~/schools/rules";

export const meta = pageTitle("reach:choices.title");

async function load(request: Request, schoolIdParam: string | undefined) {
  const schoolId = idParam(schoolIdParam);
  const user = await requireUser(request, { role: ["school_staff", "admin"], school: schoolId });
  const school = await db.selectFrom("school").select(["id", "name"]).where("id", "=", schoolId!).executeTakeFirst();
  if (!school) throw notFound();
  return { user, school, cohort: schoolYearEnding(todayInStockholm()) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { school, cohort } = await load(request, params.id);
  return {
    school,
    cohort,
    groups: await gradeNineGroups(db, school.id, cohort),
    programmes: await db.selectFrom("gymnasium_programme").select(["code", "name"]).where("active", "=", 1).orderBy("code").execute(),
  };
}

/** The SYV's report: per grade-9 class group, how many put each programme first (counts, never names). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, school, cohort } = await load(request, params.id);
  const form = await request.formData();
  const values = Object.fromEntries([...form.entries()].filter(([k, v]) => typeof v === "string" && /^g\d+-[A-Z]{2}$/.test(k)).map(([k, v]) => [k, String(v)]));
  try {
    await saveGradeNineChoices(db, { schoolId: school.id, cohort, values }, user.id);
  } catch (error) {
    if (error instanceof ChoiceErrors) return data({ errors: error.errors, values }, { status: 400 });
    throw error;
  }
  return redirect(`/skolor/${school.id}/val?sparat=1`);
}

export default function GradeNineChoices() {
  const { t } = useTranslation();
  const { school, cohort, groups, programmes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <>
      <PageHeader title={t("reach:choices.title")} lead={t("reach:choices.lead", { school: school.name, year: cohort })} />
      {search.get("sparat") ? <Notice kind="success">{t("reach:choices.saved")}</Notice> : null}
      {Object.keys(errors).length ? (
        <div className="error-summary" role="alert" aria-labelledby="val-fel">
          <h2 id="val-fel">{t("form.errorSummary")}</h2>
          <ul>
            {Object.entries(errors).map(([field, key]) => (
              <li key={field}>
                <a href={`#${field}`}>{errorText(t, key)}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {groups.length ? (
        <Form method="post" className="form">
          {groups.map((g) => (
            <fieldset key={g.id} id={`g${g.id}`} className={`field choice-group${errors[`g${g.id}`] ? " field--error" : ""}`} tabIndex={-1}>
              <legend>{t("reach:choices.group", { label: g.label, pupils: g.pupils })}</legend>
              {g.reportedAt ? <p className="field__hint">{t("reach:choices.reportedAt", { date: g.reportedAt.slice(0, 10) })}</p> : null}
              <div className="choice-grid">
                {programmes.map((p) => {
                  const name = `g${g.id}-${p.code}`;
                  return (
                    <div key={p.code} className={errors[name] ? "field field--error" : "field"}>
                      <label htmlFor={name}>
                        <abbr title={p.name}>{p.code}</abbr> <span className="visually-hidden">{p.name}</span>
                      </label>
                      <input id={name} name={name} inputMode="numeric" pattern="[0-9]*" size={4} defaultValue={values[name] ?? (g.choices[p.code] != null ? String(g.choices[p.code]) : "")} aria-invalid={errors[name] ? true : undefined} />
                    </div>
                  );
                })}
              </div>
            </fieldset>
          ))}
          <button type="submit" className="button">
            {t("reach:choices.save")}
          </button>
        </Form>
      ) : (
        <p>{t("reach:choices.noGroups", { year: cohort })}</p>
      )}
    </>
  );
}
