// English texts of a contractual workspace's profitability: the channel
// migration panel of the bank dashboard, and under `contractual.KEY` the
// key-customer page's words when customers are ranked by what the bank
// earns on them (docs/holdings.md). en.ts spreads them into the dictionary.
export const enProfit = {
  "profit.channel_migration": "Moving to cheaper channels",
  "profit.channel_share": "Share of banking by channel",
  "profit.period": "Period",
  "profit.quarter": "Q{quarter} {year}",
  "profit.uses": "Uses",
  "profit.cost": "Cost of service",
  "profit.saved": "Saved",
  "profit.saved_total": "Against the channel mix of {first}, moving customers to cheaper channels saved {amount} from {from} to {to}.",
  "profit.no_uses": "No channel use recorded yet: banking interactions carry their channel (branch, internet, mobile, ATM).",
  "profit.by_profit": "Customers are ranked by what the bank earned on them from {from} to {to}: interest margin on balances and fees, less the cost of serving them through their channels.",
  "code.call_centre": "call centre",
  "contractual.value.abc": "ABC classes by profit",
  "contractual.col.revenue": "Income (margin and fees)",
  "contractual.col.revenue_share": "Share of income",
  "contractual.col.margin_share": "Share of profit",
};
