import { useState } from "preact/hooks";
import { api, ApiError, type Me } from "../api";
import type { Language } from "../format";
import type { Translate } from "../i18n";

export function SignIn(props: {
  t: Translate;
  language: Language;
  onLanguage: (language: Language) => void;
  onSignedIn: (me: Me) => void;
}) {
  const { t } = props;
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await api.signIn(email.trim(), password));
    } catch (reason) {
      if (reason instanceof ApiError && reason.status === 429) setError(t("signin.throttled"));
      else if (reason instanceof ApiError && reason.status === 401) setError(t("signin.failed"));
      else setError(t("app.error", { message: reason instanceof Error ? reason.message : String(reason) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="signin" id="main">
      <form onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">{t("signin.title")}</h1>
        <label>
          {t("signin.email")}
          <input type="email" name="email" dir="ltr" autocomplete="username" required value={email}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t("signin.password")}
          <input type="password" name="password" dir="ltr" autocomplete="current-password" required value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" class="primary" disabled={busy}>{t("signin.submit")}</button>
        <button type="button" class="link" aria-label={t("nav.language_label")}
          onClick={() => props.onLanguage(props.language === "fa" ? "en" : "fa")}>
          {t("nav.language")}
        </button>
      </form>
    </main>
  );
}
