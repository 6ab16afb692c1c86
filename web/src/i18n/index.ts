import type { Language } from "../format";
import { en, type MessageKey } from "./en";
import { fa } from "./fa";

export type { MessageKey };
export const MESSAGES: Record<Language, Record<MessageKey, string>> = { en, fa };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/**
 * A translator for one language. `{name}` in a text is replaced by
 * params.name; numbers are written with the language's digits by the
 * caller (format.ts), so a text never mixes digit systems.
 */
export function translator(language: Language): Translate {
  const table = MESSAGES[language];
  return (key, params) => {
    const text = table[key] ?? en[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}

/**
 * A translator whose words follow the workspace's kind: in a contractual
 * workspace (a bank's, an insurer's: customers hold products and leave by
 * closing them) `contractual.KEY` replaces KEY where the dictionary has it,
 * so "churn" reads "closing" (en_bank.ts).
 */
export function kindTranslator(t: Translate, kind: string | undefined): Translate {
  if (kind !== "contractual") return t;
  return (key, params) => {
    const replaced = `contractual.${key}`;
    return replaced in en ? t(replaced as MessageKey, params) : t(key, params);
  };
}

/** The key of a label that comes from the server (segment names, groups). */
export function dynamicKey(prefix: string, label: string): MessageKey | null {
  const key = `${prefix}.${label}`;
  return key in en ? (key as MessageKey) : null;
}

/**
 * A label the data holds (an RFM segment, a matrix group, a channel or an
 * interaction type) in the language's words when the dictionary has
 * `prefix.label`, else as it is; "–" for none.
 */
export function labelOf(t: Translate, prefix: string, label: string | null | undefined): string {
  if (!label) return "–";
  const key = dynamicKey(prefix, label);
  return key ? t(key) : label;
}

/** A channel, interaction type or outcome in the reader's words. */
export function codeLabel(t: Translate, code: string | null | undefined): string {
  return labelOf(t, "code", code);
}

export function direction(language: Language): "rtl" | "ltr" {
  return language === "fa" ? "rtl" : "ltr";
}
