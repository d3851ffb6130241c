import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { trainingModuleSchema } from "~/ambassadors/schemas";
import { audit } from "~/audit.server";
import { ErrorSummary, TextField, formResult } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest, parseForm } from "~/forms.server";
import { requireUser } from "~/permissions.server";
import { pageTitle } from "~/meta";

export const meta = pageTitle("ambassadors:training.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  return { modules: await db.selectFrom("training_module").selectAll().orderBy("sort_order").orderBy("id").execute() };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, { role: "admin" });
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "toggle") {
    const id = Number(form.get("id"));
    const field = form.get("field");
    if (!Number.isInteger(id) || (field !== "required" && field !== "active")) return badRequest({ _form: "errors.invalid" });
    const before = await db.selectFrom("training_module").selectAll().where("id", "=", id).executeTakeFirst();
    if (!before) return badRequest({ _form: "errors.notFound" });
    await db.transaction().execute(async (trx) => {
      await trx.updateTable("training_module").set({ [field]: before[field] ? 0 : 1 }).where("id", "=", id).execute();
      await audit(trx, { actorUserId: admin.id, action: "training_module.update", entityType: "training_module", entityId: id, before: { [field]: before[field] }, after: { [field]: before[field] ? 0 : 1 } });
    });
    throw redirect("/admin/utbildningar");
  }
  const parsed = parseForm(form, trainingModuleSchema);
  if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
  const taken = await db.selectFrom("training_module").select("id").where("name", "=", parsed.data.name).executeTakeFirst();
  if (taken) return badRequest({ name: "errors.invalid" }, parsed.values);
  await db.transaction().execute(async (trx) => {
    const max = await trx.selectFrom("training_module").select((eb) => eb.fn.max("sort_order").as("m")).executeTakeFirst();
    const row = await trx
      .insertInto("training_module")
      .values({ name: parsed.data.name, description: parsed.data.description, required: parsed.data.required ? 1 : 0, sort_order: Number(max?.m ?? 0) + 1 })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(trx, { actorUserId: admin.id, action: "training_module.create", entityType: "training_module", entityId: row.id, after: parsed.data });
  });
  throw redirect("/admin/utbildningar?tillagd=1");
}

export default function TrainingModules() {
  const { t } = useTranslation();
  const { modules } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { errors, values } = formResult(actionData);
  return (
    <>
      <PageHeader title={t("ambassadors:training.title")} lead={t("ambassadors:training.lead")} />
      {params.get("tillagd") && !errors ? <Notice kind="success">{t("ambassadors:training.added")}</Notice> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("ambassadors:training.name")}</th>
              <th scope="col">{t("ambassadors:training.required")}</th>
              <th scope="col">{t("ambassadors:training.active")}</th>
            </tr>
          </thead>
          <tbody>
            {modules.map((m) => (
              <tr key={m.id}>
                <td>
                  {m.name}
                  {m.description ? <div className="field__hint">{m.description}</div> : null}
                </td>
                <td>
                  {m.required ? t("ambassadors:list.yes") : t("ambassadors:list.no")}
                  <Form method="post">
                    <input type="hidden" name="intent" value="toggle" />
                    <input type="hidden" name="id" value={m.id} />
                    <input type="hidden" name="field" value="required" />
                    <button type="submit" className="button button--secondary button--small">
                      {t(m.required ? "ambassadors:training.makeOptional" : "ambassadors:training.makeRequired")}
                      <span className="visually-hidden"> – {m.name}</span>
                    </button>
                  </Form>
                </td>
                <td>
                  {m.active ? t("ambassadors:list.yes") : t("ambassadors:list.no")}
                  <Form method="post">
                    <input type="hidden" name="intent" value="toggle" />
                    <input type="hidden" name="id" value={m.id} />
                    <input type="hidden" name="field" value="active" />
                    <button type="submit" className="button button--secondary button--small">
                      {t(m.active ? "ambassadors:training.deactivate" : "ambassadors:training.activate")}
                      <span className="visually-hidden"> – {m.name}</span>
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("ambassadors:training.add")}</h2>
      <ErrorSummary errors={errors} labels={{ name: t("ambassadors:training.name"), description: t("ambassadors:training.description") }} />
      <Form method="post" className="stack narrow" noValidate>
        <input type="hidden" name="intent" value="create" />
        <TextField name="name" label={t("ambassadors:training.name")} error={errors?.name} defaultValue={values.name} required />
        <TextField name="description" label={t("ambassadors:training.description")} error={errors?.description} defaultValue={values.description} />
        <div className="checkbox">
          <input type="checkbox" id="required" name="required" defaultChecked />
          <label htmlFor="required">{t("ambassadors:training.required")}</label>
        </div>
        <button type="submit" className="button">
          {t("ambassadors:training.add")}
        </button>
      </Form>
    </>
  );
}
