import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignForm } from "~/campaigns/campaign-form";
import { getCampaign, setCampaignStatus, updateCampaign } from "~/campaigns/campaigns.server";
import { campaignSchema, campaignStatuses } from "~/campaigns/schemas";
import { formResult, TextField } from "~/components/forms";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { createFilm, listFilms } from "~/films/films.server";
import { filmSchema } from "~/films/schemas";
import { PoolError } from "~/errors";
import { badRequest, parseForm } from "~/forms.server";
import { pageTitle } from "~/meta";
import { notFound, requireUser } from "~/permissions.server";
import { idParam } from "~/request.server";

export const meta = pageTitle("campaigns:edit.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: ["communicator", "admin"] });
  const id = idParam(params.id);
  const campaign = id ? await getCampaign(db, id) : null;
  if (!campaign) throw notFound();
  return { campaign, films: await listFilms(db, [campaign.id]), sectors: await db.selectFrom("sector").select(["id", "name"]).orderBy("sort_order").execute() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: ["communicator", "admin"] });
  const id = idParam(params.id);
  if (!id || !(await getCampaign(db, id))) throw notFound();
  const form = await request.formData();
  if (form.get("intent") === "film") {
    const fields = new FormData();
    fields.set("title", String(form.get("film-title") ?? ""));
    const parsed = parseForm(fields, filmSchema);
    if (!parsed.ok) return badRequest(Object.fromEntries(Object.entries(parsed.errors).map(([k, v]) => [`film-${k}`, v])), { intent: "film" });
    const filmId = await createFilm(db, { campaignId: id, ...parsed.data }, user.id);
    return redirect(`/kommunikator/filmer/${filmId}?skapad=1`);
  }
  if (form.get("intent") === "status") {
    const status = campaignStatuses.find((s) => s === form.get("status"));
    if (!status) return badRequest({ _form: "errors.invalid" });
    await setCampaignStatus(db, id, status, user.id);
    return redirect(`/kommunikator/kampanjer/${id}?status=1`);
  }
  const parsed = parseForm(form, campaignSchema);
  const values = { ...parsed.values, grades: form.getAll("grades").map(String).join(","), sectors: form.getAll("sectors").map(String).join(",") };
  if (!parsed.ok) return badRequest(parsed.errors, values);
  try {
    await updateCampaign(db, id, parsed.data, user.id);
  } catch (error) {
    if (error instanceof PoolError) return badRequest({ [error.field]: error.key }, values);
    throw error;
  }
  return redirect(`/kommunikator/kampanjer/${id}?sparad=1`);
}

export default function EditCampaign() {
  const { t } = useTranslation();
  const { campaign, films, sectors } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { errors, values } = formResult(actionData);
  const [params] = useSearchParams();
  const filmFailed = values.intent === "film";
  const failed = !!errors && !filmFailed;
  return (
    <>
      <PageHeader title={campaign.title} lead={t("campaigns:edit.lead")} />
      <p>
        <Link to="/kommunikator/kampanjer">{t("campaigns:edit.back")}</Link>
      </p>
      {params.get("skapad") && !failed ? <Notice kind="success">{t("campaigns:edit.created")}</Notice> : null}
      {params.get("sparad") && !failed ? <Notice kind="success">{t("campaigns:edit.saved")}</Notice> : null}
      {params.get("status") && !failed ? <Notice kind="success">{t("campaigns:edit.statusChanged")}</Notice> : null}
      <section aria-labelledby="status-title">
        <h2 id="status-title">{t("campaigns:fields.status")}</h2>
        <p>
          <span className="tag">{t(`campaigns:status.${campaign.status}`)}</span>
        </p>
        <div className="actions">
          {campaignStatuses
            .filter((s) => s !== campaign.status)
            .map((s) => (
              <Form method="post" key={s}>
                <input type="hidden" name="intent" value="status" />
                <input type="hidden" name="status" value={s} />
                <button type="submit" className="button button--secondary">
                  {t(`campaigns:edit.to.${s}`)}
                </button>
              </Form>
            ))}
        </div>
      </section>
      <section aria-labelledby="films-title">
        <h2 id="films-title">{t("films:library.films")}</h2>
        {films.length ? (
          <ul>
            {films.map((f) => (
              <li key={f.id}>
                <Link to={`/kommunikator/filmer/${f.id}`}>{f.title}</Link> <span className="tag">{t(`campaigns:status.${f.status}`)}</span>{" "}
                <span className="tag">{t(`films:processing.${f.processing}`)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("films:library.none")}</p>
        )}
        <Form method="post">
          <input type="hidden" name="intent" value="film" />
          <TextField name="film-title" label={t("films:new.title")} hint={t("films:new.hint")} error={errors?.["film-title"]} required />
          <button type="submit" className="button button--secondary">
            {t("films:new.submit")}
          </button>
        </Form>
      </section>
      <h2>{t("campaigns:edit.details")}</h2>
      <CampaignForm
        errors={filmFailed ? undefined : errors}
        values={
          failed
            ? { ...values, grades: values.grades?.split(",").filter(Boolean), sectors: values.sectors?.split(",").filter(Boolean) }
            : {
                title: campaign.title,
                thread: campaign.thread,
                description: campaign.description,
                startsOn: campaign.starts_on,
                endsOn: campaign.ends_on,
                grades: campaign.grades.map(String),
                sectors: campaign.sectors.map(String),
              }
        }
        sectors={sectors}
        submit={t("campaigns:edit.submit")}
      />
    </>
  );
}
