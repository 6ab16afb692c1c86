import type { enHoldings } from "./en_holdings";

// Persian texts of the holdings panel of the customer page.
export const faHoldings: Record<keyof typeof enHoldings, string> = {
  "holdings.title": "محصولات مشتری",
  "holdings.caption": "محصولاتی که مشتری دارد، اول محصولات باز",
  "holdings.number": "شماره",
  "holdings.product": "محصول",
  "holdings.opened": "تاریخ افتتاح",
  "holdings.closed": "تاریخ بستن",
  "holdings.status": "وضعیت",
  "holdings.branch": "شعبه",
  "holdings.manager": "مدیر حساب",
  "holdings.balance": "آخرین مانده",
  "holdings.balances_of": "مانده‌های {number}",
  "holdings.as_of": "تاریخ",
  "holdings.credit_limit": "سقف اعتبار",
  "holdings.arrears": "معوقه",
  "holdings.type.account": "حساب",
  "holdings.type.deposit": "سپرده",
  "holdings.type.card": "کارت",
  "holdings.type.loan": "تسهیلات",
  "holdings.type.policy": "بیمه‌نامه",
  "holdings.type.plan": "طرح",
  "holdings.status.open": "باز",
  "holdings.status.dormant": "راکد",
  "holdings.status.frozen": "مسدود",
  "holdings.status.closed": "بسته",
  "holdings.next_product": "محصول احتمالی بعدی:",
  "holdings.next_product_item": "{name} ({share})",
  "holdings.next_product_note":
    "(در آزمون روی مشتریان کنارگذاشته، محصولی که بعداً باز کردند برای {hit} آنها در میان سه پیشنهاد اول بود؛ بر پایه محبوبیت: {baseline})",
};
