import type { PageContext } from "../context";
import { formatNumber, formatPercent } from "../format";
import { dynamicKey, labelOf } from "../i18n";
import { type ChurnReason, type Customer360Data, parseChurnReasons } from "./customer-data";

/** Reasons whose value is a share (a fall, a card's use), shown as a percent. */
const PERCENT_REASONS = new Set(["balance_falling", "deposit_falling", "card_maxed"]);
/** Causes a bank can act on (a complaint answered, the card offered again). */
const CONTROLLABLE_CONTRACT_REASONS = new Set(["complaint", "card_unused"]);

/** One reason of the closing rule model in the reader's words, with this
 * customer's value: a fall as a positive percent, counts and months whole. */
export function contractReasonText(ctx: PageContext, reason: ChurnReason): string {
  const { t, language } = ctx;
  const key = dynamicKey("contract_reason", reason.code);
  const falling = reason.code === "balance_falling" || reason.code === "deposit_falling";
  const value = Number.isNaN(reason.value)
    ? ""
    : PERCENT_REASONS.has(reason.code)
      ? formatPercent(language, falling ? -reason.value : reason.value, 0)
      : formatNumber(language, Math.round(reason.value), 0);
  return key ? t(key, { value }) : reason.code;
}

/** A contractual customer's chance of closing everything (vafa churn
 * --contracts) with its band, stage and reasons in words. */
export function ContractCloseScore(props: {
  ctx: PageContext;
  scores: NonNullable<Customer360Data["scores"]>;
}) {
  const { ctx, scores } = props;
  const { t, language } = ctx;
  const risk = scores.contract_close_risk!;
  const stage = scores.contract_close_stage?.label ?? null;
  const reasons = parseChurnReasons(scores.contract_close_reasons?.label);
  return (
    <div class="score" data-score="contract_close_risk" data-band={risk.label ?? ""}>
      <dt>{t("c360.close_risk")}</dt>
      <dd>
        <strong>{formatPercent(language, risk.value, 0)}</strong>{" "}
        <span class={`band band-${risk.label ?? "none"}`}>{labelOf(t, "band", risk.label)}</span>
        {stage && (
          <span class="muted" data-stage={stage}>
            {" · "}
            {labelOf(t, "stage_of_churn", stage)}
          </span>
        )}
        {reasons.length > 0 ? (
          <ul class="why reasons" data-reasons="contract">
            {reasons.map((r) => (
              <li data-reason={r.code} class={CONTROLLABLE_CONTRACT_REASONS.has(r.code) ? "controllable" : undefined}>
                {contractReasonText(ctx, r)}
              </li>
            ))}
          </ul>
        ) : (
          <p class="why">{t("c360.close_no_reason")}</p>
        )}
        <p class="why">{t("c360.close_risk_why")}</p>
      </dd>
    </div>
  );
}
