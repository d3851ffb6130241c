import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PoolError, parseList } from "~/ambassadors/pool.server";
import { ErrorSummary, SelectField, TextField, formResult } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest, parseForm } from "~/forms.server";
import { pageTitle } from "~/meta";
import { notFound, requireUser } from "~/permissions.server";
import { classGroupSchema } from "~/schools/schemas";
import { addClassGroup, listClassGroups, updateClassGroupPupils } from "~/schools/schools.server";
import { idParam as schoolId } from "~/request.server";

export const meta = pageTitle("school.name");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = schoolId(params.id);
  const user = await requireUser(request, { role: ["school_staff", "coordinator", "admin"], school: id });
  const school = await db
    .selectFrom("school")
    .innerJoin("municipality", "municipality.id", "school.municipality_id")
    .select(["school.name", "school.unit_code", "school.is_demo", "school.status", "school.grades_json", "municipality.name as municipality"])
    .where("school.id", "=", id!)
    .executeTakeFirst();
  if (!school) throw notFound();
  const { grades_json, ...rest } = school;
  return {
    school: { ...rest, grades: parseList<number>(grades_json) },
    groups: await listClassGroups(db, id!),
    canEdit: user.role === "school_staff" || user.role === "admin",
  };
}

/** School staff (and admins) keep the class groups: a label, the grade now and how many pupils. Never names. */
export async function action({ request, params }: ActionFunctionArgs) {
  const id = schoolId(params.id);
  const user = await requireUser(request, { role: ["school_staff", "admin"], school: id });
  const form = await request.formData();
  try {
    if (form.get("intent") === "pupils") {
      const groupId = Number(form.get("groupId"));
      const pupils = Number(form.get("pupils"));
      if (!Number.isInteger(pupils) || pupils < 1 || pupils > 40) return badRequest({ [`pupils-${groupId}`]: "schools:errors.pupils" });
      await updateClassGroupPupils(db, { schoolId: id!, groupId, pupils, actorUserId: user.id });
      throw redirect(`/skolor/${id}?sparat=1`);
    }
    const parsed = parseForm(form, classGroupSchema);
    if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
    await addClassGroup(db, { schoolId: id!, group: parsed.data, actorUserId: user.id });
  } catch (error) {
    if (error instanceof PoolError) return badRequest({ [error.field === "_form" ? "_form" : error.field]: error.key });
    throw error;
  }
  throw redirect(`/skolor/${id}?tillagd=1`);
}

export default function SchoolPage() {
  const { t } = useTranslation();
  const { school, groups, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { errors, values } = formResult(actionData);
  return (
    <>
      <PageHeader title={school.name} />
      {school.is_demo ? <p className="tag">{t("demo.label")}</p> : null}
      {params.get("tillagd") && !errors ? <Notice kind="success">{t("schools:groups.added")}</Notice> : null}
      {params.get("sparat") && !errors ? <Notice kind="success">{t("schools:groups.saved")}</Notice> : null}
      <dl className="facts">
        <dt>{t("school.municipality")}</dt>
        <dd>{school.municipality}</dd>
        <dt>{t("school.unitCode")}</dt>
        <dd>{school.unit_code ?? "–"}</dd>
        <dt>{t("schools:fields.grades")}</dt>
        <dd>{school.grades.length ? school.grades.join(", ") : "–"}</dd>
      </dl>
      <h2>{t("schools:groups.title")}</h2>
      <p>{t("schools:groups.lead")}</p>
      <ErrorSummary
        errors={errors}
        labels={{ label: t("schools:groups.label"), grade: t("schools:groups.grade"), pupils: t("schools:groups.pupils"), _form: "" }}
      />
      {groups.length === 0 ? (
        <p>{t("schools:groups.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("schools:groups.label")}</th>
                <th scope="col">{t("schools:groups.grade")}</th>
                <th scope="col">{t("schools:groups.leaves")}</th>
                <th scope="col">{t("schools:groups.pupils")}</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.id}>
                  <th scope="row">{g.label}</th>
                  <td>{g.grade}</td>
                  <td>{g.leaves_grade9_year}</td>
                  <td>
                    {canEdit ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="pupils" />
                        <input type="hidden" name="groupId" value={g.id} />
                        <label htmlFor={`pupils-${g.id}`} className="visually-hidden">
                          {t("schools:groups.pupilsIn", { label: g.label })}
                        </label>
                        <input id={`pupils-${g.id}`} name="pupils" type="number" min={1} max={40} defaultValue={g.pupils} className="input--short" />
                        <button type="submit" className="button button--secondary button--small">
                          {t("schools:groups.save")}
                          <span className="visually-hidden"> – {g.label}</span>
                        </button>
                      </Form>
                    ) : (
                      g.pupils
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEdit ? (
        <>
          <h3>{t("schools:groups.add")}</h3>
          <Form method="post" className="stack narrow" noValidate>
            <input type="hidden" name="intent" value="add" />
            <TextField name="label" type="text" label={t("schools:groups.label")} hint={t("schools:groups.labelHint")} error={errors?.label} defaultValue={values.label} required />
            <SelectField name="grade" label={t("schools:groups.grade")} error={errors?.grade} defaultValue={values.grade ?? ""} choose options={[1, 2, 3, 4, 5, 6, 7, 8, 9].map((g) => ({ value: g, label: t("ambassadors:grade", { grade: g }) }))} />
            <TextField name="pupils" type="number" min={1} max={40} label={t("schools:groups.pupils")} hint={t("schools:groups.pupilsHint")} error={errors?.pupils} defaultValue={values.pupils} required />
            <button type="submit" className="button">
              {t("schools:groups.add")}
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
