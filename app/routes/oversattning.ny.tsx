import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, formResult, SelectField, TextArea, TextField } from "~/components/forms";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { PoolError } from "~/errors";
import { badRequest, parseForm } from "~/forms.server";
import { createGuide } from "~/guidance/guidance.server";
import { newGuideSchema } from "~/guidance/schemas";
import { pageTitle } from "~/meta";
import { requireUser } from "~/permissions.server";

export const meta = pageTitle("guidance:new.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: ["admin"] });
  return { sectors: await db.selectFrom("sector").select(["id", "name"]).orderBy("sort_order").execute() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: ["admin"] });
  const parsed = parseForm(await request.formData(), newGuideSchema);
  if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
  try {
    await createGuide(db, { slug: parsed.data.slug, title: parsed.data.title, lead: parsed.data.lead, sectorId: parsed.data.sectorId }, user.id);
  } catch (error) {
    if (error instanceof PoolError) return badRequest({ [error.field]: error.key }, parsed.values);
    throw error;
  }
  return redirect(`/oversattning/${parsed.data.slug}/sv?skapad=1`);
}

export default function NewGuide() {
  const { t } = useTranslation();
  const { sectors } = useLoaderData<typeof loader>();
  const { errors, values } = formResult(useActionData<typeof action>());
  const labels = { slug: t("guidance:new.slug"), title: t("guidance:new.guideTitle"), lead: t("guidance:new.lead"), sectorId: t("guidance:settings.sector") };
  return (
    <>
      <PageHeader title={t("guidance:new.title")} lead={t("guidance:new.intro")} />
      <Form method="post" noValidate className="form">
        <ErrorSummary errors={errors} labels={labels} />
        <TextField name="slug" label={labels.slug} hint={t("guidance:new.slugHint")} error={errors?.slug} defaultValue={values.slug} autoComplete="off" dir="ltr" />
        <TextField name="title" label={labels.title} error={errors?.title} defaultValue={values.title} />
        <TextArea name="lead" label={labels.lead} error={errors?.lead} defaultValue={values.lead} rows={3} />
        <SelectField
          name="sectorId"
          label={labels.sectorId}
          error={errors?.sectorId}
          defaultValue={values.sectorId}
          options={[{ value: "", label: t("guidance:settings.none") }, ...sectors.map((s) => ({ value: String(s.id), label: s.name }))]}
        />
        <button type="submit" className="button">
          {t("guidance:new.submit")}
        </button>
      </Form>
    </>
  );
}
