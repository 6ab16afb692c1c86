#include "demo/generator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

#include "core/national_id.h"
#include "demo/demo_data.h"
#include "demo/random.h"

namespace vafa::demo {
namespace {

// BG/NBD parameters of the population (rates per day). The mean customer
// buys about every 45 days while alive and leaves after ~6 purchases.
constexpr double kRateShape = 0.9;
constexpr double kRateMean = 1.0 / 45.0;
constexpr double kDropoutA = 1.1;
constexpr double kDropoutB = 6.0;

// Planted churn rules: the factor each multiplies a customer's dropout
// probability by. Written into churn_truth.csv as the reasons.
struct ChurnRule {
  const char* reason;
  double share;   // of customers the rule applies to
  double factor;  // on the dropout probability
};
constexpr ChurnRule kChurnRules[] = {
    {"one_category", 0.30, 2.0},
    {"one_channel", 0.35, 1.5},
    {"no_discount", 0.40, 1.6},
    {"complaint", 0.08, 2.5},
};

constexpr const char* kChannels[] = {"store", "online", "instagram", "phone"};
constexpr double kChannelShare[] = {0.55, 0.25, 0.12, 0.08};
constexpr const char* kOnlineBranch = "فروشگاه اینترنتی";

struct Acquisition {
  const char* channel;
  int64_t cost_rial;
};
constexpr Acquisition kAcquisitions[] = {
    {"walk_in", 0},       {"instagram", 1200000},  {"google_ads", 2500000},
    {"referral", 500000}, {"exhibition", 4000000}, {"sms_campaign", 300000},
};

constexpr const char* kMobilePrefixes[] = {"0912", "0935", "0919", "0901",
                                           "0936", "0913", "0915", "0917",
                                           "0991", "0930"};

// A buffered CSV file. Fields are quoted only when they must be.
class CsvFile {
 public:
  explicit CsvFile(const std::string& path)
      : file_(std::fopen(path.c_str(), "wb")) {
    if (file_ != nullptr) std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
  }
  ~CsvFile() {
    if (file_ != nullptr) std::fclose(file_);
  }
  bool ok() const { return file_ != nullptr; }
  CsvFile& operator<<(std::string_view field) {
    if (!first_) std::fputc(',', file_);
    first_ = false;
    if (field.find_first_of(",\"\n\r") == std::string_view::npos) {
      std::fwrite(field.data(), 1, field.size(), file_);
    } else {
      std::fputc('"', file_);
      for (char c : field) {
        if (c == '"') std::fputc('"', file_);
        std::fputc(c, file_);
      }
      std::fputc('"', file_);
    }
    return *this;
  }
  CsvFile& operator<<(int64_t value) { return *this << std::to_string(value); }
  void EndRow() {
    std::fputc('\n', file_);
    first_ = true;
  }
  bool Close() {
    bool good = std::ferror(file_) == 0;
    good = std::fclose(file_) == 0 && good;
    file_ = nullptr;
    return good;
  }

