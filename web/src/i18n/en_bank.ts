// English texts of a contractual workspace (a bank's, an insurer's): its
// dashboard, and under `contractual.KEY` the words that replace KEY's where
// the workspace's customers hold products instead of placing orders
// (kindTranslator in index.ts). en.ts spreads them into the one dictionary.
export const enBank = {
  "bank.customers_holding": "Holding a product now",
  "bank.customers_closed": "Closed everything",
  "bank.balances_as_of": "Balances of {date}, the latest day known.",
  "bank.no_holdings": "This workspace holds no products yet. Import holdings and balances with vafa import holdings and vafa import balances.",
  "bank.held_by_type": "Products held, by type",
  "bank.balances_by_type": "Total balances, by product type",
  "bank.openings_by_month": "Openings and closings by month",
  "bank.likeliest_to_close": "Customers likeliest to close",
  "bank.no_close_scores": "No closing risks yet: run vafa churn --contracts to score every customer who holds something.",
  "bank.type": "Product type",
  "bank.open_holdings": "Open holdings",
  "bank.holders": "Customers holding one",
  "bank.balance": "Total balance",
  "bank.opened": "Opened",
  "bank.closed": "Closed",
  "bank.close_risk": "Chance of closing",
  "bank.band": "Value at risk",
  "bank.stage": "Stage",
  "c360.close_risk": "Chance of closing everything",
  "c360.close_risk_why": "From the model of closings: how likely this customer closes every product within the horizon, from balances, salary credits, card use, arrears and complaints.",
  // A bank's interaction type and channels (vafa demo --kind bank).
  "code.banking": "banking",
  "code.mobile": "mobile banking",
  "code.internet": "internet banking",
  "code.atm": "ATM",
  "report.no_orders": "This workspace has no orders to analyse: its customers hold products instead. The dashboard shows their holdings and balances.",
  "contractual.dash.customers": "Customers with holdings",
  "contractual.nav.churn": "Closing",
  "contractual.churn.title": "Closing: who is leaving, and why",
  "contractual.churn.none": "Closing risks of customers who hold products come from vafa churn --contracts; the dashboard lists those likeliest to close.",
  "contractual.c360.churn": "Closing risk",
  "contractual.col.churn_risk": "Closing risk",
  "contractual.c360.empty_timeline": "No holdings activity or interactions yet.",
};
