// The peer: DuckDB computes RFM quintiles over the transactions CSV with the
// same definitions and tie rule as vafa (docs/analytics.md): orders folded
// from lines, purchases = orders with amount >= 0, F = distinct purchase
// days, M = net revenue, score = 1 + floor(5 * (RANK() - 1) / n).
//   node duckdb_rfm.mjs FILE AS_OF(YYYY-MM-DD)
// Prints the wall time, the scored customers and a checksum of the scores
// that analyze_csv prints too.
import { DuckDBInstance } from '@duckdb/node-api';

const [file, asOf] = process.argv.slice(2);
const started = performance.now();
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const sql = `
WITH o AS (
  SELECT customer_id, order_id, MIN(date) AS day, SUM(amount) AS amount
  FROM read_csv('${file}', header = true)
  GROUP BY customer_id, order_id
  HAVING MIN(date) <= DATE '${asOf}'),
c AS (
  SELECT customer_id,
         DATE '${asOf}' - MAX(CASE WHEN amount >= 0 THEN day END) AS recency,
         COUNT(DISTINCT CASE WHEN amount >= 0 THEN day END) AS frequency,
         SUM(amount) AS monetary
  FROM o GROUP BY customer_id HAVING frequency > 0),
n AS (SELECT COUNT(*) AS n FROM c),
s AS (
  SELECT 1 + 5 * (RANK() OVER (ORDER BY -recency) - 1) // n AS r,
         1 + 5 * (RANK() OVER (ORDER BY frequency) - 1) // n AS f,
         1 + 5 * (RANK() OVER (ORDER BY monetary) - 1) // n AS m
  FROM c, n)
SELECT COUNT(*) AS customers, SUM(r * 100 + f * 10 + m) AS checksum FROM s`;
const reader = await connection.runAndReadAll(sql);
const [row] = reader.getRows();
const seconds = (performance.now() - started) / 1000;
console.log(`duckdb_rfm seconds=${seconds.toFixed(3)} customers=${row[0]} ` +
            `checksum=${row[1]}`);
