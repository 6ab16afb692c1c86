#include "services/loyalty/ledger.h"

#include <soci/soci.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "core/json_depth.h"
#include "core/money.h"
#include "store/sql_values.h"

namespace vafa::services::loyalty {
namespace {

// sum + points, or an error naming `field` when it does not fit in 64 bits:
// points come from clients (adjustments, referral rewards, order totals).
Result<int64_t> CheckedPoints(int64_t sum, int64_t points,
                              const std::string& field) {
  std::optional<int64_t> added = CheckedAdd(sum, points);
  if (!added) {
    return Status::Refused(field, AmountOverflowMessage("the sum of " + field));
  }
  return *added;
}

using nlohmann::json;
constexpr UnixSeconds kDay = 86400;
constexpr UnixSeconds kYear = 365 * kDay;

// The ledger of the customers read, each with its entries by id.
struct CustomerLedger {
  int64_t customer = 0;
  std::vector<LedgerEntry> entries;
};

// The entries of one customer (or all with 0), grouped by customer.
// Calls `each` with every customer's ledger whose id lies in [first, last],
// in the order of their ids, one customer at a time.
Status ForEachLedger(store::Database& db, int64_t workspace_id, int64_t first,
                     int64_t last,
                     const std::function<Status(CustomerLedger&)>& each) {
  CustomerLedger mine;
  try {
    long long w = workspace_id, a = first, b = last;
    soci::rowset<soci::row> rows =
        (db.sql().prepare
             << "SELECT customer_id, id, kind, points, at, expires_at, "
                "source_entry_id, reason FROM loyalty_ledger WHERE "
                "workspace_id = :w AND customer_id BETWEEN :a AND :b ORDER BY "
                "customer_id, id",
         soci::use(w), soci::use(a), soci::use(b));
    for (const soci::row& row : rows) {
      const int64_t customer = store::RowInt(row, 0);
      if (!mine.entries.empty() && mine.customer != customer) {
        VAFA_RETURN_IF_ERROR(each(mine));
        mine.entries.clear();
      }
      mine.customer = customer;
      LedgerEntry e;
      e.id = store::RowInt(row, 1);
      e.kind = store::RowText(row, 2);
      e.points = store::RowInt(row, 3);
      e.at = store::RowInt(row, 4);
      e.expires_at = store::RowOptionalInt(row, 5).value_or(0);
      e.source_entry_id = store::RowOptionalInt(row, 6).value_or(0);
      e.reason = store::RowText(row, 7);
      mine.entries.push_back(std::move(e));
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the loyalty ledger", error);
  }
  return mine.entries.empty() ? Status::Ok() : each(mine);
}

Result<std::vector<CustomerLedger>> LoadLedger(store::Database& db,
                                               int64_t workspace_id,
                                               int64_t first, int64_t last) {
  std::vector<CustomerLedger> out;
  VAFA_RETURN_IF_ERROR(
      ForEachLedger(db, workspace_id, first, last, [&](CustomerLedger& mine) {
        out.push_back(std::move(mine));
        return Status::Ok();
      }));
  return out;
}

// One customer's ledger (customer_id != 0) or every customer's.
Result<std::vector<CustomerLedger>> LoadLedger(store::Database& db,
                                               int64_t workspace_id,
                                               int64_t customer_id) {
  return customer_id != 0
             ? LoadLedger(db, workspace_id, customer_id, customer_id)
             : LoadLedger(db, workspace_id, 0,
                          std::numeric_limits<int64_t>::max());
}

Status Insert(store::Database& db, int64_t workspace_id, int64_t customer_id,
              const std::string& kind, int64_t points, int64_t order_id,
              int64_t source_entry_id, const std::string& reason,
              UnixSeconds at, UnixSeconds expires_at, const std::string& by,
              int64_t* id = nullptr) {
  long long w = workspace_id, c = customer_id, p = points, o = order_id,
            s = source_entry_id, t = at, x = expires_at,
            now = store::NowSeconds(), made = 0;
  soci::indicator oi = order_id ? soci::i_ok : soci::i_null,
                  si = source_entry_id ? soci::i_ok : soci::i_null,
                  xi = expires_at ? soci::i_ok : soci::i_null,
                  ri = reason.empty() ? soci::i_null : soci::i_ok;
  std::string k = kind, r = reason, b = by;
  soci::indicator made_i = soci::i_null;
  try {
    db.sql() << "INSERT INTO loyalty_ledger (workspace_id, customer_id, kind, "
                "points, order_id, source_entry_id, reason, at, expires_at, "
                "created_by, created_at) VALUES (:w, :c, :k, :p, :o, :s, :r, "
                ":t, :x, :b, :n) ON CONFLICT DO NOTHING RETURNING id",
        soci::use(w), soci::use(c), soci::use(k), soci::use(p),
        soci::use(o, oi), soci::use(s, si), soci::use(r, ri), soci::use(t),
        soci::use(x, xi), soci::use(b), soci::use(now),
        soci::into(made, made_i);
  } catch (const std::exception& error) {
    return store::DatabaseError("writing the loyalty ledger", error);
  }
  if (id != nullptr) *id = made_i == soci::i_ok ? made : 0;
  return Status::Ok();
}

// Points earned (not spent or expired: status points) in the year to now.
Result<int64_t> RollingPoints(store::Database& db, int64_t workspace_id,
                              int64_t customer_id, UnixSeconds now) {
  long long w = workspace_id, c = customer_id, from = now - kYear, to = now,
            total = 0;
  soci::indicator null = soci::i_ok;
  try {
    db.sql() << "SELECT SUM(points) FROM loyalty_ledger WHERE workspace_id = "
                ":w AND customer_id = :c AND kind = 'earn' AND at > :f AND at "
                "<= :t",
        soci::use(w), soci::use(c), soci::use(from), soci::use(to),
        soci::into(total, null);
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the customer's points", error);
  }
  return null == soci::i_null ? 0 : static_cast<int64_t>(total);
}

Result<int64_t> RollingSpend(store::Database& db, int64_t workspace_id,
                             int64_t customer_id, UnixSeconds now) {
  long long w = workspace_id, c = customer_id, from = now - kYear, to = now,
            total = 0;
  soci::indicator null = soci::i_ok;
  try {
    db.sql() << "SELECT SUM(total_minor) FROM orders WHERE workspace_id = :w "
                "AND customer_id = :c AND deleted_at IS NULL AND ordered_at > "
                ":f AND ordered_at <= :t",
        soci::use(w), soci::use(c), soci::use(from), soci::use(to),
        soci::into(total, null);
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the customer's spend", error);
  }
  return null == soci::i_null ? 0 : static_cast<int64_t>(total);
}

}  // namespace

std::string LoyaltyProgramJson(const LoyaltyProgram& program) {
  json tiers = json::array();
  for (const LoyaltyTier& t : program.tiers) {
    tiers.push_back({{"name", t.name},
                     {"min_spend_minor", t.min_spend_minor},
                     {"min_points", t.min_points},
                     {"multiplier", t.multiplier}});
  }
  json promotions = json::array();
  for (const LoyaltyPromotion& p : program.promotions) {
    promotions.push_back({{"from", FormatGregorian(p.from)},
                          {"to", FormatGregorian(p.to)},
                          {"multiplier", p.multiplier}});
  }
  json rewards = json::array();
  for (const LoyaltyReward& r : program.rewards) {
    rewards.push_back({{"key", r.key},
                       {"name", r.name},
                       {"name_fa", r.name_fa},
                       {"points", r.points},
                       {"min_tier", r.min_tier}});
  }
  return json{{"tier_basis", program.tier_basis},
              {"minor_per_point", program.minor_per_point},
              {"expiry_days", program.expiry_days},
              {"point_value_minor", program.point_value_minor},
              {"referral_points", program.referral_points},
              {"tiers", tiers},
              {"category_multipliers", program.category_multipliers},
              {"promotions", promotions},
              {"rewards", rewards}}
      .dump();
}

Result<LoyaltyProgram> ParseLoyaltyProgram(const std::string& text) {
  if (!JsonDepthWithin(text)) {
    return Status::Refused("rules", "the rules nest deeper than " +
                                        std::to_string(kMaxJsonDepth) +
                                        " levels");
  }
  json in = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!in.is_object())
    return Status::Refused("rules", "the rules are an object");
  LoyaltyProgram program;
  try {
    for (const auto& [key, value] : in.items()) {
      if (key == "tier_basis") {
        program.tier_basis = value.get<std::string>();
      } else if (key == "minor_per_point") {
        program.minor_per_point = value.get<int64_t>();
      } else if (key == "expiry_days") {
        program.expiry_days = value.get<int>();
      } else if (key == "point_value_minor") {
        program.point_value_minor = value.get<int64_t>();
      } else if (key == "referral_points") {
        program.referral_points = value.get<int64_t>();
      } else if (key == "tiers") {
        program.tiers.clear();
        for (const json& t : value) {
          program.tiers.push_back({t.at("name").get<std::string>(),
                                   t.value("min_spend_minor", int64_t{0}),
                                   t.value("multiplier", 1.0),
                                   t.value("min_points", int64_t{0})});
        }
      } else if (key == "category_multipliers") {
        program.category_multipliers =
            value.get<std::map<std::string, double>>();
      } else if (key == "promotions") {
        program.promotions.clear();
        for (const json& p : value) {
          auto from = ParseDateTime(p.at("from").get<std::string>());
          auto to = ParseDateTime(p.at("to").get<std::string>());
          if (!from.ok() || !to.ok())
            return Status::Refused("promotions", "from and to are dates");
          program.promotions.push_back(
              {DayOf(*from), DayOf(*to), p.value("multiplier", 1.0)});
        }
      } else if (key == "rewards") {
        program.rewards.clear();
        for (const json& r : value) {
          program.rewards.push_back(
              {r.at("key").get<std::string>(), r.at("name").get<std::string>(),
               r.value("name_fa", ""), r.at("points").get<int64_t>(),
               r.value("min_tier", "")});
        }
      } else {
        return Status::Refused(key, "unknown field \"" + key + "\"");
      }
    }
  } catch (const json::exception& error) {
    return Status::Refused(
        "rules", std::string("the rules do not fit: ") + error.what());
  }
  if (!in.contains("rewards")) {
    // The default catalogue fits the tiers given: a tier it names that the
    // rules do not have gates nothing.
    for (LoyaltyReward& reward : program.rewards) {
      if (program.TierIndex(reward.min_tier) < 0) reward.min_tier.clear();
    }
  }
  VAFA_RETURN_IF_ERROR(program.Check());
  return program;
}

Result<LoyaltyProgram> LoadLoyaltyProgram(store::Database& db,
                                          int64_t workspace_id) {
  std::string rules;
  try {
    long long w = workspace_id;
    db.sql() << "SELECT rules FROM loyalty_programs WHERE workspace_id = :w",
        soci::use(w), soci::into(rules);
    if (!db.sql().got_data()) return LoyaltyProgram();
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the loyalty rules", error);
  }
  return ParseLoyaltyProgram(rules);
}

Status SaveLoyaltyProgram(store::Database& db, int64_t workspace_id,
                          const LoyaltyProgram& program) {
  VAFA_RETURN_IF_ERROR(program.Check());
  try {
    long long w = workspace_id, now = store::NowSeconds();
    std::string rules = LoyaltyProgramJson(program);
    db.sql() << "DELETE FROM loyalty_programs WHERE workspace_id = :w",
        soci::use(w);
    db.sql() << "INSERT INTO loyalty_programs (workspace_id, rules, "
                "updated_at) VALUES (:w, :r, :n)",
        soci::use(w), soci::use(rules), soci::use(now);
  } catch (const std::exception& error) {
    return store::DatabaseError("saving the loyalty rules", error);
  }
  return Status::Ok();
}

namespace {

struct OrderToPost {
  int64_t id, customer;
  UnixSeconds at;
  int64_t total;
};
// The workspace's orders (of one customer when customer_id is not 0), by
// customer and time, the points those that earned earned, and the lines of
// those that did not.
struct OrdersToPost {
  std::vector<OrderToPost> orders;
  std::unordered_map<int64_t, int64_t> earned;  // order -> points earned
  std::unordered_map<int64_t, std::vector<PointsLine>> lines;
};

Status ReadOrdersToPost(store::Database& db, int64_t workspace_id,
                        int64_t customer_id, OrdersToPost& out) {
  std::vector<OrderToPost>& orders = out.orders;
  std::unordered_map<int64_t, int64_t>& earned = out.earned;
  std::unordered_map<int64_t, std::vector<PointsLine>>& lines = out.lines;
  try {
    long long w = workspace_id, c = customer_id;
    const std::string only = customer_id != 0 ? " AND customer_id = :c" : "";
    auto rows = [&](const std::string& sql) {
      return customer_id != 0
                 ? soci::rowset<soci::row>(
                       (db.sql().prepare << sql, soci::use(w), soci::use(c)))
                 : soci::rowset<soci::row>(
                       (db.sql().prepare << sql, soci::use(w)));
    };
    for (const soci::row& row :
         rows("SELECT order_id, points FROM loyalty_ledger WHERE "
              "workspace_id = :w AND kind = 'earn'" +
              only)) {
      earned[store::RowInt(row, 0)] = store::RowInt(row, 1);
    }
    for (const soci::row& row :
         rows("SELECT id, customer_id, ordered_at, total_minor FROM orders "
              "WHERE workspace_id = :w AND deleted_at IS NULL AND "
              "customer_id IS NOT NULL" +
              only + " ORDER BY customer_id, ordered_at, id")) {
      orders.push_back({store::RowInt(row, 0), store::RowInt(row, 1),
                        store::RowInt(row, 2), store::RowInt(row, 3)});
    }
    const std::string lines_only =
        customer_id != 0 ? " AND l.customer_id = :c" : "";
    for (const soci::row& row :
         rows("SELECT l.order_id, l.amount_minor, p.category FROM order_lines "
              "l JOIN products p ON p.id = l.product_id WHERE l.workspace_id "
              "= :w AND l.customer_id IS NOT NULL" +
              lines_only)) {
      const int64_t order = store::RowInt(row, 0);
      if (earned.contains(order)) continue;
      lines[order].push_back({store::RowInt(row, 1), store::RowText(row, 2)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the orders to post", error);
  }
  return Status::Ok();
}

}  // namespace

Result<PostingReport> PostOrders(store::Database& db, int64_t workspace_id,
                                 int64_t customer_id, const std::string& by) {
  VAFA_ASSIGN_OR_RETURN(LoyaltyProgram program,
                        LoadLoyaltyProgram(db, workspace_id));
  OrdersToPost to_post;
  VAFA_RETURN_IF_ERROR(
      ReadOrdersToPost(db, workspace_id, customer_id, to_post));
  std::vector<OrderToPost>& orders = to_post.orders;
  std::unordered_map<int64_t, int64_t>& earned = to_post.earned;
  std::unordered_map<int64_t, std::vector<PointsLine>>& lines = to_post.lines;
  PostingReport report;
  const UnixSeconds now = store::NowSeconds();
  // Spend and points of the year before each order, per customer, in one
  // pass.
  struct Past {
    UnixSeconds at;
    int64_t total, points;
  };
  std::deque<Past> window;
  int64_t window_sum = 0, window_points = 0, current = -1;
  for (const OrderToPost& order : orders) {
    if (order.customer != current) {
      window.clear();
      window_sum = window_points = 0;
      current = order.customer;
    }
    while (!window.empty() && window.front().at <= order.at - kYear) {
      window_sum -= window.front().total;
      window_points -= window.front().points;
      window.pop_front();
    }
    // Order totals come from clients: the year's sums are checked.
    auto add_to_window = [&](int64_t points) -> Status {
      std::optional<int64_t> sum = CheckedAdd(window_sum, order.total);
      std::optional<int64_t> sum_points = CheckedAdd(window_points, points);
      if (!sum || !sum_points) {
        return Status::Refused(
            "total_minor",
            AmountOverflowMessage("the year's spend or points of customer " +
                                  std::to_string(order.customer) +
                                  " up to order " + std::to_string(order.id)));
      }
      window.push_back({order.at, order.total, points});
      window_sum = *sum;
      window_points = *sum_points;
      return Status::Ok();
    };
    const LoyaltyTier& tier = TierFor(program, window_sum, window_points);
    auto done = earned.find(order.id);
    if (done != earned.end()) {
      VAFA_RETURN_IF_ERROR(add_to_window(done->second));
      ++report.orders_skipped;
      continue;
    }
    const std::optional<int64_t> earns =
        EarnedPoints(program, lines[order.id], tier, DayOf(order.at));
    if (!earns) {
      return Status::Refused(
          "total_minor",
          AmountOverflowMessage("the points order " + std::to_string(order.id) +
                                " earns"));
    }
    const int64_t points = *earns;
    VAFA_RETURN_IF_ERROR(add_to_window(std::max<int64_t>(points, 0)));
    if (points <= 0) {
      ++report.orders_skipped;
      continue;
    }
    int64_t id = 0;
    VAFA_RETURN_IF_ERROR(Insert(
        db, workspace_id, order.customer, "earn", points, order.id, 0,
        tier.name, order.at, order.at + program.expiry_days * kDay, by, &id));
    if (id == 0) {
      ++report.orders_skipped;  // posted meanwhile by another caller
      continue;
    }
    ++report.orders_posted;
    VAFA_ASSIGN_OR_RETURN(report.points,
                          CheckedPoints(report.points, points, "points"));
  }
  (void)now;
  return report;
}

namespace {

// Records the expiries due by `now` in the ledger read, and adds them to it
// as well, so that what follows reads no row twice.
Result<ExpirySweep> RecordDueExpiries(store::Database& db, int64_t workspace_id,
                                      std::vector<CustomerLedger>& ledger,
                                      UnixSeconds now) {
  ExpirySweep sweep;
  for (CustomerLedger& mine : ledger) {
    int64_t entries_before = sweep.entries;
    for (const Expiry& due : DueExpiries(mine.entries, now)) {
      int64_t id = 0;
      VAFA_RETURN_IF_ERROR(Insert(db, workspace_id, mine.customer, "expire",
                                  -due.points, 0, due.source_entry_id, "",
                                  due.at, 0, "expiry", &id));
      if (id == 0) continue;  // recorded meanwhile by another caller
      mine.entries.push_back(
          {id, "expire", -due.points, due.at, 0, due.source_entry_id, ""});
      ++sweep.entries;
      VAFA_ASSIGN_OR_RETURN(sweep.points,
                            CheckedPoints(sweep.points, due.points, "points"));
    }
    if (sweep.entries > entries_before) ++sweep.customers;
  }
  return sweep;
}

}  // namespace

Result<ExpirySweep> SweepExpiriesBetween(store::Database& db,
                                         int64_t workspace_id, int64_t first,
                                         int64_t last, UnixSeconds now) {
  VAFA_ASSIGN_OR_RETURN(auto ledger, LoadLedger(db, workspace_id, first, last));
  return RecordDueExpiries(db, workspace_id, ledger, now);
}

Result<std::vector<int64_t>> CustomersWithDueExpiries(store::Database& db,
                                                      int64_t workspace_id,
                                                      UnixSeconds now) {
  std::vector<int64_t> due;
  VAFA_RETURN_IF_ERROR(
      ForEachLedger(db, workspace_id, 0, std::numeric_limits<int64_t>::max(),
                    [&](CustomerLedger& mine) {
                      const int64_t customer = mine.customer;
                      if (!DueExpiries(std::move(mine.entries), now).empty()) {
                        due.push_back(customer);
                      }
                      return Status::Ok();
                    }));
  return due;
}

Result<std::vector<CustomerLoyaltyRecords>> ReadLoyaltyRecords(
    store::Database& db, int64_t workspace_id) {
  std::vector<CustomerLoyaltyRecords> out;
  VAFA_RETURN_IF_ERROR(
      ForEachLedger(db, workspace_id, 0, std::numeric_limits<int64_t>::max(),
                    [&](CustomerLedger& mine) {
                      out.push_back({mine.customer, std::move(mine.entries)});
                      return Status::Ok();
                    }));
  return out;
}

Result<LoyaltyAccount> ReadLoyaltyAccount(store::Database& db,
                                          int64_t workspace_id,
                                          int64_t customer_id,
                                          UnixSeconds now) {
  VAFA_ASSIGN_OR_RETURN(auto ledger, LoadLedger(db, workspace_id, customer_id));
  VAFA_RETURN_IF_ERROR(
      RecordDueExpiries(db, workspace_id, ledger, now).status());
  VAFA_ASSIGN_OR_RETURN(LoyaltyProgram program,
                        LoadLoyaltyProgram(db, workspace_id));
  LoyaltyAccount account;
  const std::vector<LedgerEntry> none;
  const std::vector<LedgerEntry>& mine =
      ledger.empty() ? none : ledger[0].entries;
  for (const LedgerEntry& entry : mine) {
    VAFA_ASSIGN_OR_RETURN(
        account.balance,
        CheckedPoints(account.balance, entry.points, "points"));
  }
  for (const Expiry& soon : DueExpiries(mine, now + 30 * kDay)) {
    VAFA_ASSIGN_OR_RETURN(
        account.expiring_30_days,
        CheckedPoints(account.expiring_30_days, soon.points, "points"));
  }
  VAFA_ASSIGN_OR_RETURN(account.rolling_spend_minor,
                        RollingSpend(db, workspace_id, customer_id, now));
  VAFA_ASSIGN_OR_RETURN(account.rolling_points,
                        RollingPoints(db, workspace_id, customer_id, now));
  account.tier =
      TierFor(program, account.rolling_spend_minor, account.rolling_points)
          .name;
  const auto shown =
      static_cast<std::ptrdiff_t>(std::min<size_t>(mine.size(), 50));
  account.latest.assign(mine.rbegin(), mine.rbegin() + shown);
  return account;
}

Result<LoyaltySnapshot> PeekLoyalty(store::Database& db, int64_t workspace_id,
                                    int64_t customer_id, UnixSeconds now) {
  VAFA_ASSIGN_OR_RETURN(auto ledger, LoadLedger(db, workspace_id, customer_id));
  LoyaltySnapshot snapshot;
  snapshot.member = !ledger.empty();
  if (snapshot.member) {
    for (const LedgerEntry& entry : ledger[0].entries) {
      VAFA_ASSIGN_OR_RETURN(
          snapshot.balance,
          CheckedPoints(snapshot.balance, entry.points, "points"));
    }
    for (const Expiry& due : DueExpiries(std::move(ledger[0].entries), now))
      snapshot.balance -= due.points;
  }
  VAFA_ASSIGN_OR_RETURN(LoyaltyProgram program,
                        LoadLoyaltyProgram(db, workspace_id));
  VAFA_ASSIGN_OR_RETURN(int64_t spend,
                        RollingSpend(db, workspace_id, customer_id, now));
  VAFA_ASSIGN_OR_RETURN(int64_t points,
                        RollingPoints(db, workspace_id, customer_id, now));
  snapshot.tier = TierFor(program, spend, points).name;
  return snapshot;
}

Result<int64_t> RecordLoyaltyEntry(store::Database& db, int64_t workspace_id,
                                   int64_t customer_id, const std::string& kind,
                                   int64_t points, const std::string& reason,
                                   const std::string& by, UnixSeconds now) {
  VAFA_ASSIGN_OR_RETURN(LoyaltyProgram program,
                        LoadLoyaltyProgram(db, workspace_id));
  int64_t signed_points = 0;
  UnixSeconds expires = 0;
  if (kind == "burn") {
    if (points <= 0)
      return Status::Refused("points",
                             "a burn spends a positive number of points");
    VAFA_ASSIGN_OR_RETURN(
        LoyaltyAccount account,
        ReadLoyaltyAccount(db, workspace_id, customer_id, now));
    if (points > account.balance) {
      return Status::Refused(
          "points",
          "only " + std::to_string(account.balance) + " points to spend");
    }
    signed_points = -points;
  } else if (kind == "adjust") {
    if (points == 0) return Status::Refused("points", "an adjustment is not 0");
    if (reason.empty())
      return Status::Refused("reason", "a manual adjustment needs a reason");
    signed_points = points;
  } else if (kind == "referral") {
    signed_points = points > 0 ? points : program.referral_points;
    expires = now + program.expiry_days * kDay;
  } else {
    return Status::Refused("kind", "kind is burn, adjust or referral");
  }
  if (kind != "burn") {
    // The balance after the entry must still be a number: an adjustment
    // past 64 bits is refused here, before anything sums the ledger.
    VAFA_ASSIGN_OR_RETURN(
        LoyaltyAccount account,
        ReadLoyaltyAccount(db, workspace_id, customer_id, now));
    VAFA_RETURN_IF_ERROR(
        CheckedPoints(account.balance, signed_points, "points").status());
    VAFA_RETURN_IF_ERROR(
        CheckedPoints(account.rolling_points, signed_points, "points")
            .status());
  }
  int64_t id = 0;
  VAFA_RETURN_IF_ERROR(Insert(db, workspace_id, customer_id, kind,
                              signed_points, 0, 0, reason, now, expires, by,
                              &id));
  return id;
}

Result<LoyaltyLiability> ComputeLoyaltyLiability(store::Database& db,
                                                 int64_t workspace_id,
                                                 UnixSeconds now) {
  VAFA_ASSIGN_OR_RETURN(auto ledger, LoadLedger(db, workspace_id, 0));
  VAFA_RETURN_IF_ERROR(
      RecordDueExpiries(db, workspace_id, ledger, now).status());
  VAFA_ASSIGN_OR_RETURN(LoyaltyProgram program,
                        LoadLoyaltyProgram(db, workspace_id));
  LoyaltyLiability liability;
  for (CustomerLedger& mine : ledger) {
    int64_t balance = 0;
    for (const LedgerEntry& e : mine.entries) {
      VAFA_ASSIGN_OR_RETURN(balance,
                            CheckedPoints(balance, e.points, "points"));
      int64_t* total = nullptr;
      if (e.kind == "earn" || e.kind == "referral") total = &liability.earned;
      if (e.kind == "adjust") total = &liability.adjusted;
      if (total != nullptr) {
        VAFA_ASSIGN_OR_RETURN(*total,
                              CheckedPoints(*total, e.points, "points"));
      }
      // Burns and expiries are stored negative.
      if (e.kind == "burn" || e.kind == "expire") {
        int64_t& spent = e.kind == "burn" ? liability.burnt : liability.expired;
        VAFA_ASSIGN_OR_RETURN(spent, CheckedPoints(spent, -e.points, "points"));
      }
    }
    for (const Expiry& soon :
         DueExpiries(std::move(mine.entries), now + 30 * kDay)) {
      VAFA_ASSIGN_OR_RETURN(
          liability.expiring_30_days,
          CheckedPoints(liability.expiring_30_days, soon.points, "points"));
    }
    if (balance > 0) {
      ++liability.customers;
      VAFA_ASSIGN_OR_RETURN(liability.points,
                            CheckedPoints(liability.points, balance, "points"));
    }
  }
  std::optional<int64_t> value =
      CheckedMultiply(liability.points, program.point_value_minor);
  if (!value) {
    return Status::Refused(
        "point_value_minor",
        AmountOverflowMessage("the liability (points x point_value_minor)"));
  }
  liability.value_minor = *value;
  return liability;
}

}  // namespace vafa::services::loyalty
