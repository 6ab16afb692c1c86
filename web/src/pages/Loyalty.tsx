import { useState } from "preact/hooks";
import { type Answer, api, ApiError } from "../api";
import { useAsync } from "../components/hooks";
import { DataTable, ErrorNote, Figure, Loading } from "../components/Panel";
import type { PageContext } from "../context";
import { formatDateTime, formatMoney, formatNumber } from "../format";
import { labelOf } from "../i18n";
import { routeHash } from "../state";



type Program = Answer<"getLoyaltyProgram">;
type Liability = Answer<"getLoyaltyLiability">;
type Account = Answer<"getCustomerLoyalty">;

/** The loyalty programme: its liability, tiers and rewards, and one customer's account. */
export function Loyalty(props: { ctx: PageContext; query: URLSearchParams }) {
  const { ctx } = props;
  const { t, language, money } = ctx;
  const slug = ctx.workspace.slug;
  const program = useAsync(() => api.get<Program>(slug, "/loyalty/program"), [slug]);
  const liability = useAsync(() => api.get<Liability>(slug, "/loyalty/liability"), [slug]);
  const customer = props.query.get("customer") ?? "";
  const [typed, setTyped] = useState(customer);
  const p = program.data;
  const l = liability.data;
  return (
    <div>
      <h1>{t("loyalty.title")}</h1>
      {liability.error && <ErrorNote t={t} error={liability.error} retry={liability.reload} />}
      {l && (
        <div class="tiles" data-liability>
          <Figure id="points" label={t("loyalty.outstanding")} value={formatNumber(language, l.points)} />
          <Figure id="value" label={t("loyalty.liability")} value={formatMoney(language, l.value_minor, money, true)} />
          <Figure id="members" label={t("loyalty.members")} value={formatNumber(language, l.customers)} />
          <Figure id="expiring" label={t("loyalty.expiring")} value={formatNumber(language, l.expiring_30_days)} />
        </div>
      )}
      <form class="filters" onSubmit={(e) => { e.preventDefault(); location.hash = routeHash(["loyalty"], { customer: typed.trim() }); }}>
        <label>
          {t("loyalty.customer_id")}
          <input name="customer" inputMode="numeric" value={typed} onInput={(e) => setTyped((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">{t("loyalty.open_account")}</button>
      </form>
      {customer && p && <AccountPanel key={customer} ctx={ctx} customer={customer} program={p} changed={liability.reload} />}
      {!p && !program.error && <Loading t={t} />}
      {program.error && <ErrorNote t={t} error={program.error} retry={program.reload} />}
      {p && (
        <div class="grid">
          <section class="panel" aria-labelledby="tiers-title">
            <h2 id="tiers-title">{t("loyalty.tiers")}</h2>
            <p class="muted">
              {t("loyalty.rules", {
                per: formatMoney(language, p.minor_per_point, money),
                days: formatNumber(language, p.expiry_days),
              })}
            </p>
            <DataTable
              data={{
                header: [t("loyalty.tier"), t("loyalty.from_spend"), t("loyalty.multiplier")],
                numeric: [false, true, true],
                rows: p.tiers.map((tier) => [labelOf(t, "tier", tier.name), formatMoney(language, tier.min_spend_minor, money, true),
                  `×${formatNumber(language, tier.multiplier, 2)}`]),
                csv: p.tiers.map((tier) => [tier.name, tier.min_spend_minor, tier.multiplier]),
              }}
            />
          </section>
          <section class="panel" aria-labelledby="rewards-title" data-rewards={p.rewards.length}>
            <h2 id="rewards-title">{t("loyalty.rewards")}</h2>
            <DataTable
              data={{
                header: [t("loyalty.reward"), t("loyalty.points"), t("loyalty.min_tier")],
                numeric: [false, true, false],
                rows: p.rewards.map((r) => [language === "fa" && r.name_fa ? r.name_fa : r.name, formatNumber(language, r.points),
                  r.min_tier ? labelOf(t, "tier", r.min_tier) : "–"]),
                csv: p.rewards.map((r) => [r.key, r.name, r.points, r.min_tier]),
              }}
            />
          </section>
        </div>
      )}
    </div>
  );
}

function AccountPanel(props: { ctx: PageContext; customer: string; program: Program; changed: () => void }) {
  const { ctx, program } = props;
  const { t, language } = ctx;
  const slug = ctx.workspace.slug;
  const account = useAsync(() => api.get<Account>(slug, `/customers/${encodeURIComponent(props.customer)}/loyalty`), [slug, props.customer]);
  const [problem, setProblem] = useState("");
  const [adjust, setAdjust] = useState({ points: "", reason: "" });
  const canWrite = ctx.workspace.permissions.loyalty === "write";
  const post = async (body: Record<string, unknown>) => {
    setProblem("");
    try {
      await api.post(slug, `/customers/${encodeURIComponent(props.customer)}/loyalty`, body);
      account.reload();
      props.changed();
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : String(error));
    }
  };
  const a = account.data;
  const tierIndex = (name: string) => program.tiers.findIndex((x) => x.name === name);
  return (
    <section class="panel wide" aria-labelledby="account-title" data-account={props.customer} data-balance={a?.balance ?? ""}>
      <h2 id="account-title">
        {t("loyalty.account")} · <a href={routeHash(["customers", props.customer])}>{t("loyalty.customer", { id: props.customer })}</a>
      </h2>
      {account.error && <ErrorNote t={t} error={account.error} retry={account.reload} />}
      {a && (
        <>
          <div class="tiles">
            <Figure id="balance" label={t("loyalty.balance")} value={formatNumber(language, a.balance)} />
            <Figure id="tier" label={t("loyalty.tier")} value={labelOf(t, "tier", a.tier)} />
            <Figure id="expiring-30" label={t("loyalty.expiring")} value={formatNumber(language, a.expiring_30_days)} />
          </div>
          {canWrite && (
            <div class="filters" data-redeem>
              {program.rewards.map((r) => {
                const allowed = a.balance >= r.points && (!r.min_tier || tierIndex(a.tier) >= tierIndex(r.min_tier));
                return (
                  <button type="button" data-reward={r.key} disabled={!allowed}
                    onClick={() => void post({ kind: "redeem", reward: r.key })}>
                    {t("loyalty.redeem", { reward: language === "fa" && r.name_fa ? r.name_fa : r.name, points: formatNumber(language, r.points) })}
                  </button>
                );
              })}
            </div>
          )}
          {canWrite && (
            <form class="filters" onSubmit={(e) => { e.preventDefault(); void post({ kind: "adjust", points: Number(adjust.points), reason: adjust.reason }); }}>
              <label>{t("loyalty.adjust_points")}
                <input name="adjust-points" inputMode="numeric" value={adjust.points} onInput={(e) => setAdjust({ ...adjust, points: (e.target as HTMLInputElement).value })} />
              </label>
              <label>{t("loyalty.reason")}
                <input name="adjust-reason" value={adjust.reason} onInput={(e) => setAdjust({ ...adjust, reason: (e.target as HTMLInputElement).value })} />
              </label>
              <button type="submit">{t("loyalty.adjust")}</button>
            </form>
          )}
          {problem && <p class="error" role="alert">{problem}</p>}
          <DataTable
            data={{
              header: [t("loyalty.when"), t("loyalty.entry"), t("loyalty.points"), t("loyalty.reason")],
              numeric: [false, false, true, false],
              rows: a.entries.map((e) => [formatDateTime(language, e.at, ctx.workspace.timezone), labelOf(t, "ledger", e.kind),
                formatNumber(language, e.points), e.reason ?? "–"]),
              csv: a.entries.map((e) => [e.at, e.kind, e.points, e.reason]),
            }}
          />
        </>
      )}
    </section>
  );
}
