import { api, type Schema } from "../api";
import { useAsync } from "../components/hooks";
import type { PageContext } from "../context";
import { formatDate, formatMoney, formatPercent, isolate } from "../format";
import { labelOf } from "../i18n";

type Holding = Schema<"Holding">;

/**
 * What a contractual customer holds (accounts, deposits, cards, loans,
 * policies, plans), with each holding's dates, branch, relationship manager
 * and balances over time, and the products the customer is likeliest to
 * open next (stored by `vafa next-product`). Shows nothing for a customer
 * who holds nothing, so a shop's customer page is unchanged.
 */
export function HoldingsPanel(props: { ctx: PageContext; customerId: number }) {
  const { ctx, customerId } = props;
  const loaded = useAsync(
    () => api.get<Schema<"CustomerHoldings">>(ctx.workspace.slug, `/customers/${customerId}/holdings?balances=12`),
    [customerId, ctx.workspace.slug],
  );
  const next = useAsync(
    () => api.get<Schema<"CustomerNextProduct">>(ctx.workspace.slug, `/customers/${customerId}/next-product`),
    [customerId, ctx.workspace.slug],
  );
  const items = loaded.data?.items ?? [];
  if (items.length === 0) return null;
  const { t } = ctx;
  return (
    <section class="panel wide" aria-labelledby="holdings-title" data-holdings={items.length}>
      <h2 id="holdings-title">{t("holdings.title")}</h2>
      <div class="table-wrap">
        <table>
          <caption class="muted">{t("holdings.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("holdings.product")}</th>
              <th scope="col">{t("holdings.number")}</th>
              <th scope="col">{t("holdings.opened")}</th>
              <th scope="col">{t("holdings.status")}</th>
              <th scope="col">{t("holdings.branch")}</th>
              <th scope="col">{t("holdings.manager")}</th>
              <th scope="col">{t("holdings.balance")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((holding) => (
              <HoldingRow ctx={ctx} holding={holding} />
            ))}
          </tbody>
        </table>
      </div>
      {next.data && next.data.items.length > 0 ? <NextProductLine ctx={ctx} next={next.data} /> : null}
      {items
        .filter((holding) => holding.balances.length > 1)
        .map((holding) => (
          <Balances ctx={ctx} holding={holding} />
        ))}
    </section>
  );
}

function HoldingRow(props: { ctx: PageContext; holding: Holding }) {
  const { ctx, holding } = props;
  const { t, language, money } = ctx;
  const latest = holding.balances[holding.balances.length - 1];
  return (
    <tr data-holding={holding.external_id} data-status={holding.status}>
      <th scope="row">
        {holding.product.name} <span class="muted">({labelOf(t, "holdings.type", holding.product.type)})</span>
      </th>
      <td dir="ltr">{holding.external_id}</td>
      <td>{formatDate(language, holding.opened_on)}</td>
      <td>
        {labelOf(t, "holdings.status", holding.status)}
        {holding.closed_on ? ` · ${formatDate(language, holding.closed_on)}` : ""}
      </td>
      <td>{holding.branch ?? "–"}</td>
      <td>{holding.manager ?? "–"}</td>
      <td>{latest ? formatMoney(language, latest.balance_minor, money) : "–"}</td>
    </tr>
  );
}

/**
 * The likeliest next products, each with its chance, and how often the
 * model's three were right on held-out customers against popularity's.
 */
function NextProductLine(props: { ctx: PageContext; next: Schema<"CustomerNextProduct"> }) {
  const { ctx, next } = props;
  const { t, language } = ctx;
  const products = next.items
    .map((item) =>
      t("holdings.next_product_item", {
        name: isolate(item.product.name),
        share: formatPercent(language, item.probability, 0),
      }),
    )
    .join(language === "fa" ? "، " : ", ");
  const evaluation = next.evaluation;
  return (
    <p class="next-product" data-next-product={next.items[0].product.code}>
      <strong>{t("holdings.next_product")}</strong> {products}
      {evaluation && evaluation.holdout_customers > 0 ? (
        <span class="muted">
          {" "}
          {t("holdings.next_product_note", {
            hit: formatPercent(language, evaluation.hit_at_3, 0),
            baseline: formatPercent(language, evaluation.popular_hit_at_3, 0),
          })}
        </span>
      ) : null}
    </p>
  );
}

/** A holding's balances over time, oldest first. */
function Balances(props: { ctx: PageContext; holding: Holding }) {
  const { ctx, holding } = props;
  const { t, language, money } = ctx;
  return (
    <details>
      <summary>{t("holdings.balances_of", { number: holding.external_id })}</summary>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("holdings.as_of")}</th>
              <th scope="col">{t("holdings.balance")}</th>
              <th scope="col">{t("holdings.credit_limit")}</th>
              <th scope="col">{t("holdings.arrears")}</th>
            </tr>
          </thead>
          <tbody>
            {holding.balances.map((balance) => (
              <tr>
                <th scope="row">{formatDate(language, balance.as_of)}</th>
                <td>{formatMoney(language, balance.balance_minor, money)}</td>
                <td>{balance.credit_limit_minor === null ? "–" : formatMoney(language, balance.credit_limit_minor, money)}</td>
                <td>{balance.arrears_minor === null ? "–" : formatMoney(language, balance.arrears_minor, money)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
