import { useEffect, useState } from "preact/hooks";
import { type Answer, api, request, type Schema } from "../api";
import { useAsync } from "../components/hooks";
import { ErrorNote, Loading } from "../components/Panel";
import type { PageContext } from "../context";
import { formatNumber } from "../format";
import { labelOf } from "../i18n";
import { problemText } from "./Channels";
import { type PreviewText, smsLength } from "./messaging-data";

// Message templates (docs/messaging.md): the list, and a form to add or
// change one with a live preview, filled by the server for a chosen
// customer in Persian or English, with the SMS's characters and parts.
// Reading needs marketing read; saving and deleting marketing write.

type Template = Schema<"MessageTemplate">;
type Preview = Schema<"MessagePreview">;

interface TemplateForm {
  name: string;
  kind: Template["kind"];
  purpose: Template["purpose"];
  calendar: Template["calendar"];
  subject_fa: string;
  subject_en: string;
  body_fa: string;
  body_en: string;
}

const EMPTY: TemplateForm = {
  name: "", kind: "sms", purpose: "marketing", calendar: "jalali", subject_fa: "", subject_en: "", body_fa: "", body_en: "",
};

function formOf(template: Template): TemplateForm {
  return {
    name: template.name, kind: template.kind, purpose: template.purpose, calendar: template.calendar,
    subject_fa: template.subject_fa ?? "", subject_en: template.subject_en ?? "", body_fa: template.body_fa,
    body_en: template.body_en ?? "",
  };
}

/** The API's body: an SMS has no subjects; empty English texts are left out. */
function requestOf(form: TemplateForm): Record<string, string> {
  const body: Record<string, string> = {
    name: form.name.trim(), kind: form.kind, purpose: form.purpose, calendar: form.calendar, body_fa: form.body_fa,
  };
  if (form.body_en.trim()) body.body_en = form.body_en;
  if (form.kind === "email") {
    body.subject_fa = form.subject_fa;
    if (form.subject_en.trim()) body.subject_en = form.subject_en;
  }
  return body;
}

