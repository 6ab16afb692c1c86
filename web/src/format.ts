// Numbers, money and dates as each language writes them: Persian with
// Persian digits and the Jalali calendar, English with Latin digits and the
// Gregorian one. Everything goes through Intl, so the browser's CLDR data
// (the same as Node's, in the unit tests) does the calendar arithmetic.

export type Language = "fa" | "en";

/** How a workspace shows IRR amounts: in toman (rial / 10) or in rial. */
export type MoneyDisplay = "toman" | "rial";

export interface MoneySetting {
  currency: string;
  display: MoneyDisplay;
}

const LOCALE: Record<Language, string> = {
  fa: "fa-IR-u-ca-persian-nu-arabext",
  en: "en-GB-u-ca-gregory-nu-latn",
};

export function locale(language: Language): string {
  return LOCALE[language];
}

/** Persian digits (and separators) in fa, Latin in en. */
export function formatNumber(
  language: Language,
  value: number | null | undefined,
  maximumFractionDigits = 0,
): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return new Intl.NumberFormat(LOCALE[language], {
    maximumFractionDigits,
  }).format(value);
}

/** Large figures shortened: 1.2B, ۱٫۲ میلیارد. */
export function formatCompact(
  language: Language,
  value: number | null | undefined,
): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return new Intl.NumberFormat(LOCALE[language], {
    notation: "compact",
    maximumFractionDigits: 1,
  }).format(value);
}

/** A share 0–1 as a percentage: 76.7%, ۷۶٫۷٪. */
export function formatPercent(
  language: Language,
  share: number | null | undefined,
  maximumFractionDigits = 1,
): string {
  if (share === null || share === undefined || Number.isNaN(share)) return "–";
  return new Intl.NumberFormat(LOCALE[language], {
    style: "percent",
    maximumFractionDigits,
  }).format(share);
}

/** Digits of a currency's minor unit; IRR keeps none (amounts are rials). */
export function minorDigits(currency: string): number {
  if (currency === "IRR") return 0;
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency })
        .resolvedOptions().maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

const MONEY_UNIT: Record<Language, Record<MoneyDisplay, string>> = {
  fa: { toman: "تومان", rial: "ریال" },
  en: { toman: "toman", rial: "rial" },
};

/**
 * An amount in minor units of the workspace currency. IRR shows in toman
 * (rials / 10) or rial as the workspace says; other currencies through
 * Intl's currency style. `compact` shortens large amounts for tiles and axes.
 */
export function formatMoney(
  language: Language,
  minor: number | null | undefined,
  money: MoneySetting,
  compact = false,
): string {
  if (minor === null || minor === undefined || Number.isNaN(minor)) return "–";
  if (money.currency === "IRR") {
    const value = money.display === "toman" ? minor / 10 : minor;
    const number = compact
      ? formatCompact(language, value)
      : formatNumber(language, Math.round(value));
    return `${number} ${MONEY_UNIT[language][money.display]}`;
  }
  const major = minor / 10 ** minorDigits(money.currency);
  return new Intl.NumberFormat(LOCALE[language], {
    style: "currency",
    currency: money.currency,
    notation: compact ? "compact" : "standard",
  }).format(major);
}

/** A calendar day: Jalali in fa (۹ آذر ۱۴۰۵), Gregorian in en (30 Nov 2026). */
export function formatDate(
  language: Language,
  when: number | string | null | undefined,
  timeZone = "Asia/Tehran",
): string {
  const date = toDate(when);
  if (!date) return "–";
  // A bare ISO day (a birth date) is a day, not an instant: keep it in UTC.
  const zone = typeof when === "string" && /^\d{4}-\d{2}-\d{2}$/.test(when)
    ? "UTC"
    : timeZone;
  return new Intl.DateTimeFormat(LOCALE[language], {
    year: "numeric",
    month: language === "fa" ? "long" : "short",
    day: "numeric",
    timeZone: zone,
  }).format(date);
}

/** Day and time of an instant (Unix seconds), in the workspace's zone. */
export function formatDateTime(
  language: Language,
  when: number | null | undefined,
  timeZone = "Asia/Tehran",
): string {
  const date = toDate(when);
  if (!date) return "–";
  return new Intl.DateTimeFormat(LOCALE[language], {
    year: "numeric",
    month: language === "fa" ? "long" : "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(date);
}

function toDate(when: number | string | null | undefined): Date | null {
  if (when === null || when === undefined || when === "") return null;
  const date =
    typeof when === "number"
      ? new Date(when * 1000)
      : /^\d{4}-\d{2}-\d{2}$/.test(when)
        ? new Date(`${when}T00:00:00Z`)
        : new Date(when);
  return Number.isNaN(date.getTime()) ? null : date;
}

const JALALI_MONTHS = [
  "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
  "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
];
const JALALI_MONTHS_LATIN = [
  "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
  "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
];
const GREGORIAN_MONTHS = [
  "Jan", "Feb", "Mar", "Apr", "May", "Jun",
  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/**
 * A month label from a report ("1403-08" on the Jalali calendar,
 * "2024-11" on the Gregorian): آبان ۱۴۰۳, Nov 2024.
 */
export function formatMonth(
  language: Language,
  label: string,
  calendar: "jalali" | "gregorian",
): string {
  const match = /^(\d{4})-(\d{2})$/.exec(label);
  if (!match) return label;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return label;
  const names =
    calendar === "jalali"
      ? language === "fa"
        ? JALALI_MONTHS
        : JALALI_MONTHS_LATIN
      : GREGORIAN_MONTHS;
  const yearText = new Intl.NumberFormat(LOCALE[language], {
    useGrouping: false,
  }).format(year);
  return `${names[month - 1]} ${yearText}`;
}

/** Persian and Arabic-Indic digits to Latin ones (for typed input). */
export function latinDigits(text: string): string {
  return text.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (d) => {
    const code = d.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

/**
 * Text of either direction set inside a sentence (a survey's English name in
 * a Persian line): wrapped in first-strong-isolate marks, the plain-text
 * form of <bdi>, so the sentence's punctuation stays in place.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
