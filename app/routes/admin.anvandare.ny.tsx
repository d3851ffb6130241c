import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { audit } from "~/audit.server";
import { CheckboxGroup, ErrorSummary, SelectField, TextField } from "~/components/forms";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest, parseForm } from "~/forms.server";
import { getLocale } from "~/i18n/i18n.server";
import { sendInvitation } from "~/links.server";
import { requireUser } from "~/permissions.server";
import { inviteSchema, roles } from "~/schemas";
import { pageTitle } from "~/meta";

export const meta = pageTitle("users.inviteTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  const municipalities = await db.selectFrom("municipality").select(["id", "name"]).orderBy("name").execute();
  const schools = await db.selectFrom("school").select(["id", "name"]).orderBy("name").execute();
  return { municipalities, schools };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, { role: "admin" });
  const parsed = parseForm(await request.formData(), inviteSchema);
  if (!parsed.ok) return badRequest(parsed.errors, parsed.values);
  const input = parsed.data;
  const existing = await db.selectFrom("app_user").select("id").where("email", "=", input.email).executeTakeFirst();
  if (existing) return badRequest({ email: "errors.emailTaken" }, { email: input.email, name: input.name, role: input.role });
  const validMunicipalities = input.role === "coordinator" ? input.municipalityIds : [];
  if (validMunicipalities.length) {
    const found = await db.selectFrom("municipality").select("id").where("id", "in", validMunicipalities).execute();
    if (found.length !== validMunicipalities.length) return badRequest({ municipalityIds: "errors.invalid" });
  }
  if (input.role === "school_staff") {
    const school = await db.selectFrom("school").select("id").where("id", "=", input.schoolId!).executeTakeFirst();
    if (!school) return badRequest({ schoolId: "errors.chooseSchool" });
  }
  const locale = await getLocale(request);
  await db.transaction().execute(async (trx) => {
    const user = await trx
      .insertInto("app_user")
      .values({
        email: input.email,
        name: input.name,
        role: input.role,
        school_id: input.role === "school_staff" ? input.schoolId : null,
        locale,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (validMunicipalities.length)
      await trx
        .insertInto("user_municipality")
        .values(validMunicipalities.map((municipality_id) => ({ user_id: user.id, municipality_id })))
        .execute();
    await sendInvitation(trx, { userId: user.id, email: input.email, invitedBy: admin.id, locale });
    await audit(trx, {
      actorUserId: admin.id,
      action: "user.invite",
      entityType: "app_user",
      entityId: user.id,
      after: { email: input.email, role: input.role, municipalityIds: validMunicipalities, schoolId: input.schoolId },
    });
  });
  throw redirect(`/admin/anvandare?invited=${encodeURIComponent(input.email)}`);
}

export default function InviteUser() {
  const { t } = useTranslation();
  const { municipalities, schools } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values = actionData?.values ?? {};
  return (
    <>
      <PageHeader title={t("users.inviteTitle")} lead={t("users.inviteLead")} />
      <ErrorSummary
        errors={errors}
        labels={{
          email: t("auth.email"),
          name: t("auth.name"),
          role: t("account.role"),
          municipalityIds: t("users.municipalities"),
          schoolId: t("users.school"),
        }}
      />
      <Form method="post" className="stack" noValidate>
        <TextField name="email" type="email" label={t("auth.email")} error={errors?.email} defaultValue={values.email} required />
        <TextField name="name" label={t("auth.name")} error={errors?.name} defaultValue={values.name} required />
        <SelectField name="role" label={t("account.role")} error={errors?.role} defaultValue={values.role ?? ""} choose options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        <CheckboxGroup
          name="municipalityIds"
          legend={t("users.municipalitiesLegend")}
          error={errors?.municipalityIds}
          options={municipalities.map((m) => ({ value: String(m.id), label: m.name }))}
        />
        <SelectField name="schoolId" label={t("users.schoolLabel")} error={errors?.schoolId} defaultValue={values.schoolId ?? ""} choose options={schools.map((s) => ({ value: s.id, label: s.name }))} />
        <button type="submit" className="button">
          {t("users.sendInvitation")}
        </button>
      </Form>
    </>
  );
}
