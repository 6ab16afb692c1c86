// The customer 360 answer and the one timeline made from its orders and
// interactions.

import type { Answer, Item, Schema } from "../api";
import { type Language, formatNumber, formatPercent } from "../format";
import { dynamicKey, type MessageKey, type Translate } from "../i18n";

export type Customer = Schema<"Customer">;
export type Order = Item<Customer360Data["recent_orders"]>;
export type Interaction = Item<Customer360Data["recent_interactions"]>;
export type TicketSummary = Item<Customer360Data["recent_tickets"]>;
export type Score = Customer360Data["scores"][string];
export type Customer360Data = Schema<"Customer360">;

/** How the RFM segment, P(alive) and churn risk fit together: the kind of
 * sentence the server's rule chose (analytics/churn/customer_story.h) and
 * the numbers it cites. */
export type CustomerStory = NonNullable<Customer360Data["story"]>;

/** The customer's story as one sentence in the page's language. */
export function storySentence(t: Translate, language: Language, story: CustomerStory): string {
  const n = (value: number) => formatNumber(language, value, 0);
  if (story.kind === "too_early") {
    return t("story.too_early", {
      days: n(story.days_since_first),
      purchases: n(story.purchase_days),
      window: n(story.window_days),
    });
  }
  const risk = formatPercent(language, story.churn_risk, 0);
  const alive =
    story.p_alive === null
      ? t("story.no_p_alive")
      : t(story.p_alive >= 0.5 ? "story.alive" : "story.stopped", { p: formatPercent(language, story.p_alive, 0) });
  const gapCited = story.cites_gap && (story.kind === "alive_but_at_risk" || story.kind === "fading");
  const riskKey = `story.risk.${story.kind}${gapCited ? "_gap" : ""}` as MessageKey;
  const riskText = t(riskKey, { risk, ratio: n(story.gap_ratio), gap: n(story.usual_gap_days) });
  const what = story.segment ? dynamicKey("story_segment", story.segment) : null;
  const segmentKey = story.segment ? dynamicKey("segment", story.segment) : null;
  const sentence = what
    ? t("story.sentence", {
        segment: t("story.segment", { what: t(what), segment: segmentKey ? t(segmentKey) : story.segment! }),
        alive,
        risk: riskText,
      })
    : t("story.sentence_no_segment", { alive, risk: riskText });
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** A survey the customer answered. */
export type SurveyAnswer = Item<Customer360Data["survey_answers"]>;

/** A campaign the customer was drawn into: sent to, or held out. */
export type CampaignTouch = Item<Customer360Data["campaigns"]>;
export type DealSummary = Item<Customer360Data["deals"]>;
export type TaskSummary = Item<Customer360Data["open_tasks"]>;

export type TimelineEvent =
  | { kind: "order"; at: number; order: Order }
  | { kind: "interaction"; at: number; interaction: Interaction }
  | { kind: "ticket"; at: number; ticket: TicketSummary }
  | { kind: "campaign"; at: number; campaign: CampaignTouch }
  | { kind: "survey"; at: number; answer: SurveyAnswer }
  | { kind: "message"; at: number; message: CustomerMessage };

/** A message sent (or queued) to the customer, with what became of it. */
export type CustomerMessage = Item<Answer<"listCustomerMessages">["items"]>;

/**
 * Orders, interactions, tickets, campaign touches, survey answers and the
 * latest messages in one list, newest first.
 */
export function timeline(data: Customer360Data, messages: CustomerMessage[] = []): TimelineEvent[] {
  const events: TimelineEvent[] = [
    ...(data.recent_orders ?? []).map((order) => ({ kind: "order" as const, at: order.ordered_at, order })),
    ...(data.recent_interactions ?? []).map((interaction) => ({
      kind: "interaction" as const,
      at: interaction.occurred_at,
      interaction,
    })),
    ...(data.recent_tickets ?? []).map((ticket) => ({ kind: "ticket" as const, at: ticket.opened_at, ticket })),
    ...(data.campaigns ?? []).map((campaign) => ({ kind: "campaign" as const, at: campaign.starts_at, campaign })),
    ...(data.survey_answers ?? []).map((answer) => ({ kind: "survey" as const, at: answer.answered_at, answer })),
    ...messages.map((message) => ({ kind: "message" as const, at: message.sent_at ?? message.created_at, message })),
  ];
  return events.sort((a, b) => b.at - a.at);
}

/** An RFM code such as 245 as its three scores, or null. */
export function rfmDigits(code: number | null): [number, number, number] | null {
  if (code === null || !Number.isInteger(code) || code < 111 || code > 555) return null;
  const digits = String(code).split("").map(Number) as [number, number, number];
  return digits.every((d) => d >= 1 && d <= 5) ? digits : null;
}

export interface Offer {
  sku: string;
  value: number | null;
}

/** The scores next_offer_1, next_offer_2, … (label: the product) in rank order. */
export function nextOffers(scores: Record<string, Score>): Offer[] {
  return Object.entries(scores)
    .map(([name, score]) => ({ rank: /^next_offer_(\d+)$/.exec(name)?.[1], score }))
    .filter((entry) => entry.rank !== undefined && entry.score.label)
    .sort((a, b) => Number(a.rank) - Number(b.rank))
    .map((entry) => ({ sku: entry.score.label!, value: entry.score.value }));
}

/** One reason of the churn rule model, as the churn_reasons score holds it. */
export interface ChurnReason {
  code: string;
  value: number;
}

/** "complaint:1;overdue:3.12" → [{complaint, 1}, {overdue, 3.12}], heaviest first. */
export function parseChurnReasons(label: string | null | undefined): ChurnReason[] {
  if (!label) return [];
  return label
    .split(";")
    .map((part) => {
      const colon = part.lastIndexOf(":");
      return colon < 0
        ? { code: part, value: Number.NaN }
        : { code: part.slice(0, colon), value: Number(part.slice(colon + 1)) };
    })
    .filter((reason) => reason.code !== "");
}

/** Reasons the business can act on (service, offers, range, reach). */
export const CONTROLLABLE_REASONS = new Set([
  "complaint",
  "unresolved_complaint",
  "one_category",
  "no_discount",
  "one_channel",
]);
