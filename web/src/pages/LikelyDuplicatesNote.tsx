// The import page's warning of new customer rows that look like a stored
// customer or an earlier row of the file (same national id, phone or
// e-mail): how many, and the first few naming the row and the customer,
// with a link to the customer's page and to the duplicates page. The rows
// were imported all the same.
import type { Answer } from "../api";
import type { PageContext } from "../context";
import { formatNumber } from "../format";
import { labelOf } from "../i18n";
import { routeHash } from "../state";

type LikelyDuplicates = Answer<"importFile", 201>["likely_duplicates"];

export function LikelyDuplicatesNote(props: { ctx: PageContext; likely: LikelyDuplicates }) {
  const { t, language } = props.ctx;
  const { likely } = props;
  if (likely.count === 0) return null;
  return (
    <section class="likely-duplicates" aria-labelledby="likely-duplicates-title" data-likely-duplicates={likely.count}>
      <h2 id="likely-duplicates-title">
        {t("quality.import.title", { count: formatNumber(language, likely.count) })}
      </h2>
      <p class="muted">{t("quality.import.intro")}</p>
      <ul>
        {likely.examples.map((found) => (
          <li data-line={found.line}>
            {t("quality.import.row", {
              line: formatNumber(language, found.line),
              field: labelOf(t, "quality.field", found.field),
              value: found.value,
            })}{" "}
            {found.customer_id !== null && found.customer_id !== undefined ? (
              <a href={routeHash(["customers", found.customer_id])}>
                {t("quality.import.customer", {
                  id: formatNumber(language, found.customer_id),
                  external_id: found.customer_external_id ?? "–",
                })}
              </a>
            ) : (
              t("quality.import.earlier_row", { line: formatNumber(language, found.first_line ?? 0) })
            )}
          </li>
        ))}
      </ul>
      <p>
        <a href={routeHash(["duplicates"])}>{t("quality.import.review")}</a>
      </p>
    </section>
  );
}
