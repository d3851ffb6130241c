import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { nowIso } from "#db/adapter";
import { deletePhoto, PHOTO_MAX_BYTES, storeAmbassadorPhoto } from "~/ambassadors/photos.server";
import { getAmbassadorForUser, getPublicAmbassador, parseList, PoolError, updateProfile } from "~/ambassadors/pool.server";
import { formats, grades } from "~/ambassadors/rules";
import { profileSchema } from "~/ambassadors/schemas";
import { audit } from "~/audit.server";
import { CheckboxGroup, ErrorSummary, RadioGroup, SelectField, TextArea, TextField } from "~/components/forms";
import { AmbassadorPhoto } from "~/components/photo";
import { Notice, PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { badRequest, parseForm } from "~/forms.server";
import { getT } from "~/i18n/i18n.server";
import { notFound, requireUser } from "~/permissions.server";
import { getStorage } from "~/storage.server";
import { fileBytes, readMultipart } from "~/uploads.server";
import selfStyles from "~/styles/ambassador-self.css";
import { pageTitle } from "~/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: selfStyles }];

export const meta = pageTitle("ambassadors:profile.title");

const PATH = "/ambassador/profil";
/** A little room for the multipart boundaries and the other fields around the photo. */
const UPLOAD_LIMIT = PHOTO_MAX_BYTES + 16 * 1024;
const genders = ["female", "male", "other", ""] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "ambassador" });
  const a = await getAmbassadorForUser(db, user.id);
  if (!a) throw notFound();
  const [sectors, languages, published, t] = await Promise.all([
    db.selectFrom("sector").select(["id", "name"]).orderBy("sort_order").execute(),
    db.selectFrom("language").select(["code", "native_name", "dir"]).orderBy("sort_order").execute(),
    getPublicAmbassador(db, a.id),
    getT(request, "ambassadors"),
  ]);
  return {
    title: t("profile.title"),
    id: a.id,
    profile: {
      name: a.name ?? "",
      phone: a.phone ?? "",
      occupation: a.occupation ?? "",
      employerName: a.employer_name ?? "",
      sectorId: a.sector_id ? String(a.sector_id) : "",
      educationPath: a.education_path ?? "",
      story: a.story ?? "",
      gender: a.gender ?? "",
      languages: parseList<string>(a.languages_json),
      formats: parseList<string>(a.formats_json),
      grades: parseList<number>(a.grades_json).map(String),
    },
    photo: a.photo_key && a.photo_width && a.photo_height ? { key: a.photo_key, width: a.photo_width, height: a.photo_height } : null,
    isPublic: !!published,
    sectors,
    languages,
  };
}

/** What she typed, to show again after an error; lists as arrays, long texts whole. */
function submittedValues(form: FormData) {
  const one = (k: string) => String(form.get(k) ?? "").slice(0, 10_000);
  return {
    name: one("name"),
    phone: one("phone"),
    occupation: one("occupation"),
    employerName: one("employerName"),
    sectorId: one("sectorId"),
    educationPath: one("educationPath"),
    story: one("story"),
    gender: one("gender"),
    languages: form.getAll("languages").map(String),
    formats: form.getAll("formats").map(String),
    grades: form.getAll("grades").map(String),
  };
}
type Submitted = ReturnType<typeof submittedValues>;

