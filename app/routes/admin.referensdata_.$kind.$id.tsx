import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { audit } from "~/audit.server";
import { ErrorSummary, SelectField, TextField } from "~/components/forms";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest, parseForm } from "~/forms.server";
import { pageTitle } from "~/meta";
import { notFound, requireUser } from "~/permissions.server";

export const meta = pageTitle("reference.editTitle");

const tables = { kommun: "municipality", bransch: "sector", program: "gymnasium_programme" } as const;
type Kind = keyof typeof tables;

const name = z.string({ message: "errors.required" }).trim().min(1, "errors.required").max(120, "errors.tooLong");
const schemas = {
  kommun: z.object({ name, county: name }),
  bransch: z.object({ name }),
  program: z.object({ name, kind: z.enum(["vocational", "preparatory"], { message: "errors.choose" }), active: z.enum(["0", "1"], { message: "errors.choose" }).transform(Number) }),
};

/** Reference data are rows an admin may correct (names, the programme list), never constants in code. */
async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const admin = await requireUser(request, { role: "admin" });
  const kind = params.kind as Kind;
  const id = Number(params.id);
  if (!Object.hasOwn(tables, kind) || !Number.isInteger(id)) throw notFound();
  const row = (await db.selectFrom(tables[kind]).selectAll().where("id", "=", id).executeTakeFirst()) as Record<string, string | number> | undefined;
  if (!row) throw notFound();
  return { admin, kind, id, row };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { kind, row } = await load(request, params);
  return { kind, row };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { admin, kind, id, row } = await load(request, params);
  const parsed = parseForm(await request.formData(), schemas[kind]);
  if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable(tables[kind]).set(parsed.data as never).where("id", "=", id).execute();
    await audit(trx, { actorUserId: admin.id, action: "reference.update", entityType: tables[kind], entityId: id, before: row, after: parsed.data });
  });
  throw redirect("/admin/referensdata?sparat=1");
}

export default function EditReference() {
  const { t } = useTranslation();
  const { kind, row } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = { ...Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)])), ...(actionData?.values ?? {}) } as Record<string, string>;
  return (
    <div className="narrow">
      <PageHeader title={t("reference.editTitle")} lead={row.code ? `${t("reference.code")}: ${row.code}` : undefined} />
      <ErrorSummary errors={errors} labels={{ name: t("reference.name"), county: t("reference.county"), kind: t("reference.kind"), active: t("reference.active") }} />
      <Form method="post" className="stack" noValidate>
        <TextField name="name" type="text" label={t("reference.name")} error={errors?.name} defaultValue={values.name} required />
        {kind === "kommun" ? <TextField name="county" type="text" label={t("reference.county")} error={errors?.county} defaultValue={values.county} required /> : null}
        {kind === "program" ? (
          <>
            <SelectField name="kind" label={t("reference.kind")} error={errors?.kind} defaultValue={values.kind}>
              <option value="vocational">{t("reference.kinds.vocational")}</option>
              <option value="preparatory">{t("reference.kinds.preparatory")}</option>
            </SelectField>
            <SelectField name="active" label={t("reference.active")} error={errors?.active} defaultValue={values.active}>
              <option value="1">{t("reference.inUse")}</option>
              <option value="0">{t("reference.notInUse")}</option>
            </SelectField>
          </>
        ) : null}
        <button type="submit" className="button">
          {t("reference.save")}
        </button>
      </Form>
      <p>
        <Link to="/admin/referensdata">{t("reference.back")}</Link>
      </p>
    </div>
  );
}
