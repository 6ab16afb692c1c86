#include "services/surveys/scoring.h"

#include <cmath>

namespace vafa::services::surveys {
namespace {

constexpr double kZ95 = 1.959963984540054;

struct KindInfo {
  SurveyKind kind;
  std::string_view name;
  int min, max;
};
constexpr KindInfo kKinds[] = {
    {SurveyKind::kNps, "nps", 0, 10},
    {SurveyKind::kCsat, "csat", 1, 5},
    {SurveyKind::kCes, "ces", 1, 7},
    {SurveyKind::kPulse, "pulse", 1, 5},
    {SurveyKind::kReadiness, "readiness", 1, 7},
};

const KindInfo& Info(SurveyKind kind) {
  for (const KindInfo& info : kKinds) {
    if (info.kind == kind) return info;
  }
  return kKinds[0];
}

}  // namespace

std::string_view SurveyKindName(SurveyKind kind) { return Info(kind).name; }

std::optional<SurveyKind> ParseSurveyKind(std::string_view name) {
  for (const KindInfo& info : kKinds) {
    if (info.name == name) return info.kind;
  }
  return std::nullopt;
}

int ScaleMin(SurveyKind kind) { return Info(kind).min; }
int ScaleMax(SurveyKind kind) { return Info(kind).max; }

ScoreSummary Summarize(SurveyKind kind, const std::vector<int>& answers) {
  ScoreSummary s;
  s.responses = static_cast<int64_t>(answers.size());
  if (answers.empty()) return s;
  double sum = 0;
  for (int a : answers) {
    sum += a;
    switch (kind) {
      case SurveyKind::kNps:
        s.top += a >= 9;
        s.bottom += a <= 6;
        break;
      case SurveyKind::kCes:
      case SurveyKind::kReadiness:
        s.top += a >= 5;
        s.bottom += a <= 3;
        break;
      case SurveyKind::kCsat:
      case SurveyKind::kPulse:
        s.top += a >= 4;
        s.bottom += a <= 2;
        break;
    }
  }
  const double n = static_cast<double>(s.responses);
  s.mean = sum / n;
  const double top = static_cast<double>(s.top) / n;
  const double bottom = static_cast<double>(s.bottom) / n;
  if (kind == SurveyKind::kNps) {
    // The difference of two shares of one multinomial sample.
    s.score = 100 * (top - bottom);
    const double variance =
        (top + bottom - (top - bottom) * (top - bottom)) / n;
    s.margin = 100 * kZ95 * std::sqrt(variance);
  } else {
    s.score = 100 * top;
    s.margin = 100 * kZ95 * std::sqrt(top * (1 - top) / n);
  }
  return s;
}

std::map<std::string, std::optional<ScoreSummary>> PulseByGroup(
    const std::map<std::string, std::vector<int>>& answers, int min_group) {
  std::map<std::string, std::optional<ScoreSummary>> groups;
  for (const auto& [group, scores] : answers) {
    if (static_cast<int>(scores.size()) < min_group) {
      groups[group] = std::nullopt;
    } else {
      groups[group] = Summarize(SurveyKind::kPulse, scores);
    }
  }
  return groups;
}

std::string_view ReadinessDimensionName(ReadinessDimension dimension) {
  switch (dimension) {
    case ReadinessDimension::kKeyCustomerFocus:
      return "key_customer_focus";
    case ReadinessDimension::kCrmOrganisation:
      return "crm_organisation";
    case ReadinessDimension::kKnowledgeManagement:
      return "knowledge_management";
    case ReadinessDimension::kTechnologyBasedCrm:
      return "technology_based_crm";
  }
  return "key_customer_focus";
}

const std::vector<ReadinessItem>& ReadinessQuestionnaire() {
  using D = ReadinessDimension;
  // One line a statement: clang-format counts bytes, so it would break the
  // Persian texts mid-phrase.
  // clang-format off
  static const std::vector<ReadinessItem> kItems = {
      {"kcf1", D::kKeyCustomerFocus,
       "We know which customers bring most of our value and treat them so.",
       "می‌دانیم کدام مشتریان بیشترین ارزش را می‌آورند و با آنان چنین رفتار می‌کنیم."},
      {"kcf2", D::kKeyCustomerFocus,
       "We estimate what a customer is worth over the whole relationship, not only per sale.",
       "ارزش مشتری را در کل رابطه می‌سنجیم، نه فقط در هر فروش."},
      {"kcf3", D::kKeyCustomerFocus,
       "Offers, prices and service are fitted to each key customer.",
       "پیشنهاد، قیمت و خدمت را برای هر مشتری کلیدی متناسب می‌کنیم."},
      {"kcf4", D::kKeyCustomerFocus,
       "Key customers help shape our products and services.",
       "مشتریان کلیدی در شکل‌دادن محصولات و خدمات ما سهیم‌اند."},
      {"org1", D::kCrmOrganisation,
       "Our structure is organised around customers rather than products.",
       "ساختار سازمان ما حول مشتریان است، نه محصولات."},
      {"org2", D::kCrmOrganisation,
       "Sales, service and marketing share one view of each customer and one process.",
       "فروش، خدمات و بازاریابی یک نمای مشترک و یک فرایند برای هر مشتری دارند."},
      {"org3", D::kCrmOrganisation,
       "Staff are rewarded for keeping customers, not only for new sales.",
       "کارکنان برای نگه‌داشتن مشتری پاداش می‌گیرند، نه فقط برای فروش تازه."},
      {"org4", D::kCrmOrganisation,
       "Front-line staff may resolve a customer's problem without escalating.",
       "کارکنان صف می‌توانند مشکل مشتری را بی‌ارجاع حل کنند."},
      {"km1", D::kKnowledgeManagement,
       "We learn systematically from every contact with customers.",
       "از هر تماس با مشتری به‌طور نظام‌مند می‌آموزیم."},
      {"km2", D::kKnowledgeManagement,
       "What one team learns about a customer reaches the others.",
       "آنچه یک تیم از مشتری می‌آموزد به تیم‌های دیگر می‌رسد."},
      {"km3", D::kKnowledgeManagement,
       "We analyse customer data to find who to keep and what to offer.",
       "داده‌های مشتری را تحلیل می‌کنیم تا بدانیم چه کسی را نگه داریم و چه پیشنهادی بدهیم."},
      {"km4", D::kKnowledgeManagement,
       "Complaints and feedback change how we work.",
       "شکایت‌ها و بازخوردها شیوهٔ کار ما را تغییر می‌دهند."},
      {"tech1", D::kTechnologyBasedCrm,
       "Customer records from every channel are in one system.",
       "سوابق مشتری از همهٔ کانال‌ها در یک سامانه است."},
      {"tech2", D::kTechnologyBasedCrm,
       "Our systems give staff a customer's full history at the moment of contact.",
       "سامانه‌های ما هنگام تماس، تاریخچهٔ کامل مشتری را به کارکنان نشان می‌دهند."},
      {"tech3", D::kTechnologyBasedCrm,
       "We can reach each customer on the channel they prefer.",
       "می‌توانیم هر مشتری را از کانال دلخواهش در دسترس داشته باشیم."},
      {"tech4", D::kTechnologyBasedCrm,
       "Our technology supports analysis as well as record keeping.",
       "فناوری ما افزون بر نگهداری سوابق، تحلیل را هم پشتیبانی می‌کند."},
  };
  // clang-format on
  return kItems;
}

std::optional<ReadinessResult> ScoreReadiness(
    const std::map<std::string, int>& answers, std::string* error) {
  std::map<ReadinessDimension, std::pair<double, int>> sums;
  for (const auto& [key, value] : answers) {
    bool known = false;
    for (const ReadinessItem& item : ReadinessQuestionnaire()) {
      known |= item.key == key;
    }
    if (!known) {
      *error = key;
      return std::nullopt;
    }
  }
  for (const ReadinessItem& item : ReadinessQuestionnaire()) {
    auto it = answers.find(item.key);
    if (it == answers.end() || it->second < 1 || it->second > 7) {
      *error = item.key;
      return std::nullopt;
    }
    sums[item.dimension].first += it->second;
    sums[item.dimension].second += 1;
  }
  ReadinessResult result;
  double total = 0;
  double lowest = 101;
  for (const auto& [dimension, sum] : sums) {
    const double score = (sum.first / sum.second - 1) / 6 * 100;
    result.dimensions[dimension] = score;
    total += score;
    if (score < lowest) {
      lowest = score;
      result.weakest = dimension;
    }
  }
  result.overall = total / static_cast<double>(sums.size());
  return result;
}

}  // namespace vafa::services::surveys
