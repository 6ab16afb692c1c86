import { useEffect, useRef, useState } from "preact/hooks";
import { type Answer, api, ApiError } from "../api";
import type { PageContext } from "../context";
import { formatPercent } from "../format";
import { routeHash } from "../state";
import { reasonsText } from "./Duplicates";

// A new customer, warned of likely duplicates while it is typed: the
// draft is checked against the customers sharing its phone, e-mail,
// national id or whole name (POST …/customers/duplicate-check) after a
// pause in typing; saving stays allowed.

type Check = Answer<"checkCustomerDuplicates">;

const FIELDS = ["first_name", "last_name", "phone", "email", "national_id", "city"] as const;
type Draft = Record<(typeof FIELDS)[number], string>;

/** The draft as the API takes it: the fields typed, trimmed. */
function body(draft: Draft): Record<string, string> {
  return Object.fromEntries(
    Object.entries(draft)
      .map(([name, value]) => [name, value.trim()])
      .filter(([, value]) => value !== ""),
  );
}

export function CustomerCreate(props: { ctx: PageContext }) {
  const { t, language, workspace } = props.ctx;
  const [draft, setDraft] = useState<Draft>({ first_name: "", last_name: "", phone: "", email: "", national_id: "", city: "" });
  const [twins, setTwins] = useState<Check["candidates"]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const generation = useRef(0);
  useEffect(() => {
    const fields = body(draft);
    const mine = ++generation.current;
    if (Object.keys(fields).length === 0) {
      setTwins([]);
      return;
    }
    const timer = window.setTimeout(() => {
      api.post<Check>(workspace.slug, "/customers/duplicate-check", fields).then(
        (answer) => mine === generation.current && setTwins(answer.candidates),
        // A draft the server cannot read yet (half a phone) warns of nothing;
        // saving names the problem.
        () => mine === generation.current && setTwins([]),
      );
    }, 400);
    return () => window.clearTimeout(timer);
  }, [workspace.slug, JSON.stringify(draft)]);

  const save = async (e: Event) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const made = await api.post<Answer<"createCustomer", 201>>(workspace.slug, "/customers", body(draft));
      location.hash = routeHash(["customers", made.customer.id]);
    } catch (reason) {
      setError(reason instanceof ApiError ? reason.message : String(reason));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div>
      <h1>{t("newc.title")}</h1>
      <p><a href={routeHash(["customers"])}>{t("c360.back")}</a></p>
      <form class="panel wide new-customer" onSubmit={(e) => void save(e)}>
        {FIELDS.map((name) => (
          <label>
            {t(`dup.field.${name}`)}
            <input type="text" name={name} value={draft[name]}
              dir={name === "phone" || name === "email" || name === "national_id" ? "ltr" : undefined}
              onInput={(e) => setDraft({ ...draft, [name]: (e.target as HTMLInputElement).value })} />
          </label>
        ))}
        {twins.length > 0 && (
          <div class="twin-warning" role="status" data-duplicates={twins.length}>
            <p>{t("newc.possible")}</p>
            <ul>
              {twins.map((twin) => (
                <li data-twin={twin.customer.id}>
                  <a href={routeHash(["customers", twin.customer.id])}>
                    {twin.customer.name}
                    {twin.customer.external_id ? ` (${twin.customer.external_id})` : ""}
                  </a>{" "}
                  · {formatPercent(language, twin.score, 0)} · {reasonsText(t, language, twin.reasons)}
                </li>
              ))}
            </ul>
          </div>
        )}
        {error && <p class="error" role="alert">{error}</p>}
        <div class="actions">
          <button type="submit" class="primary" data-action="save-customer" disabled={saving}>
            {twins.length > 0 ? t("newc.save_anyway") : t("newc.save")}
          </button>
        </div>
      </form>
    </div>
  );
}