 private:
  std::FILE* file_;
  bool first_ = true;
};

// How much busier a day is than an ordinary one: Nowruz shopping (Esfand
// 10 to Farvardin 13), Yalda (Azar 15-30), the Gregorian year end, and a
// quieter Friday in the shops.
double SeasonWeight(DayNumber day, int* season) {
  CivilDate j = JalaliFromDays(day);
  CivilDate g = GregorianFromDays(day);
  *season = 0;
  double weight = 1.0;
  if ((j.month == 12 && j.day >= 10) || (j.month == 1 && j.day <= 13)) {
    weight = j.month == 12 ? 2.6 : 1.6;
    *season = 1;
  } else if (j.month == 9 && j.day >= 15) {
    weight = 2.0;
    *season = 2;
  } else if (g.month == 12 && g.day >= 20) {
    weight = 1.3;
  }
  if (IranWeekday(day) == 6) weight *= 0.7;
  return weight;
}
constexpr double kMaxSeasonWeight = 2.6;

std::string Digits(uint64_t value, int width) {
  std::string out(width, '0');
  for (int i = width - 1; i >= 0; --i, value /= 10) {
    out[i] = static_cast<char>('0' + value % 10);
  }
  return out;
}

std::string CustomerId(int64_t index) { return "C" + Digits(index + 1, 7); }

// Unique valid national id for a customer index (7919 is prime to 10^9, so
// the first nine digits differ between customers).
std::string NationalId(int64_t index, uint64_t seed) {
  std::string nine =
      Digits((static_cast<uint64_t>(index) * 7919 + seed * 104729 + 1000000) %
                 1000000000,
             9);
  if (nine.find_first_not_of(nine[0]) == std::string::npos)
    nine[8] = nine[8] == '1' ? '2' : '1';
  return nine + NationalIdCheckDigit(nine);
}

std::string Mobile(int64_t index, Random& random) {
  const char* prefix =
      kMobilePrefixes[random.Below(std::size(kMobilePrefixes))];
  return std::string(prefix) +
         Digits((static_cast<uint64_t>(index) * 3571 + 1234567) % 10000000, 7);
}

std::string DateTime(DayNumber day, int seconds) {
  char time[16];
  std::snprintf(time, sizeof time, " %02d:%02d", seconds / 3600,
                seconds / 60 % 60);
  return FormatGregorian(day) + time;
}

struct Writers {
  CsvFile customers;
  CsvFile transactions;
  CsvFile interactions;
  CsvFile truth;
};

// One customer's whole history.
class CustomerStory {
 public:
  CustomerStory(const DemoOptions& options, Random& random, Writers& out,
                DemoCounts& counts, int64_t& next_order)
      : options_(options),
        random_(random),
        out_(out),
        counts_(counts),
        next_order_(next_order) {}

  void Write(int64_t index, bool organisation);

 private:
  void WritePurchases(const std::string& id, DayNumber joined);
  void WriteInteractions(const std::string& id, DayNumber joined,
                         DayNumber last_purchase);