const profileError = (errors: Record<string, string>, values: Submitted) => badRequest(errors, values as unknown as Record<string, string>);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "ambassador" });
  const a = await getAmbassadorForUser(db, user.id);
  if (!a) throw notFound();

  // The photo form is the only multipart one; it is read with a size limit before anything else.
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const upload = await readMultipart(request, UPLOAD_LIMIT);
    if (!upload.ok)
      return badRequest({ photo: upload.reason === "too_large" ? "ambassadors:errors.photoTooLarge" : "ambassadors:errors.photoUnreadable" });
    if (upload.form.get("intent") !== "photo") return badRequest({ photo: "errors.invalid" });
    const bytes = await fileBytes(upload.form.get("photo"));
    if (!bytes) return badRequest({ photo: "ambassadors:errors.photoMissing" });
    const storage = getStorage();
    let stored;
    try {
      stored = await storeAmbassadorPhoto(storage, a.id, bytes);
    } catch (error) {
      if (error instanceof PoolError) return badRequest({ photo: error.key });
      throw error;
    }
    try {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable("ambassador")
          .set({ photo_key: stored.key, photo_width: stored.width, photo_height: stored.height, updated_at: nowIso() })
          .where("id", "=", a.id)
          .execute();
        await audit(trx, { actorUserId: user.id, action: "ambassador.photo", entityType: "ambassador", entityId: a.id, after: { replaced: !!a.photo_key } });
      });
    } catch (error) {
      // The new variants must not be left behind without a row pointing at them.
      await deletePhoto(storage, stored.key);
      throw error;
    }
    // Only now that the new photo is in place do the old variants go.
    if (a.photo_key && a.photo_key !== stored.key) await deletePhoto(storage, a.photo_key);
    throw redirect(`${PATH}?sparat=foto`);
  }

  const form = await request.formData();
  const intent = form.get("intent");

  if (intent === "removePhoto") {
    if (a.photo_key) {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable("ambassador").set({ photo_key: null, photo_width: null, photo_height: null, updated_at: nowIso() }).where("id", "=", a.id).execute();
        await audit(trx, { actorUserId: user.id, action: "ambassador.photo.remove", entityType: "ambassador", entityId: a.id });
      });
      await deletePhoto(getStorage(), a.photo_key);
    }
    throw redirect(`${PATH}?sparat=foto-borttaget`);
  }

  if (intent !== "profile") return badRequest({ _form: "errors.invalid" });
  const values = submittedValues(form);
  const parsed = parseForm(form, profileSchema);
  if (!parsed.ok) return profileError(parsed.errors, values);
  const input = parsed.data;
  const sector = await db.selectFrom("sector").select("id").where("id", "=", input.sectorId).executeTakeFirst();
  if (!sector) return profileError({ sectorId: "errors.choose" }, values);
  const known = await db.selectFrom("language").select("code").where("code", "in", input.languages).execute();
  if (known.length !== new Set(input.languages).size) return profileError({ languages: "errors.invalid" }, values);
  await updateProfile(db, a.id, { ...input, languages: [...new Set(input.languages)] }, user.id);
  throw redirect(`${PATH}?sparat=profil`);
}

