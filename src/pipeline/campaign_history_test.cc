#include "pipeline/campaign_history.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <cmath>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "services/loyalty/ledger.h"
#include "store/store_test_support.h"

namespace vafa::pipeline {
namespace {

namespace response = analytics::response;

constexpr long long kDay = 86400;
// The draw of the campaign under test: day 20,000 (2024-10-04), 10:00.
constexpr long long kDraw = 20000 * kDay + 10 * 3600;

class CampaignHistoryTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workspace_ = AddWorkspace("shop");
    db().sql() << "INSERT INTO products (workspace_id, sku, created_at) "
                  "VALUES (:w, 'P1', 0) RETURNING id",
        soci::use(workspace_), soci::into(product_);
  }

  long long Customer(const std::string& key) {
    long long id = 0;
    db().sql() << "INSERT INTO customers (workspace_id, external_id, "
                  "display_name, created_at, updated_at) VALUES (:w, :k, :n, "
                  "0, 0) RETURNING id",
        soci::use(workspace_), soci::use(key), soci::use(key), soci::into(id);
    return id;
  }
  void Order(long long customer, long long at, long long amount) {
    const std::string key = "O" + std::to_string(++orders_);
    long long id = 0;
    db().sql() << "INSERT INTO orders (workspace_id, customer_id, "
                  "external_id, ordered_at, currency, total_minor, "
                  "line_count) VALUES (:w, :c, :k, :a, 'IRR', :t, 1) "
                  "RETURNING id",
        soci::use(workspace_), soci::use(customer), soci::use(key),
        soci::use(at), soci::use(amount), soci::into(id);
    long long line_key = id * 1024;
    db().sql() << "INSERT INTO order_lines (line_key, order_id, line_no, "
                  "workspace_id, customer_id, product_id, quantity, "
                  "amount_minor) VALUES (:l, :o, 0, :w, :c, :p, 1, :a)",
        soci::use(line_key), soci::use(id), soci::use(workspace_),
        soci::use(customer), soci::use(product_), soci::use(amount);
  }
  void Complaint(long long customer, long long at) {
    const std::string key = "I" + std::to_string(++interactions_);
    db().sql() << "INSERT INTO interactions (workspace_id, customer_id, "
                  "external_id, occurred_at, type, created_at) VALUES (:w, "
                  ":c, :k, :a, 'complaint', :t)",
        soci::use(workspace_), soci::use(customer), soci::use(key),
        soci::use(at), soci::use(at);
  }
  // A drawn campaign running `days` from `drawn`, 10 attribution days.
  long long Campaign(const std::string& channel, long long drawn, int days,
                     const std::string& goal = "winback",
                     const std::string& status = "completed") {
    long long id = 0, ends = drawn + days * kDay;
    db().sql() << "INSERT INTO campaigns (workspace_id, name, goal, channel, "
                  "status, starts_at, ends_at, attribution_days, "
                  "control_percent, drawn_at, created_at) VALUES (:w, 'c', "
                  ":g, :ch, :s, :a, :e, 10, 20, :d, :t) RETURNING id",
        soci::use(workspace_), soci::use(goal), soci::use(channel),
        soci::use(status), soci::use(drawn), soci::use(ends), soci::use(drawn),
        soci::use(drawn), soci::into(id);
    return id;
  }
  void Member(long long campaign, long long customer, bool control,
              long long responded_at = 0) {
    long long control_flag = control ? 1 : 0;
    soci::indicator responded = responded_at > 0 ? soci::i_ok : soci::i_null;
    db().sql() << "INSERT INTO campaign_members (workspace_id, campaign_id, "
                  "customer_id, control, responded_at) VALUES (:w, :c, :u, "
                  ":k, :r)",
        soci::use(workspace_), soci::use(campaign), soci::use(customer),
        soci::use(control_flag), soci::use(responded_at, responded);
  }
  void Respond(long long campaign, long long customer, long long at) {
    db().sql() << "UPDATE campaign_members SET responded_at = :r WHERE "
                  "workspace_id = :w AND campaign_id = :c AND customer_id = :u",
        soci::use(at), soci::use(workspace_), soci::use(campaign),
        soci::use(customer);
  }

