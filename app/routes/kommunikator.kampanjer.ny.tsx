import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignForm } from "~/campaigns/campaign-form";
import { createCampaign } from "~/campaigns/campaigns.server";
import { campaignSchema } from "~/campaigns/schemas";
import { formResult } from "~/components/forms";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { PoolError } from "~/errors";
import { badRequest, parseForm } from "~/forms.server";
import { pageTitle } from "~/meta";
import { requireUser } from "~/permissions.server";

export const meta = pageTitle("campaigns:new.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: ["communicator", "admin"] });
  return { sectors: await db.selectFrom("sector").select(["id", "name"]).orderBy("sort_order").execute() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: ["communicator", "admin"] });
  const form = await request.formData();
  const parsed = parseForm(form, campaignSchema);
  const values = { ...parsed.values, grades: form.getAll("grades").map(String).join(","), sectors: form.getAll("sectors").map(String).join(",") };
  if (!parsed.ok) return badRequest(parsed.errors, values);
  try {
    const id = await createCampaign(db, parsed.data, user.id);
    return redirect(`/kommunikator/kampanjer/${id}?skapad=1`);
  } catch (error) {
    if (error instanceof PoolError) return badRequest({ [error.field]: error.key }, values);
    throw error;
  }
}

export default function NewCampaign() {
  const { t } = useTranslation();
  const { sectors } = useLoaderData<typeof loader>();
  const { errors, values } = formResult(useActionData<typeof action>());
  return (
    <>
      <PageHeader title={t("campaigns:new.title")} lead={t("campaigns:new.lead")} />
      <CampaignForm
        errors={errors}
        values={{ ...values, grades: values.grades?.split(",").filter(Boolean), sectors: values.sectors?.split(",").filter(Boolean) }}
        sectors={sectors}
        submit={t("campaigns:new.submit")}
      />
    </>
  );
}
