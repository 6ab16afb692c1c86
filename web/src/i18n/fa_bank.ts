import type { enBank } from "./en_bank";

// Persian texts of a contractual workspace (a bank's): its dashboard and
// the words that replace the retail ones (see en_bank.ts).
export const faBank: Record<keyof typeof enBank, string> = {
  "bank.customers_holding": "دارای محصول باز",
  "bank.customers_closed": "همه را بسته‌اند",
  "bank.balances_as_of": "مانده‌های {date}، آخرین روز معلوم.",
  "bank.no_holdings": "این فضای کار هنوز محصولی ندارد. محصولات و مانده‌ها را با فرمان‌های ورود محصولات و مانده‌ها وارد کنید.",
  "bank.held_by_type": "محصولات باز، به تفکیک نوع",
  "bank.balances_by_type": "جمع مانده‌ها، به تفکیک نوع محصول",
  "bank.openings_by_month": "افتتاح و بستن در هر ماه",
  "bank.likeliest_to_close": "مشتریانی که به احتمال بیشتر می‌بندند",
  "bank.no_close_scores": "هنوز ریسک بستنی حساب نشده: تحلیل بستن قراردادها را اجرا کنید تا هر مشتری دارای محصول امتیاز بگیرد.",
  "bank.type": "نوع محصول",
  "bank.open_holdings": "محصولات باز",
  "bank.holders": "مشتریان دارای آن",
  "bank.balance": "جمع مانده",
  "bank.opened": "افتتاح‌شده",
  "bank.closed": "بسته‌شده",
  "bank.close_risk": "احتمال بستن",
  "bank.band": "ارزش در خطر",
  "bank.stage": "مرحله",
  "c360.close_risk": "احتمال بستن همه محصولات",
  "c360.close_risk_why": "از مدل ریزش قراردادها: احتمال اینکه این مشتری در افق پیش‌بینی همه محصولاتش را ببندد، بر پایه مانده‌ها، واریز حقوق، کاربرد کارت، معوقه‌ها و شکایت‌ها.",
  // A bank's interaction type and channels (vafa demo --kind bank).
  "code.banking": "بانکداری",
  "code.mobile": "همراه‌بانک",
  "code.internet": "اینترنت‌بانک",
  "code.atm": "خودپرداز",
  "report.no_orders": "این فضای کار سفارشی برای تحلیل ندارد: مشتریانش محصول دارند. داشبورد محصولات و مانده‌هایشان را نشان می‌دهد.",
  "contractual.dash.customers": "مشتریان دارای محصول",
  "contractual.nav.churn": "بستن",
  "contractual.churn.title": "بستن: چه کسانی می‌روند و چرا",
  "contractual.churn.none": "ریسک بستن مشتریان دارای محصول را تحلیل بستن قراردادها می‌دهد؛ داشبورد کسانی را که به احتمال بیشتر می‌بندند فهرست می‌کند.",
  "contractual.c360.churn": "ریسک بستن",
  "contractual.col.churn_risk": "ریسک بستن",
  "contractual.c360.empty_timeline": "هنوز رویداد یا تعاملی ثبت نشده.",
};