export default function OwnProfile() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  // A new key after each navigation empties the file input once the photo is saved.
  const { key: locationKey } = useLocation();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const sent = actionData?.values as unknown as Partial<Submitted> | undefined;
  // After a failed profile save show what she typed; otherwise what is stored.
  const v = sent && "name" in sent ? (sent as Submitted) : data.profile;
  const saved = params.get("sparat");
  const savedText =
    saved === "profil" ? t("ambassadors:profile.saved") : saved === "foto" ? t("ambassadors:profile.photoSaved") : saved === "foto-borttaget" ? t("ambassadors:profile.photoRemoved") : null;

  return (
    <>
      <PageHeader title={t("ambassadors:profile.title")} lead={t("ambassadors:profile.lead")} />
      {savedText && !errors ? <Notice kind="success">{savedText}</Notice> : null}
      <ErrorSummary
        errors={errors}
        labels={{
          name: t("ambassadors:fields.name"),
          phone: t("ambassadors:fields.phone"),
          occupation: t("ambassadors:fields.occupation"),
          employerName: t("ambassadors:fields.employer"),
          sectorId: t("ambassadors:fields.sector"),
          educationPath: t("ambassadors:fields.educationPath"),
          story: t("ambassadors:fields.story"),
          languages: t("ambassadors:fields.languages"),
          gender: t("ambassadors:fields.gender"),
          formats: t("ambassadors:fields.formats"),
          grades: t("ambassadors:fields.grades"),
          photo: t("ambassadors:fields.photo"),
        }}
      />
      <p>
        {data.isPublic ? <Link to={`/ambassadorer/${data.id}`}>{t("ambassadors:profile.publicLink")}</Link> : t("ambassadors:profile.notPublic")}
      </p>

      <Form method="post" className="stack narrow" noValidate>
        <input type="hidden" name="intent" value="profile" />
        <TextField name="name" type="text" label={t("ambassadors:fields.name")} error={errors?.name} defaultValue={v.name} autoComplete="name" required />
        <TextField
          name="phone"
          type="tel"
          label={t("ambassadors:fields.phone")}
          hint={t("ambassadors:fields.phoneHint")}
          error={errors?.phone}
          defaultValue={v.phone}
          autoComplete="tel"
        />
        <TextField
          name="occupation"
          type="text"
          label={t("ambassadors:fields.occupation")}
          hint={t("ambassadors:fields.occupationHint")}
          error={errors?.occupation}
          defaultValue={v.occupation}
          autoComplete="organization-title"
          required
        />
        <TextField name="employerName" type="text" label={t("ambassadors:fields.employer")} error={errors?.employerName} defaultValue={v.employerName} autoComplete="organization" required />
        <SelectField name="sectorId" label={t("ambassadors:fields.sector")} error={errors?.sectorId} defaultValue={v.sectorId} choose options={data.sectors.map((s) => ({ value: s.id, label: s.name }))} />
        <TextField
          name="educationPath"
          type="text"
          label={t("ambassadors:fields.educationPath")}
          hint={t("ambassadors:fields.educationPathHint")}
          error={errors?.educationPath}
          defaultValue={v.educationPath}
          required
        />
        <TextArea name="story" label={t("ambassadors:fields.story")} hint={t("ambassadors:fields.storyHint")} error={errors?.story} defaultValue={v.story} rows={8} />
        <CheckboxGroup
          name="languages"
          legend={t("ambassadors:fields.languages")}
          error={errors?.languages}
          options={data.languages.map((l) => ({ value: l.code, label: l.native_name, lang: l.code, dir: l.dir as "ltr" | "rtl" }))}
          checked={v.languages}
        />
        <RadioGroup
          name="gender"
          legend={t("ambassadors:fields.gender")}
          hint={t("ambassadors:fields.genderHint")}
          error={errors?.gender}
          options={genders.map((g) => ({ value: g, label: t(`ambassadors:gender.${g || "unstated"}`) }))}
          checked={v.gender}
        />
        <CheckboxGroup
          name="formats"
          legend={t("ambassadors:fields.formats")}
          error={errors?.formats}
          options={formats.map((f) => ({ value: f, label: t(`ambassadors:formats.${f}`) }))}
          checked={v.formats}
        />
        <CheckboxGroup
          name="grades"
          legend={t("ambassadors:fields.grades")}
          error={errors?.grades}
          options={grades.map((g) => ({ value: String(g), label: g === 10 ? t("ambassadors:gymnasium") : t("ambassadors:grade", { grade: g }) }))}
          checked={v.grades}
        />
        <button type="submit" className="button">
          {t("ambassadors:profile.save")}
        </button>
      </Form>

      <section className="self-section narrow" aria-labelledby="photo-title">
        <h2 id="photo-title">{t("ambassadors:profile.photoTitle")}</h2>
        {data.photo ? (
          <figure className="self-photo">
            <AmbassadorPhoto id={data.id} photo={data.photo} alt={t("ambassadors:gallery.photoAlt", { name: data.profile.name })} sizes="16rem" loading="eager" />
            <figcaption>{t("ambassadors:profile.currentPhoto")}</figcaption>
          </figure>
        ) : (
          <p>{t("ambassadors:profile.noPhoto")}</p>
        )}
        <Form key={locationKey} method="post" encType="multipart/form-data" className="stack" noValidate>
          <input type="hidden" name="intent" value="photo" />
          <div className={`field self-file${errors?.photo ? " field--error" : ""}`}>
            <label htmlFor="photo">{t("ambassadors:fields.photo")}</label>
            <p className="field__hint" id="photo-hint">
              {t("ambassadors:fields.photoHint")}
            </p>
            {errors?.photo ? (
              <p className="field__error" id="photo-error">
                <span className="visually-hidden">{t("form.errorPrefix")} </span>
                {t(errors.photo)}
              </p>
            ) : null}
            <input
              type="file"
              id="photo"
              name="photo"
              accept="image/jpeg,image/png,image/webp"
              aria-invalid={errors?.photo ? true : undefined}
              aria-describedby={errors?.photo ? "photo-hint photo-error" : "photo-hint"}
            />
          </div>
          <button type="submit" className="button">
            {t("ambassadors:profile.upload")}
          </button>
        </Form>
        {data.photo ? (
          <Form method="post" className="self-actions">
            <input type="hidden" name="intent" value="removePhoto" />
            <button type="submit" className="button button--secondary">
              {t("ambassadors:profile.removePhoto")}
            </button>
          </Form>
        ) : null}
      </section>
    </>
  );
}
