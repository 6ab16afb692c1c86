// What the messaging rules panel computes without the server: the window's
// minutes after local midnight as "HH:MM" and back, and the PATCH body of
// only the rules that changed.

import type { Schema } from "../api";

export type MessagingRules = Schema<"MessagingRules">;

/** "HH:MM" of minutes after midnight (1440 is "24:00", the end of the day). */
export function clockOf(minutes: number): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Minutes after midnight of "HH:MM"; null when it is not a time of day. */
export function minutesOf(clock: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(clock.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}

/** The fields of `edited` that differ from `saved`: the PATCH body. */
export function changedRules(saved: MessagingRules, edited: MessagingRules): Partial<MessagingRules> {
  const change: Partial<MessagingRules> = {};
  for (const key of Object.keys(edited) as (keyof MessagingRules)[]) {
    if (edited[key] !== saved[key]) (change as Record<string, unknown>)[key] = edited[key];
  }
  return change;
}
