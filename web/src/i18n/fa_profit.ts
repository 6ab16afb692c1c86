// Persian texts of a contractual workspace's profitability (en_profit.ts).
export const faProfit = {
  "profit.channel_migration": "کوچ به کانال‌های کم‌هزینه‌تر",
  "profit.channel_share": "سهم هر کانال از خدمات بانکی",
  "profit.period": "دوره",
  "profit.quarter": "سه‌ماههٔ {quarter} سال {year}",
  "profit.uses": "دفعات استفاده",
  "profit.cost": "هزینهٔ خدمت",
  "profit.saved": "صرفه‌جویی",
  "profit.saved_total": "در برابر ترکیب کانال‌های {first}، کوچ مشتریان به کانال‌های کم‌هزینه‌تر از {from} تا {to} به اندازهٔ {amount} صرفه‌جویی کرد.",
  "profit.no_uses": "هنوز استفاده‌ای از کانال‌ها ثبت نشده است: تعامل‌های بانکی کانال خود را دارند (شعبه، اینترنت‌بانک، همراه‌بانک، خودپرداز).",
  "profit.by_profit": "مشتریان به ترتیب سودی که بانک از {from} تا {to} از آنان برده رتبه‌بندی شده‌اند: حاشیهٔ سود سپرده‌ها و تسهیلات به‌علاوهٔ کارمزدها، منهای هزینهٔ خدمت‌رسانی در کانال‌هایشان.",
  "code.call_centre": "مرکز تماس",
  "contractual.value.abc": "دسته‌بندی ABC بر پایهٔ سود",
  "contractual.col.revenue": "درآمد (حاشیه و کارمزد)",
  "contractual.col.revenue_share": "سهم درآمد",
  "contractual.col.margin_share": "سهم سود",
};
