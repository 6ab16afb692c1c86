import type { Workspace } from "./api";
import type { Language, MoneySetting } from "./format";
import type { Translate } from "./i18n";

/** What every page is given: the workspace, the language and its helpers. */
export interface PageContext {
  t: Translate;
  language: Language;
  workspace: Workspace;
  money: MoneySetting;
  /** The calendar of month labels: Jalali in Persian, Gregorian in English. */
  calendar: "jalali" | "gregorian";
}
