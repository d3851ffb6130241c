/** The campaign form, the same for a new campaign and for editing one. */
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxGroup, ErrorSummary, TextArea, TextField } from "~/components/forms";

export interface CampaignFormValues {
  title?: string;
  thread?: string;
  description?: string | null;
  startsOn?: string;
  endsOn?: string;
  grades?: string[];
  sectors?: string[];
}

export function CampaignForm({
  errors,
  values,
  sectors,
  submit,
}: {
  errors?: Record<string, string>;
  values: CampaignFormValues;
  sectors: { id: number; name: string }[];
  submit: string;
}) {
  const { t } = useTranslation();
  const labels = {
    title: t("campaigns:fields.title"),
    thread: t("campaigns:fields.thread"),
    description: t("campaigns:fields.description"),
    startsOn: t("campaigns:fields.startsOn"),
    endsOn: t("campaigns:fields.endsOn"),
    grades: t("campaigns:fields.grades"),
    sectors: t("campaigns:fields.sectors"),
    _form: "",
  };
  return (
    <>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" className="stack narrow" noValidate>
        <input type="hidden" name="intent" value="save" />
        <TextField name="title" type="text" label={labels.title} error={errors?.title} defaultValue={values.title} required />
        <TextArea name="thread" label={labels.thread} hint={t("campaigns:fields.threadHint")} error={errors?.thread} defaultValue={values.thread ?? ""} rows={3} />
        <TextArea name="description" label={labels.description} error={errors?.description} defaultValue={values.description ?? ""} />
        <TextField name="startsOn" type="date" label={labels.startsOn} error={errors?.startsOn} defaultValue={values.startsOn} required />
        <TextField name="endsOn" type="date" label={labels.endsOn} error={errors?.endsOn} defaultValue={values.endsOn} required />
        <CheckboxGroup
          name="grades"
          legend={labels.grades}
          error={errors?.grades}
          options={[4, 5, 6, 7, 8, 9, 10].map((g) => ({ value: String(g), label: t("ambassadors:grade", { grade: g }) }))}
          checked={values.grades ?? []}
        />
        <CheckboxGroup name="sectors" legend={labels.sectors} error={errors?.sectors} options={sectors.map((s) => ({ value: String(s.id), label: s.name }))} checked={values.sectors ?? []} />
        <button type="submit" className="button">
          {submit}
        </button>
      </Form>
    </>
  );
}
