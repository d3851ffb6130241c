import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

export type ActionErrors = { errors?: Record<string, string>; values?: Record<string, string> } | undefined;

/** The field errors and submitted values of a failed action (badRequest), empty otherwise. */
export function formResult(actionData: unknown) {
  const d = actionData as ActionErrors | null;
  return { errors: d?.errors, values: d?.values ?? ({} as Record<string, string>) };
}

/**
 * An error is an i18n key, optionally with values for it as a query string ("films:subtitles.invalid?line=4"),
 * made by errorWith() on the server.
 */
export function errorText(t: (key: string, options?: Record<string, string>) => string, error: string) {
  const at = error.indexOf("?");
  return at < 0 ? t(error) : t(error.slice(0, at), Object.fromEntries(new URLSearchParams(error.slice(at + 1))));
}

/**
 * An error summary at the top of the form (GOV.UK/Digg pattern): focused on load, each error a
 * link to its field. Rendered by the server, so it works without JavaScript.
 */
export function ErrorSummary({ errors, labels }: { errors?: Record<string, string>; labels: Record<string, string> }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  // Move focus to the summary after a failed submit, so keyboard and screen-reader users hear it first.
  useEffect(() => {
    if (errors && Object.keys(errors).length) ref.current?.focus();
  }, [errors]);
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title">{t("form.errorSummary")}</h2>
      <ul>
        {Object.entries(errors).map(([field, key]) => (
          <li key={field}>
            <a href={`#${field}`}>
              {labels[field] ? `${labels[field]}: ` : ""}
              {errorText(t, key)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Label, hint and error of one field, with the ids the control points at via aria-describedby. */
function useFieldParts(name: string, hint?: string, error?: string) {
  const { t } = useTranslation();
  const hintId = hint ? `${name}-hint` : undefined;
  const errorId = error ? `${name}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const parts = (
    <>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errorId}>
          <span className="visually-hidden">{t("form.errorPrefix")} </span>
          {errorText(t, error)}
        </p>
      ) : null}
    </>
  );
  return { parts, describedBy, className: `field${error ? " field--error" : ""}`, invalid: error ? true : undefined };
}

type FieldProps = {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "defaultValue">;

export function TextField({ name, label, hint, error, defaultValue, ...input }: FieldProps) {
  const f = useFieldParts(name, hint, error);
  return (
    <div className={f.className}>
      <label htmlFor={name}>{label}</label>
      {f.parts}
      <input id={name} name={name} defaultValue={defaultValue} aria-invalid={f.invalid} aria-describedby={f.describedBy} {...input} />
    </div>
  );
}

export function SelectField({
  name,
  label,
  error,
  defaultValue,
  children,
  hint,
  options,
  choose = false,
}: {
  name: string;
  label: string;
  error?: string;
  defaultValue?: string;
  hint?: string;
  children?: ReactNode;
  /** the choices, after an empty "Choose" option when `choose` is set */
  options?: { value: string | number; label: string }[];
  choose?: boolean;
}) {
  const { t } = useTranslation();
  const f = useFieldParts(name, hint, error);
  return (
    <div className={f.className}>
      <label htmlFor={name}>{label}</label>
      {f.parts}
      <select id={name} name={name} defaultValue={defaultValue} aria-invalid={f.invalid} aria-describedby={f.describedBy}>
        {choose ? <option value="">{t("form.choose")}</option> : null}
        {options?.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {children}
      </select>
    </div>
  );
}

/** A group of checkboxes in a fieldset; the first box carries the id the error summary links to. */
export function CheckboxGroup({
  name,
  legend,
  error,
  options,
  checked = [],
}: {
  name: string;
  legend: string;
  error?: string;
  options: { value: string; label: string; lang?: string; dir?: "ltr" | "rtl" }[];
  checked?: string[];
}) {
  const f = useFieldParts(name, undefined, error);
  return (
    <fieldset className={f.className} aria-describedby={f.describedBy}>
      <legend>{legend}</legend>
      {f.parts}
      <div className="checkboxes">
        {options.map((o, i) => (
          <div className="checkbox" key={o.value}>
            <input
              type="checkbox"
              id={i === 0 ? name : `${name}-${o.value}`}
              name={name}
              value={o.value}
              defaultChecked={checked.includes(o.value)}
            />
            <label htmlFor={i === 0 ? name : `${name}-${o.value}`} lang={o.lang} dir={o.dir}>
              {o.label}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function TextArea({
  name,
  label,
  hint,
  error,
  defaultValue,
  rows = 5,
  maxLength,
}: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue?: string;
  rows?: number;
  maxLength?: number;
}) {
  const f = useFieldParts(name, hint, error);
  return (
    <div className={f.className}>
      <label htmlFor={name}>{label}</label>
      {f.parts}
      <textarea id={name} name={name} rows={rows} maxLength={maxLength} defaultValue={defaultValue} aria-invalid={f.invalid} aria-describedby={f.describedBy} />
    </div>
  );
}

/** Radio buttons in a fieldset; the first carries the id the error summary links to. */
export function RadioGroup({
  name,
  legend,
  hint,
  error,
  options,
  checked,
}: {
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  options: { value: string; label: string }[];
  checked?: string;
}) {
  const f = useFieldParts(name, hint, error);
  return (
    <fieldset className={f.className} aria-describedby={f.describedBy}>
      <legend>{legend}</legend>
      {f.parts}
      <div className="checkboxes">
        {options.map((o, i) => (
          <div className="checkbox" key={o.value}>
            <input type="radio" id={i === 0 ? name : `${name}-${o.value || "none"}`} name={name} value={o.value} defaultChecked={checked === o.value} />
            <label htmlFor={i === 0 ? name : `${name}-${o.value || "none"}`}>{o.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