  // The loyalty programme: tiers by spend (or by points) with these minima.
  void Program(const std::vector<int64_t>& minima, bool by_points = false) {
    services::loyalty::LoyaltyProgram program;
    program.tier_basis = by_points ? "points" : "spend";
    program.tiers.clear();
    for (size_t t = 0; t < minima.size(); ++t) {
      services::loyalty::LoyaltyTier tier;
      tier.name = "tier" + std::to_string(t);
      (by_points ? tier.min_points : tier.min_spend_minor) = minima[t];
      program.tiers.push_back(tier);
    }
    program.rewards.clear();
    const Status saved =
        services::loyalty::SaveLoyaltyProgram(db(), workspace_, program);
    ASSERT_TRUE(saved.ok()) << saved.ToString();
  }
  // A loyalty record of `kind` at `at`.
  void Loyalty(long long customer, long long at, long long points,
               const std::string& kind = "earn") {
    long long expires = at + 365 * kDay;
    db().sql() << "INSERT INTO loyalty_ledger (workspace_id, customer_id, "
                  "kind, points, at, expires_at, created_at) VALUES (:w, :c, "
                  ":k, :p, :a, :x, :t)",
        soci::use(workspace_), soci::use(customer), soci::use(kind),
        soci::use(points), soci::use(at), soci::use(expires), soci::use(at);
  }

  CampaignHistory Load(long long now = kDraw + 400 * kDay,
                       const std::string& goal = "") {
    CampaignHistoryOptions options;
    options.now = now;
    options.goal = goal;
    options.threads = 1;
    auto history = LoadCampaignHistory(db(), workspace_, options);
    EXPECT_TRUE(history.ok()) << history.status().ToString();
    return history.ok() ? std::move(history).value() : CampaignHistory{};
  }

  // Feature rows by (campaign id, customer id), the floats as their bits
  // so that NaN equals NaN.
  using Rows = std::map<std::pair<int64_t, int64_t>, std::vector<uint32_t>>;
  static Rows FeatureRows(const CampaignHistory& history) {
    Rows rows;
    const response::CampaignMemberRows& r = history.rows;
    for (int64_t i = 0; i < r.rows; ++i) {
      std::vector<uint32_t> bits(r.cols);
      std::memcpy(bits.data(), &r.x[static_cast<size_t>(i) * r.cols],
                  sizeof(float) * r.cols);
      rows[{history.campaigns[r.campaign[i]].id, r.customer_id[i]}] = bits;
    }
    return rows;
  }

  long long workspace_ = 0, product_ = 0;
  int orders_ = 0, interactions_ = 0;
};

int Feature(std::string_view name) {
  for (int f = 0; f < response::kDrawFeatureCount; ++f) {
    if (response::kDrawFeatureNames[f] == name) return f;
  }
  ADD_FAILURE() << "no feature " << name;
  return 0;
}

