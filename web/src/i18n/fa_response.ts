import type { enResponse } from "./en_response";

// Persian texts of the campaign audiences panel; fa.ts spreads them into
// the one dictionary. The type makes a missing key a compile error.
export const faResponse: Record<keyof typeof enResponse, string> = {
  "response.title": "مخاطبان بر پایهٔ کمپین‌های گذشته",
  "response.none": "هنوز مدل پاسخ ساخته نشده است: برای پیشنهاد مخاطبان، مدل‌ها را روی کمپین‌های پایان‌یافته آموزش دهید.",
  "response.trained": "آموزش‌دیده در {when} روی {campaigns} کمپین پایان‌یافته ({members} عضو)؛ اثر افزایشی با روش {method} و مدل {learner}.",
  "response.thresholds": "مدل‌ها از {campaigns} کمپین پایان‌یافته، {responders} عضو پاسخ‌دهنده و {buyers} خریدار در هر گروه به بعد پیشنهاد می‌شوند.",
  "response.train": "آموزش روی کمپین‌های گذشته",
  "response.training": "در حال آموزش…",
  "response.refused.campaigns": "سابقه کافی نیست: مدل‌ها دست‌کم به {campaigns} کمپین پایان‌یافته با عضو نیاز دارند.",
  "response.refused.responders": "سابقه کافی نیست: مدل‌ها دست‌کم به {responders} عضو گروه دریافت‌کننده که پاسخ داده‌اند نیاز دارند.",
  "response.refused.buyers": "سابقه کافی نیست: مدل‌های اثر افزایشی دست‌کم به {buyers} خریدار در گروه دریافت‌کننده و در گروه کنترل نیاز دارند.",
  "response.audience": "مخاطبان",
  "response.audience.persuadable": "اثرپذیر (بیشترین اثر افزایشی)",
  "response.audience.predicted_responders": "پاسخ‌دهندگان پیش‌بینی‌شده",
  "response.audience.do_not_disturb": "مزاحم نشوید (اثر منفی)",
  "response.size": "تعداد",
  "response.size_default": "۳۰٪ بالا",
  "response.estimate": "نمایش انتظارها",
  "response.holds": "{size} مشتری از {available} مشتری این مخاطبان",
  "response.expected_responders": "پاسخ‌دهندگان مورد انتظار",
  "response.expected_incremental": "خریداران افزایشی مورد انتظار",
  "response.expected_revenue": "درآمد افزایشی مورد انتظار",
  "response.range": "{value} ({low} تا {high})",
  "response.interval_note": "بازه‌های ۹۵٪. پاسخ‌دهندگان: احتمال پیش‌بینی‌شدهٔ هر عضو به‌صورت مستقل؛ خریداران افزایشی: اثری که رتبه‌بندی مدل در کمپین‌های کنار گذاشته به دست آورد؛ درآمد: خریداران افزایشی ضرب در میانگین خرید هر خریدار.",
  "response.drivers": "چه چیزی این مخاطبان را می‌سازد",
  "response.draw": "ساخت کمپین از این مخاطبان",
};