  const DemoOptions& options_;
  Random& random_;
  Writers& out_;
  DemoCounts& counts_;
  int64_t& next_order_;
  // Traits drawn per customer.
  bool rule_[std::size(kChurnRules)] = {};
  const City* city_ = nullptr;
  int channel_ = 0;
  std::vector<std::string_view> categories_;
  double spend_scale_ = 1.0;
  double dropout_ = 0.2;
  bool churned_ = false;
  int purchases_ = 0;
};

void CustomerStory::Write(int64_t index, bool organisation) {
  const std::string id = CustomerId(index);
  const DayNumber start = options_.end_day - 365 * options_.years;
  // Growth: later joiners are more common (density rising linearly).
  double u = std::sqrt(random_.Uniform());
  DayNumber joined =
      start + static_cast<DayNumber>(u * (options_.end_day - start - 1));
  city_ = nullptr;
  {
    int total = 0;
    for (const City& c : Cities()) total += c.weight;
    int64_t pick = random_.Below(total);
    for (const City& c : Cities()) {
      if ((pick -= c.weight) < 0) {
        city_ = &c;
        break;
      }
    }
  }
  const bool english = random_.Chance(0.12);
  const bool female = random_.Chance(0.5);
  const Acquisition& acquisition =
      kAcquisitions[random_.Below(std::size(kAcquisitions))];
  const Name& first = random_.Pick(female ? FemaleNames() : MaleNames());
  const Name& last = random_.Pick(LastNames());
  std::string email;
  if (random_.Chance(0.4)) {
    std::string local(english || random_.Chance(0.5) ? first.latin
                                                     : last.latin);
    std::transform(
        local.begin(), local.end(), local.begin(),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    email = local + "." + std::to_string(index + 1) +
            (random_.Chance(0.7) ? "@gmail.com" : "@yahoo.com");
  }
  int birth_year = GregorianFromDays(options_.end_day).year - 18 -
                   static_cast<int>(random_.Below(52));
  DayNumber birth = DaysFromGregorian({birth_year, 1, 1}) +
                    static_cast<DayNumber>(random_.Below(365));

  CsvFile& c = out_.customers;
  std::string organisation_name;
  if (organisation) {
    organisation_name = std::string("شرکت ") +
                        std::string(random_.Pick(CompanyWords())) + " " +
                        std::string(random_.Pick(CompanyWords()));
  }
  c << id << (organisation ? "organisation" : "person")
    << (organisation ? "" : (english ? first.latin : first.persian))
    << (organisation ? "" : (english ? last.latin : last.persian))
    << organisation_name << ""
    << (organisation ? "" : NationalId(index, options_.seed))
    << Mobile(index, random_) << email
    << (organisation ? "" : (female ? "female" : "male"))
    << (organisation ? "" : FormatGregorian(birth)) << city_->name
    << city_->province << acquisition.channel << acquisition.cost_rial
    << FormatGregorian(joined) << (english ? "en" : "fa");
  c.EndRow();
  ++counts_.customers;
  if (organisation) {
    // One or two contacts who speak for the organisation.
    int contacts = 1 + static_cast<int>(random_.Below(2));
    for (int k = 0; k < contacts; ++k) {
      bool f = random_.Chance(0.5);
      const Name& cf = random_.Pick(f ? FemaleNames() : MaleNames());
      const Name& cl = random_.Pick(LastNames());
      c << id + "-" + std::to_string(k + 1) << "person" << cf.persian
        << cl.persian << "" << id << ""
        << Mobile(index * 3 + k + 5000000, random_) << ""
        << (f ? "female" : "male") << "" << city_->name << city_->province
        << acquisition.channel << "" << FormatGregorian(joined) << "fa";
      c.EndRow();
      ++counts_.contacts;
    }
  }

  for (size_t r = 0; r < std::size(kChurnRules); ++r) {
    rule_[r] = options_.plant_churn && random_.Chance(kChurnRules[r].share);
  }
  double p = std::clamp(random_.Beta(kDropoutA, kDropoutB), 0.01, 0.95);
  for (size_t r = 0; r < std::size(kChurnRules); ++r) {
    if (rule_[r]) {
      p = std::min(
          0.95, p * std::pow(kChurnRules[r].factor, options_.churn_strength));
    }
  }
  dropout_ = p;
  double x = random_.Uniform();
  channel_ = 0;
  for (double share : kChannelShare) {
    if ((x -= share) < 0) break;
    ++channel_;
  }
  channel_ = std::min(channel_, 3);
  categories_.clear();
  int wanted = rule_[0] ? 1 : 2 + static_cast<int>(random_.Below(3));
  while (static_cast<int>(categories_.size()) < wanted) {
    std::string_view category = random_.Pick(Products()).category;
    if (std::find(categories_.begin(), categories_.end(), category) ==
        categories_.end()) {
      categories_.push_back(category);
    }
  }
  spend_scale_ = random_.Gamma(4.0, 0.25) * (organisation ? 3.0 : 1.0);
  churned_ = false;
  purchases_ = 0;
  WritePurchases(id, joined);
}

void CustomerStory::WritePurchases(const std::string& id, DayNumber joined) {
  const double rate = random_.Gamma(kRateShape, kRateMean / kRateShape);
  DayNumber day = joined;
  DayNumber last_purchase = joined;
  bool first = true;
  while (day <= options_.end_day) {
    if (!first) {
      // Next candidate day, thinned by the season (Lewis & Shedler 1979).
      double step = random_.Exponential(rate * kMaxSeasonWeight);
      day += static_cast<DayNumber>(std::ceil(step));
      if (day > options_.end_day) break;
    }
    int season = 0;
    double weight = SeasonWeight(day, &season);
    if (!first && !random_.Chance(weight / kMaxSeasonWeight)) continue;
    first = false;
    // One order of 1..5 lines.
    const std::string order =
        "O" + Digits(static_cast<uint64_t>(++next_order_), 8);
    int channel = channel_;
    if (!rule_[1] && random_.Chance(0.25))
      channel = static_cast<int>(random_.Below(4));
    std::string branch_text =
        channel == 0 ? std::string(city_->branch) : kOnlineBranch;
    bool discounted = !rule_[2] && random_.Chance(0.3);
    int discount_percent =
        discounted ? 5 + 5 * static_cast<int>(random_.Below(4)) : 0;
    int lines = 1;
    while (lines < 5 && random_.Chance(0.45)) ++lines;
    int seconds = 9 * 3600 + static_cast<int>(random_.Below(12 * 3600));
    std::string when = DateTime(day, seconds);
    for (int line = 0; line < lines; ++line) {
      // Favourite categories; in season, seasonal products four times as
      // likely.
      const Product* chosen = nullptr;
      double best = -1;
      for (int tries = 0; tries < 6; ++tries) {
        const Product& candidate = random_.Pick(Products());
        bool liked = std::find(categories_.begin(), categories_.end(),
                               candidate.category) != categories_.end();
        // A one-category customer (planted rule) buys nothing else.
        if (rule_[0] && !liked) {
          --tries;
          continue;
        }
        double score = random_.Uniform() * (liked ? 3.0 : 0.4) *
                       (season != 0 && candidate.season == season ? 4.0 : 1.0);
        if (score > best) {
          best = score;
          chosen = &candidate;
        }
      }
      int quantity =
          1 + (random_.Chance(0.25) ? static_cast<int>(random_.Below(3)) : 0);
      int64_t gross =
          static_cast<int64_t>(static_cast<double>(chosen->price_rial) *
                               quantity * std::min(spend_scale_, 4.0));
      gross = std::max<int64_t>(gross / 1000 * 1000, 1000);
      int64_t discount = gross * discount_percent / 100 / 1000 * 1000;
      int64_t cost = gross * chosen->cost_percent / 100;
      CsvFile& t = out_.transactions;
      t << id << when << order << chosen->sku << chosen->name
        << chosen->category << static_cast<int64_t>(quantity)
        << gross - discount << discount << cost << kChannels[channel]
        << branch_text;
      t.EndRow();
      ++counts_.lines;
    }
    ++counts_.orders;
    ++purchases_;
    last_purchase = day;
    if (random_.Chance(dropout_)) {
      churned_ = true;
      break;
    }
  }
  WriteInteractions(id, joined, last_purchase);
  if (churned_) ++counts_.churned;
  CsvFile& truth = out_.truth;
  std::string reasons;
  for (size_t r = 0; r < std::size(kChurnRules); ++r) {
    if (!rule_[r]) continue;
    if (!reasons.empty()) reasons += ';';
    reasons += kChurnRules[r].reason;
  }
  truth << id << (churned_ ? "1" : "0") << reasons
        << FormatGregorian(last_purchase) << static_cast<int64_t>(purchases_);
  truth.EndRow();
}

void CustomerStory::WriteInteractions(const std::string& id, DayNumber joined,
                                      DayNumber last_purchase) {
  struct Kind {
    const char* type;
    const char* channel;
    const char* direction;
    const char* subject;
    const char* outcome;
  };
  static constexpr Kind kKinds[] = {
      {"call", "phone", "inbound", "پرسش درباره سفارش", "answered"},
      {"call", "phone", "outbound", "پیگیری رضایت از خرید", "satisfied"},
      {"sms", "sms", "outbound", "تخفیف ویژه نوروز", "sent"},
      {"email", "email", "outbound", "خبرنامه ماهانه", "opened"},
      {"visit", "branch", "inbound", "بازدید از فروشگاه", "browsed"},
      {"message", "instagram", "inbound", "پرسش درباره موجودی", "answered"},
  };
  CsvFile& out = out_.interactions;
  int count = static_cast<int>(random_.Below(2 + purchases_ / 2));
  DayNumber span = std::max<DayNumber>(1, options_.end_day - joined);
  for (int k = 0; k < count; ++k) {
    const Kind& kind = kKinds[random_.Below(std::size(kKinds))];
    DayNumber day = joined + static_cast<DayNumber>(random_.Below(span));
    out << id
        << DateTime(day, 8 * 3600 + static_cast<int>(random_.Below(10 * 3600)))
        << kind.type << kind.channel << kind.direction << kind.subject
        << kind.outcome;
    out.EndRow();
    ++counts_.interactions;
  }
  if (rule_[3]) {
    // A complaint shortly after the last purchase.
    DayNumber day =
        std::min(options_.end_day,
                 last_purchase + 1 + static_cast<DayNumber>(random_.Below(10)));
    out << id << DateTime(day, 10 * 3600) << "complaint"
        << "phone"
        << "inbound"
        << (random_.Chance(0.5) ? "تاخیر در ارسال سفارش" : "کیفیت نامناسب کالا")
        << (random_.Chance(0.4) ? "resolved" : "unresolved");
    out.EndRow();
    ++counts_.interactions;
  }
}

}  // namespace

Result<DemoCounts> WriteDemoFiles(const DemoOptions& options,
                                  const std::string& folder) {
  if (options.customers < 1)
    return Status::Invalid("--customers must be at least 1");
  if (options.years < 1 || options.years > 20) {
    return Status::Invalid("--years must be between 1 and 20");
  }
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) {
    return Status::Invalid(folder +
                           ": cannot create folder: " + error.message());
  }
  auto path = [&](const char* name) {
    return (std::filesystem::path(folder) / name).string();
  };
  Writers out{CsvFile(path("customers.csv")), CsvFile(path("transactions.csv")),
              CsvFile(path("interactions.csv")),
              CsvFile(path("churn_truth.csv"))};
  if (!out.customers.ok() || !out.transactions.ok() || !out.interactions.ok() ||
      !out.truth.ok()) {
    return Status::Invalid(folder + ": cannot write the demo files");
  }
  for (const char* h :
       {"external_id", "kind", "first_name", "last_name", "organisation_name",
        "parent_external_id", "national_id", "phone", "email", "gender",
        "birth_date", "city", "province", "acquisition_channel",
        "acquisition_cost", "joined_at", "language"}) {
    out.customers << h;
  }
  out.customers.EndRow();
  for (const char* h : {"customer_id", "date", "order_id", "product",
                        "product_name", "category", "quantity", "amount",
                        "discount", "cost", "channel", "branch"}) {
    out.transactions << h;
  }
  out.transactions.EndRow();
  for (const char* h : {"customer_id", "date", "type", "channel", "direction",
                        "subject", "outcome"}) {
    out.interactions << h;
  }
  out.interactions.EndRow();
  for (const char* h : {"customer_id", "churned", "planted_reasons",
                        "last_purchase", "purchases"}) {
    out.truth << h;
  }
  out.truth.EndRow();

  DemoCounts counts;
  int64_t next_order = 0;
  Random random(options.seed * 0x9E3779B97F4A7C15ull + 17);
  CustomerStory story(options, random, out, counts, next_order);
  for (int64_t i = 0; i < options.customers; ++i) {
    story.Write(i, random.Chance(0.04));
  }
  if (!out.customers.Close() || !out.transactions.Close() ||
      !out.interactions.Close() || !out.truth.Close()) {
    return Status::Internal(folder +
                            ": writing the demo files failed (disk full?)");
  }
  return counts;
}

}  // namespace vafa::demo