TEST_P(CampaignHistoryTest, FeaturesAreThoseOfTheDayBeforeTheDraw) {
  const long long ann = Customer("ann"), bob = Customer("bob");
  Order(ann, kDraw - 100 * kDay, 5000);
  Order(ann, kDraw - 40 * kDay, 7000);
  Order(ann, kDraw - 10 * 3600, 9000);  // the draw day: not yet counted
  Order(bob, kDraw - 500 * kDay, 3000);
  Complaint(bob, kDraw - 30 * kDay);
  const long long earlier = Campaign("email", kDraw - 60 * kDay, 10);
  Member(earlier, ann, false, kDraw - 55 * kDay);
  Member(earlier, bob, true);
  const long long drawn = Campaign("sms", kDraw, 20);
  Member(drawn, ann, false);
  Member(drawn, bob, true);
  Order(ann, kDraw + 5 * kDay, 4000);   // in the window
  Order(bob, kDraw + 31 * kDay, 8000);  // after the window (20 + 10 days)

  const CampaignHistory history = Load();
  ASSERT_EQ(history.finished_campaigns, 2);
  ASSERT_EQ(history.rows.rows, 4);
  const response::CampaignMemberRows& r = history.rows;
  // Rows follow the members by campaign then customer: earlier's ann, bob,
  // then drawn's ann, bob.
  EXPECT_EQ(r.customer_id[2], ann);
  // The day before the draw is the snapshot.
  EXPECT_EQ(r.at(2, Feature("recency_days")), 39);
  EXPECT_EQ(r.at(2, Feature("orders")), 2);
  EXPECT_EQ(r.at(2, Feature("mean_order_value")), 6000);
  EXPECT_EQ(r.at(2, Feature("tenure_days")), 99);
  EXPECT_EQ(r.at(2, Feature("past_responses")), 1);
  EXPECT_EQ(r.at(2, Feature("messages_last_90_days")), 1);
  EXPECT_EQ(r.at(2, Feature("channel_sms")), 1);
  // Of two buyers, the more recent scores 1 + floor(5 * 1 / 2) (rfm.h).
  EXPECT_EQ(r.at(2, Feature("rfm_recency")), 3);
  EXPECT_EQ(r.at(3, Feature("rfm_recency")), 1);
  EXPECT_EQ(r.at(3, Feature("past_messages")), 0);  // held out before
  EXPECT_EQ(r.at(3, Feature("complaints")), 1);
  EXPECT_EQ(r.at(3, Feature("open_complaints")), 1);
  EXPECT_EQ(r.at(0, Feature("channel_sms")), 0);
  EXPECT_EQ(r.treated[2], 1);
  EXPECT_EQ(r.treated[3], 0);
  EXPECT_EQ(r.bought[2], 1);
  EXPECT_EQ(r.revenue[2], 9000 + 4000);  // the draw day is in the window
  EXPECT_EQ(r.bought[3], 0);
  EXPECT_EQ(r.responded[0], 1);
  EXPECT_EQ(r.responded[2], 0);
}

TEST_P(CampaignHistoryTest, OnlyFinishedCampaignsOfTheTypeBecomeRows) {
  const long long ann = Customer("ann");
  Order(ann, kDraw - 100 * kDay, 5000);
  const long long open = Campaign("sms", kDraw - 20 * kDay, 30);
  const long long cancelled =
      Campaign("sms", kDraw - 30 * kDay, 5, "winback", "cancelled");
  const long long other = Campaign("sms", kDraw - 40 * kDay, 5, "loyalty");
  const long long drawn = Campaign("sms", kDraw, 5);
  for (long long campaign : {open, cancelled, other, drawn}) {
    Member(campaign, ann, false);
  }
  // Now: the open campaign's window (30 + 10 days) has not closed.
  const CampaignHistory history = Load(kDraw + 15 * kDay, "winback");
  ASSERT_EQ(history.finished_campaigns, 1);
  ASSERT_EQ(history.rows.rows, 1);
  EXPECT_EQ(history.campaigns[history.rows.campaign[0]].id, drawn);
  // Every earlier draw still counts as a message received.
  EXPECT_EQ(history.rows.at(0, Feature("messages_last_90_days")), 3);
  EXPECT_EQ(Load(kDraw + 15 * kDay).finished_campaigns, 2);
}