export function Templates(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t, workspace } = ctx;
  const canWrite = workspace.permissions.marketing === "write";
  const list = useAsync(() => api.get<Answer<"listMessageTemplates">>(workspace.slug, "/message-templates"), [workspace.slug]);
  const [editing, setEditing] = useState<Template | "new" | null>(null);
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState("");
  const remove = async (template: Template) => {
    setNote("");
    setProblem("");
    try {
      await request("DELETE", `/workspaces/${encodeURIComponent(workspace.slug)}/message-templates/${template.id}`);
      setNote(t("tpl.deleted", { name: template.name }));
      if (editing !== "new" && editing?.id === template.id) setEditing(null);
      list.reload();
    } catch (error) {
      setProblem(problemText(error));
    }
  };
  return (
    <div>
      <h1>{t("tpl.title")}</h1>
      <p class="muted">{t("tpl.intro")}</p>
      <section class="panel wide" aria-labelledby="templates-title">
        <h2 id="templates-title">{t("tpl.list")}</h2>
        {note && <p class="ok" role="status">{note}</p>}
        {problem && <p class="error" role="alert">{problem}</p>}
        {list.loading && !list.data && <Loading t={t} />}
        {list.error && <ErrorNote t={t} error={list.error} retry={list.reload} />}
        {list.data && list.data.items.length === 0 && <p class="muted">{t("msg.none_yet")}</p>}
        {list.data && list.data.items.length > 0 && (
          <div class="table-wrap">
            <table class="templates">
              <thead>
                <tr>
                  <th scope="col">{t("msg.name")}</th>
                  <th scope="col">{t("msg.kind")}</th>
                  <th scope="col">{t("tpl.purpose")}</th>
                  <th scope="col">{t("tpl.body_fa")}</th>
                  <th scope="col"><span class="sr-only">{t("msg.edit")}</span></th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((tpl) => (
                  <tr data-template={tpl.id}>
                    <th scope="row">{tpl.name}</th>
                    <td>{labelOf(t, "msg.kind", tpl.kind)}</td>
                    <td>{labelOf(t, "msg.purpose", tpl.purpose)}</td>
                    <td dir="rtl">{tpl.body_fa.length > 80 ? `${tpl.body_fa.slice(0, 80)}…` : tpl.body_fa}</td>
                    <td class="buttons">
                      <button type="button" data-action="edit-template" aria-label={t("msg.edit_named", { name: tpl.name })}
                        onClick={() => { setNote(""); setEditing(tpl); }}>
                        {t("msg.edit")}
                      </button>{" "}
                      {canWrite && (
                        <button type="button" data-action="delete-template" aria-label={t("tpl.delete_named", { name: tpl.name })}
                          onClick={() => void remove(tpl)}>
                          {t("tpl.delete")}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {canWrite && (
          <div class="actions">
            <button type="button" data-action="new-template" onClick={() => { setNote(""); setEditing("new"); }}>{t("tpl.new")}</button>
          </div>
        )}
      </section>
      {editing && (
        <TemplateEditor key={editing === "new" ? "new" : editing.id} ctx={ctx} template={editing === "new" ? null : editing}
          canWrite={canWrite} onCancel={() => setEditing(null)}
          onSaved={(saved) => { setEditing(saved); setNote(`${saved.name}: ${t("msg.saved")}`); list.reload(); }} />
      )}
    </div>
  );
}

function TemplateEditor(props: {
  ctx: PageContext;
  template: Template | null;
  canWrite: boolean;
  onCancel: () => void;
  onSaved: (template: Template) => void;
}) {
  const { ctx, template } = props;
  const { t, workspace } = ctx;
  const [form, setForm] = useState<TemplateForm>(() => (template ? formOf(template) : EMPTY));
  const [problem, setProblem] = useState("");
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<TemplateForm>) => setForm({ ...form, ...change });
  const save = async () => {
    setProblem("");
    setBusy(true);
    try {
      const answer = template
        ? await api.put<Answer<"updateMessageTemplate">>(workspace.slug, `/message-templates/${template.id}`, requestOf(form))
        : await api.post<Answer<"addMessageTemplate", 201>>(workspace.slug, "/message-templates", requestOf(form));
      props.onSaved(answer.template);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setBusy(false);
    }
  };
  const choice = <K extends "kind" | "purpose" | "calendar">(name: K, label: string, values: TemplateForm[K][], prefix: string) => (
    <label>
      {label}
      <select name={name} value={form[name]} disabled={!props.canWrite}
        onChange={(e) => set({ [name]: (e.target as HTMLSelectElement).value } as Partial<TemplateForm>)}>
        {values.map((v) => <option value={v}>{labelOf(t, prefix, v)}</option>)}
      </select>
    </label>
  );
  const textArea = (name: "subject_fa" | "subject_en" | "body_fa" | "body_en", rows: number) => (
    <label>
      {t(`tpl.${name}`)}
      <textarea name={name} rows={rows} dir={name.endsWith("_fa") ? "rtl" : "ltr"} value={form[name]} readOnly={!props.canWrite}
        onInput={(e) => set({ [name]: (e.target as HTMLTextAreaElement).value })} />
    </label>
  );
  return (
    <section class="panel wide" aria-labelledby="template-form-title" data-template-form={template?.id ?? "new"}>
      <h2 id="template-form-title">{template ? t("tpl.form_edit", { name: template.name }) : t("tpl.form_new")}</h2>
      <form class="template-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <div class="filters">
          <label>
            {t("msg.name")}
            <input name="template-name" required value={form.name} readOnly={!props.canWrite}
              onInput={(e) => set({ name: (e.target as HTMLInputElement).value })} />
          </label>
          {choice("kind", t("msg.kind"), ["sms", "email"], "msg.kind")}
          {choice("purpose", t("tpl.purpose"), ["marketing", "transactional"], "msg.purpose")}
          {choice("calendar", t("tpl.calendar"), ["jalali", "gregorian"], "tpl.calendar")}
        </div>
        {form.kind === "email" && textArea("subject_fa", 1)}
        {textArea("body_fa", 4)}
        {form.kind === "email" && textArea("subject_en", 1)}
        {textArea("body_en", 4)}
        {props.canWrite && (
          <div class="actions">
            <button type="submit" class="primary" data-action="save-template" disabled={busy}>{t("msg.save")}</button>
            <button type="button" onClick={props.onCancel}>{t("msg.cancel")}</button>
          </div>
        )}
      </form>
      {problem && <p class="error" role="alert" data-template-problem>{problem}</p>}
      <TemplatePreview ctx={ctx} form={form} />
    </section>
  );
}

/** The texts being edited, filled by the server for one customer, a moment after the last keystroke. */
function TemplatePreview(props: { ctx: PageContext; form: TemplateForm }) {
  const { ctx, form } = props;
  const { t, workspace } = ctx;
  const [customer, setCustomer] = useState("");
  // Until the user picks one, the preview shows the texts the customer gets.
  const [picked, setPicked] = useState<"fa" | "en" | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState("");
  const id = Number(customer);
  useEffect(() => {
    if (!(id > 0) || !form.body_fa.trim()) {
      setPreview(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api.post<Preview>(workspace.slug, "/message-templates/preview", { ...requestOf(form), customer_id: id }).then(
        (answer) => { if (live) { setPreview(answer); setProblem(""); } },
        (error: unknown) => { if (live) { setPreview(null); setProblem(problemText(error)); } },
      );
    }, 300);
    return () => { live = false; clearTimeout(timer); };
  }, [workspace.slug, id, form.kind, form.calendar, form.subject_fa, form.subject_en, form.body_fa, form.body_en]);
  const shown = picked ?? preview?.language ?? ctx.language;
  const text: PreviewText | null = preview ? (shown === "en" ? preview.en : preview.fa) : null;
  const length = text ? smsLength(text) : null;
  const languageName = (l: "fa" | "en") => t(`tpl.language.${l}`);
  return (
    <section class="preview" aria-labelledby="preview-title" data-preview>
      <h3 id="preview-title">{t("tpl.preview")}</h3>
      <div class="filters">
        <label>
          {t("tpl.preview_customer")}
          <input name="preview-customer" type="number" min="1" inputMode="numeric" value={customer}
            onInput={(e) => setCustomer((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t("tpl.preview_language")}
          <select name="preview-language" value={shown} onChange={(e) => setPicked((e.target as HTMLSelectElement).value as "fa" | "en")}>
            {(["fa", "en"] as const).map((l) => <option value={l}>{languageName(l)}</option>)}
          </select>
        </label>
      </div>
      {!(id > 0) && <p class="muted">{t("tpl.preview_choose")}</p>}
      {problem && <p class="error" role="alert" data-preview-problem>{problem}</p>}
      {preview && (
        <p class="muted" data-preview-language={preview.language}>
          {t("tpl.preview_gets", { language: languageName(preview.language) })}
        </p>
      )}
      {preview && shown === "en" && !preview.en && <p class="muted">{t("tpl.preview_no_en")}</p>}
      {text && (
        <div class="message-preview" dir={shown === "fa" ? "rtl" : "ltr"} lang={shown}>
          {text.subject !== null && (
            <p><strong>{t("tpl.subject")}:</strong> <span data-preview-subject>{text.subject}</span></p>
          )}
          <p class="message-body" data-preview-body style={{ whiteSpace: "pre-wrap" }}>{text.body}</p>
        </div>
      )}
      {length && (
        <p data-sms-parts={length.parts} data-sms-chars={length.chars}>
          {t(length.parts > 1 ? "tpl.sms_length" : "tpl.sms_length_one", {
            chars: formatNumber(ctx.language, length.chars),
            parts: formatNumber(ctx.language, length.parts),
            per_part: formatNumber(ctx.language, length.perPart),
            alphabet: t(length.unicode ? "tpl.alphabet.ucs2" : "tpl.alphabet.gsm"),
          })}
        </p>
      )}
    </section>
  );
}