// The draw's snapshot is day 19,999; the tier year is days 19,635 to
// 19,999 (kDraw - 365 days is day 19,635).
TEST_P(CampaignHistoryTest, TheTierIsTheOneOfTheYearBeforeTheDraw) {
  Program({0, 200000, 1000000});
  const long long ann = Customer("ann"), bob = Customer("bob"),
                  cat = Customer("cat"), dan = Customer("dan");
  // ann: 150,000 + 100,000 in the year: silver (1).
  Order(ann, kDraw - 300 * kDay, 150000);
  Order(ann, kDraw - 100 * kDay, 100000);
  Loyalty(ann, kDraw - 100 * kDay, 10);
  // bob: 500,000 more than a year before, 10,000 in it: the first tier.
  Order(bob, kDraw - 400 * kDay, 500000);
  Order(bob, kDraw - 50 * kDay, 10000);
  Loyalty(bob, kDraw - 400 * kDay, 50);
  // cat: bought enough for silver, but joined the programme after the draw.
  Order(cat, kDraw - 20 * kDay, 300000);
  Loyalty(cat, kDraw + 2 * kDay, 30);
  // dan: joined by a referral, never bought: the first tier.
  Loyalty(dan, kDraw - 30 * kDay, 50, "referral");
  const long long drawn = Campaign("sms", kDraw, 20);
  for (long long customer : {ann, bob, cat, dan}) {
    Member(drawn, customer, false);
  }
  // On the draw day and after, ann spends her way to gold.
  Order(ann, kDraw + 1, 900000);
  Loyalty(ann, kDraw + 1, 90);

  const CampaignHistory history = Load();
  ASSERT_EQ(history.rows.rows, 4);
  const int tier = Feature("loyalty_tier");
  EXPECT_EQ(history.rows.at(0, tier), 1);             // ann
  EXPECT_EQ(history.rows.at(1, tier), 0);             // bob
  EXPECT_TRUE(std::isnan(history.rows.at(2, tier)));  // cat
  EXPECT_EQ(history.rows.at(3, tier), 0);             // dan
}

TEST_P(CampaignHistoryTest, TheTierByPointsCountsThePointsEarnedInTheYear) {
  Program({0, 100, 1000}, /*by_points=*/true);
  const long long ann = Customer("ann"), bob = Customer("bob");
  Order(ann, kDraw - 200 * kDay, 1000);
  // 60 + 50 in the year: the second tier; 500 before it and 900 on the
  // draw day do not count.
  Loyalty(ann, kDraw - 400 * kDay, 500);
  Loyalty(ann, kDraw - 200 * kDay, 60);
  Loyalty(ann, kDraw - 10 * kDay, 50);
  Loyalty(ann, kDraw - 5 * kDay, -80, "burn");  // spending keeps the tier
  Loyalty(ann, kDraw - 3600, 900);
  // bob: 99 points in the year: the first tier.
  Loyalty(bob, kDraw - 364 * kDay, 99);
  const long long drawn = Campaign("sms", kDraw, 20);
  Member(drawn, ann, false);
  Member(drawn, bob, true);

  const CampaignHistory history = Load();
  ASSERT_EQ(history.rows.rows, 2);
  EXPECT_EQ(history.rows.at(0, Feature("loyalty_tier")), 1);
  EXPECT_EQ(history.rows.at(1, Feature("loyalty_tier")), 0);
}

TEST_P(CampaignHistoryTest, NothingAfterTheDrawChangesAFeature) {
  // Tiers low enough that the customers below fall in all three.
  Program({0, 4000, 12000});
  std::vector<long long> customers;
  for (int c = 0; c < 30; ++c) {
    const long long id = Customer("c" + std::to_string(c));
    customers.push_back(id);
    for (int o = 0; o <= c % 6; ++o) {
      Order(id, kDraw - (20 + 37 * o + 11 * c) * kDay, 1000 + 250 * c);
    }
    if (c % 5 == 0) Complaint(id, kDraw - (3 + c) * kDay);
    if (c % 3 != 2) Loyalty(id, kDraw - (20 + 11 * c) * kDay, 10);
  }
  const long long earlier = Campaign("email", kDraw - 50 * kDay, 10);
  const long long drawn = Campaign("sms", kDraw, 20);
  for (size_t c = 0; c < customers.size(); ++c) {
    Member(earlier, customers[c], c % 4 == 0,
           c % 3 == 0 && c % 4 != 0 ? kDraw - 45 * kDay : 0);
    Member(drawn, customers[c], c % 5 == 0);
  }
  const CampaignHistory before = Load();
  ASSERT_EQ(before.rows.rows, 60);

  // After the draw: purchases (the draw day itself too), complaints as
  // calls and as tickets, loyalty records (the first of some customers),
  // a response recorded late against the earlier campaign, and a later
  // campaign with responses.
  for (size_t c = 0; c < customers.size(); ++c) {
    Loyalty(customers[c], kDraw + 1, 500);
  }
  for (size_t c = 0; c < customers.size(); c += 2) {
    Order(customers[c], kDraw + 1, 50000);
    Order(customers[c], kDraw + (3 + c) * kDay, 70000);
    Complaint(customers[c], kDraw + 2 * kDay);
    long long at = kDraw + 4 * kDay, due = at + 2 * kDay;
    const std::string key = "T" + std::to_string(c);
    db().sql() << "INSERT INTO tickets (workspace_id, customer_id, "
                  "external_id, subject, type, priority, status, opened_at, "
                  "first_response_due_at, resolution_due_at, created_at) "
                  "VALUES (:w, :c, :k, 's', 'complaint', 'high', 'open', :a, "
                  ":d, :r, :t)",
        soci::use(workspace_), soci::use(customers[c]), soci::use(key),
        soci::use(at), soci::use(due), soci::use(due), soci::use(at);
  }
  Respond(earlier, customers[1], kDraw + 3 * kDay);
  const long long later = Campaign("sms", kDraw + 5 * kDay, 10);
  for (size_t c = 0; c < customers.size(); ++c) {
    Member(later, customers[c], false, kDraw + 6 * kDay);
  }
  const CampaignHistory after = Load();
  ASSERT_EQ(after.rows.rows, 90);  // the later campaign's members added

  const Rows rows_before = FeatureRows(before);
  Rows rows_after = FeatureRows(after);
  int compared = 0;
  for (const auto& [key, bits] : rows_before) {
    ASSERT_TRUE(rows_after.contains(key));
    EXPECT_EQ(rows_after[key], bits)
        << "campaign " << key.first << ", customer " << key.second;
    ++compared;
  }
  EXPECT_EQ(compared, 60);
  // The tiers at the draw were varied and did change after it: the test
  // would see a tier leak.
  std::map<float, int> tiers_at_draw;
  int tiers_changed = 0;
  const int tier = Feature("loyalty_tier");
  for (int64_t i = 0; i < after.rows.rows; ++i) {
    const int64_t campaign = after.campaigns[after.rows.campaign[i]].id;
    if (campaign == drawn) {
      const float value = after.rows.at(i, tier);
      ++tiers_at_draw[std::isnan(value) ? -1.0f : value];
    }
  }
  for (int64_t i = 0; i < after.rows.rows; ++i) {
    if (after.campaigns[after.rows.campaign[i]].id != later) continue;
    const auto at_draw =
        rows_before.at({drawn, after.rows.customer_id[i]})[tier];
    float value = 0;
    std::memcpy(&value, &at_draw, sizeof(value));
    if (std::isnan(value) || value != after.rows.at(i, tier)) ++tiers_changed;
  }
  EXPECT_EQ(tiers_at_draw.size(), 4u);  // none, and each of the three
  EXPECT_GT(tiers_changed, 10);
  // The outcomes did change: the test would see a leak.
  int64_t bought_before = 0, bought_after = 0;
  for (int64_t i = 0; i < before.rows.rows; ++i) {
    if (before.campaigns[before.rows.campaign[i]].id == drawn) {
      bought_before += before.rows.bought[i];
    }
  }
  for (int64_t i = 0; i < after.rows.rows; ++i) {
    if (after.campaigns[after.rows.campaign[i]].id == drawn) {
      bought_after += after.rows.bought[i];
    }
  }
  EXPECT_GT(bought_after, bought_before);
}

VAFA_INSTANTIATE_BACKEND_TEST(CampaignHistoryTest);

}  // namespace
}  // namespace vafa::pipeline
