#include "services/customers/customer_merge.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <map>
#include <set>
#include <string>

#include "services/loyalty/ledger.h"
#include "store/backup.h"
#include "store/customer_repository.h"
#include "store/store_test_support.h"

namespace vafa::services::customers {
namespace {

constexpr int64_t kAt = 1764000000;
const MergeActor kActor{std::nullopt, "cli:test", ""};

// Every table's checksum but those a merge writes by design: the merge
// records and the audit log (whose chain head is audit_chain).
std::map<std::string, std::string> Checksums(store::Database& db) {
  auto digests = store::DigestStore(db);
  EXPECT_TRUE(digests.ok()) << digests.status().ToString();
  std::map<std::string, std::string> out;
  if (!digests.ok()) return out;
  for (const store::TableDigest& table : *digests) {
    if (table.table.starts_with("customer_merge") ||
        table.table.starts_with("audit_")) {
      continue;
    }
    out[table.table] = std::to_string(table.rows) + " rows, " +
                       store::ChecksumText(table.checksum);
  }
  return out;
}

class CustomerMergeTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workspace_ = AddWorkspace("a");
    kept_ = store::AddCustomerWithEveryRecord(db(), workspace_, "kept", kAt);
    other_ =
        store::AddCustomerWithEveryRecord(db(), workspace_, "other", kAt + 60);
    ASSERT_NE(kept_, 0);
    ASSERT_NE(other_, 0);
  }

  MergeRequest Request() const {
    MergeRequest request;
    request.workspace_id = workspace_;
    request.kept_id = kept_;
    request.other_id = other_;
    return request;
  }

  long long Count(const std::string& sql, long long customer) {
    long long n = 0;
    db().sql() << sql, soci::use(customer), soci::into(n);
    return n;
  }

  // Puts both customers in a campaign of their own, in these groups, with
  // its counts as a draw leaves them; returns the campaign's id.
  long long BothInCampaign(int kept_control, int other_control) {
    long long w = workspace_, campaign = 0, k = kept_, o = other_;
    long long control = kept_control + other_control;
    db().sql() << "INSERT INTO campaigns (workspace_id, name, channel, "
                  "status, starts_at, ends_at, attribution_days, "
                  "control_percent, members_count, control_count, "
                  "created_at) VALUES (:w, 'both', 'sms', 'running', 0, 1, "
                  "30, 10, 2, :c, 0) RETURNING id",
        soci::use(w), soci::use(control), soci::into(campaign);
    db().sql() << "INSERT INTO campaign_members (workspace_id, campaign_id, "
                  "customer_id, control) VALUES (:w, :c, :k, :g)",
        soci::use(w), soci::use(campaign), soci::use(k),
        soci::use(kept_control);
    db().sql() << "INSERT INTO campaign_members (workspace_id, campaign_id, "
                  "customer_id, control) VALUES (:w, :c, :o, :g)",
        soci::use(w), soci::use(campaign), soci::use(o),
        soci::use(other_control);
    return campaign;
  }

  // members_count and control_count of a campaign, as "2/1".
  std::string CampaignCounts(long long campaign) {
    long long members = 0, control = 0;
    db().sql() << "SELECT members_count, control_count FROM campaigns WHERE "
                  "id = :c",
        soci::use(campaign), soci::into(members), soci::into(control);
    return std::to_string(members) + "/" + std::to_string(control);
  }

  int64_t workspace_ = 0;
  int64_t kept_ = 0;
  int64_t other_ = 0;
};

TEST_P(CustomerMergeTest, MergeMovesEveryRecordAndUnmergeRestoresEveryTable) {
  BothInCampaign(0, 0);
  const auto before = Checksums(db());
  auto merged = MergeCustomers(db(), Request(), kActor, kAt + 3600);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();

  std::set<std::string> moved;
  for (const MergeTableCount& count : merged->moved) {
    EXPECT_EQ(count.rows, 1) << count.table;
    moved.insert(count.table);
  }
  for (const char* table :
       {"orders", "order_lines", "interactions", "tickets", "ticket_events",
        "leads", "deals", "tasks", "loyalty_ledger", "survey_responses",
        "campaign_members", "holdings", "customers"}) {
    EXPECT_TRUE(moved.contains(table)) << table;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM orders WHERE customer_id = :c", kept_),
            2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM orders WHERE customer_id = :c", other_),
            0);
  // The shared campaign counts the kept customer once; its own campaign
  // moved.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM campaign_members WHERE customer_id "
                  "= :c",
                  kept_),
            3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customers WHERE parent_id = :c", kept_),
            2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM scores WHERE customer_id = :c", kept_),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customer_search_terms WHERE "
                  "customer_id = :c",
                  other_),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customers WHERE merged_into = :c AND "
                  "deleted_at IS NOT NULL",
                  kept_),
            1);
  auto loyalty = loyalty::PeekLoyalty(db(), workspace_, kept_, kAt + 3600);
  ASSERT_TRUE(loyalty.ok()) << loyalty.status().ToString();
  EXPECT_EQ(loyalty->balance, 30);
  // The other customer's later first name is taken; the kept id stays.
  auto kept = store::CustomerRepository(db()).Get(workspace_, kept_);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->first_name, "Sara other");
  EXPECT_EQ(kept->external_id, "kept");
  auto found = store::CustomerRepository(db()).Search(workspace_, "Sara", 10);
  ASSERT_TRUE(found.ok());
  for (const store::Customer& customer : *found) {
    EXPECT_NE(customer.id, other_) << "the merged customer is still found";
  }
  EXPECT_FALSE(store::CustomerRepository(db()).Restore(workspace_, other_).ok())
      << "a merged customer came back without its records";
  EXPECT_NE(Checksums(db()), before);

  auto undone =
      UnmergeCustomers(db(), workspace_, merged->id, kActor, kAt + 7200);
  ASSERT_TRUE(undone.ok()) << undone.status().ToString();
  EXPECT_EQ(Checksums(db()), before);

  auto listed = ListMerges(db(), workspace_, "", 0, 10);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].undone_at, kAt + 7200);
  EXPECT_EQ((*listed)[0].fields_from_other.front(), "first_name");
  long long audited = 0;
  db().sql() << "SELECT COUNT(*) FROM audit_log WHERE entity = 'customer' AND "
                "action IN ('merge', 'unmerge')",
      soci::into(audited);
  EXPECT_EQ(audited, 2);
}

TEST_P(CustomerMergeTest, ACampaignOfBothCountsTheMergedCustomerOnce) {
  const long long treated = BothInCampaign(0, 0);
  const long long held_out = BothInCampaign(1, 1);
  ASSERT_EQ(CampaignCounts(treated), "2/0");
  ASSERT_EQ(CampaignCounts(held_out), "2/2");
  auto merged = MergeCustomers(db(), Request(), kActor, kAt + 3600);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(CampaignCounts(treated), "1/0");
  EXPECT_EQ(CampaignCounts(held_out), "1/1");
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM campaign_members WHERE campaign_id = :c",
            held_out),
      1);
  auto undone =
      UnmergeCustomers(db(), workspace_, merged->id, kActor, kAt + 7200);
  ASSERT_TRUE(undone.ok()) << undone.status().ToString();
  EXPECT_EQ(CampaignCounts(treated), "2/0");
  EXPECT_EQ(CampaignCounts(held_out), "2/2");
}

TEST_P(CustomerMergeTest, RefusesWhatWouldBreakARule) {
  MergeRequest itself = Request();
  itself.other_id = kept_;
  auto refused = MergeCustomers(db(), itself, kActor, kAt);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("into itself"), std::string::npos);

  const int64_t elsewhere = AddWorkspace("b");
  const int64_t stranger =
      store::AddCustomerWithEveryRecord(db(), elsewhere, "stranger", kAt);
  MergeRequest across = Request();
  across.other_id = stranger;
  refused = MergeCustomers(db(), across, kActor, kAt);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find(
                "other customer " + std::to_string(stranger) +
                " is not a customer of this workspace"),
            std::string::npos)
      << refused.status().message();

  BothInCampaign(0, 1);
  refused = MergeCustomers(db(), Request(), kActor, kAt);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("treatment and the control"),
            std::string::npos)
      << refused.status().message();
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM customer_merges WHERE kept_id = :c", kept_),
      0);
}

TEST_P(CustomerMergeTest, PreviewShowsTheFieldsTheMergeWrites) {
  store::CustomerRepository customers(db());
  auto kept = customers.Get(workspace_, kept_);
  auto other = customers.Get(workspace_, other_);
  ASSERT_TRUE(kept.ok() && other.ok());
  kept->email = "";
  other->email = "other@example.com";
  other->city = "Tabriz";
  ASSERT_TRUE(customers.Update(*kept).ok());
  ASSERT_TRUE(customers.Update(*other).ok());
  const auto before = Checksums(db());

  auto preview = PreviewMerge(db(), workspace_, kept_, other_);
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  EXPECT_EQ(Checksums(db()), before);  // nothing written
  ASSERT_EQ(preview->fields.size(), MergeableFields().size());
  std::map<std::string, MergeFieldPreview> by_field;
  for (const MergeFieldPreview& field : preview->fields) {
    by_field[field.field] = field;
  }
  // An empty value shows as null, and the side that has one gives it.
  EXPECT_TRUE(by_field["email"].kept.is_null());
  EXPECT_EQ(by_field["email"].other, "other@example.com");
  EXPECT_EQ(by_field["email"].side, MergeSide::kOther);

  auto merged = MergeCustomers(db(), Request(), kActor, kAt + 3600);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  auto after = customers.Get(workspace_, kept_);
  ASSERT_TRUE(after.ok());
  const nlohmann::json written = MergeFieldsJson(*after);
  for (const MergeFieldPreview& field : preview->fields) {
    nlohmann::json expected =
        field.side == MergeSide::kKept ? field.kept : field.other;
    nlohmann::json got = written[field.field];
    if (got == "") got = nullptr;
    EXPECT_EQ(got, expected) << field.field;
  }
}

TEST_P(CustomerMergeTest, PreviewRefusesWhatTheMergeWouldRefuse) {
  auto itself = PreviewMerge(db(), workspace_, kept_, kept_);
  EXPECT_FALSE(itself.ok());
  EXPECT_EQ(itself.status().field(), "other_id");
  auto missing = PreviewMerge(db(), workspace_, kept_, 999999);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  BothInCampaign(0, 1);
  auto opposed = PreviewMerge(db(), workspace_, kept_, other_);
  ASSERT_FALSE(opposed.ok());
  EXPECT_NE(opposed.status().message().find("treatment and the control"),
            std::string::npos)
      << opposed.status().message();
}

TEST_P(CustomerMergeTest, RefusesAMergedCustomerAndASecondUndo) {
  auto merged = MergeCustomers(db(), Request(), kActor, kAt);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  auto again = MergeCustomers(db(), Request(), kActor, kAt);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("already merged into customer " +
                                          std::to_string(kept_)),
            std::string::npos)
      << again.status().message();
  ASSERT_TRUE(UnmergeCustomers(db(), workspace_, merged->id, kActor, kAt).ok());
  auto twice = UnmergeCustomers(db(), workspace_, merged->id, kActor, kAt);
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("undone already"), std::string::npos);
}

TEST_P(CustomerMergeTest, UnmergeRefusesWhenItCouldNotBeExact) {
  auto merged = MergeCustomers(db(), Request(), kActor, kAt);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  // A moved order given to a third customer cannot come back.
  const int64_t third =
      store::AddCustomerWithEveryRecord(db(), workspace_, "third", kAt);
  long long order = 0, k = kept_, t = third;
  db().sql() << "SELECT MAX(row_key) FROM customer_merge_moves WHERE "
                "table_name = 'orders'",
      soci::into(order);
  db().sql() << "UPDATE orders SET customer_id = :t WHERE id = :o",
      soci::use(t), soci::use(order);
  auto refused = UnmergeCustomers(db(), workspace_, merged->id, kActor, kAt);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(),
            "orders row " + std::to_string(order) + ", moved by merge " +
                std::to_string(merged->id) +
                ", no longer belongs to customer " + std::to_string(kept_));
  db().sql() << "UPDATE orders SET customer_id = :k WHERE id = :o",
      soci::use(k), soci::use(order);

  // An edit of the kept customer after the merge would be lost.
  auto kept = store::CustomerRepository(db()).Get(workspace_, kept_);
  ASSERT_TRUE(kept.ok());
  kept->city = "Tabriz";
  ASSERT_TRUE(store::CustomerRepository(db()).Update(*kept).ok());
  refused = UnmergeCustomers(db(), workspace_, merged->id, kActor, kAt);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("changed after merge"),
            std::string::npos)
      << refused.status().message();
}

TEST_P(CustomerMergeTest, EveryCustomerColumnOfTheSchemaIsHandled) {
  // Every column that names a customer: customer_id, and the customers
  // table's own references to customers.
  const std::string sql =
      GetParam() == store::Backend::kSqlite
          ? "SELECT m.name, p.name FROM sqlite_master m, "
            "pragma_table_info(m.name) p WHERE m.type = 'table' AND "
            "(p.name LIKE '%customer%' OR (m.name = 'customers' AND p.name IN "
            "('parent_id', 'merged_into')))"
          : "SELECT table_name::text, column_name::text FROM "
            "information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name NOT IN (SELECT relname FROM "
            "pg_class WHERE relispartition) AND (column_name LIKE "
            "'%customer%' OR "
            "(table_name = 'customers' AND column_name IN ('parent_id', "
            "'merged_into')))";
  std::set<std::pair<std::string, std::string>> handled;
  std::set<std::string> whole_tables;
  for (const CustomerColumnHandling& column : CustomerColumnsHandled()) {
    if (column.column == "*") whole_tables.insert(column.table);
    handled.insert({column.table, column.column});
  }
  soci::rowset<soci::row> rows = db().sql().prepare << sql;
  int seen = 0;
  for (const soci::row& row : rows) {
    const std::string table = row.get<std::string>(0);
    const std::string column = row.get<std::string>(1);
    ++seen;
    EXPECT_TRUE(whole_tables.contains(table) ||
                handled.contains({table, column}))
        << table << "." << column
        << " names a customer, and a merge does not say what it does with it "
           "(services/customers/customer_merge.cc)";
  }
  EXPECT_GE(seen, 14);
}

VAFA_INSTANTIATE_BACKEND_TEST(CustomerMergeTest);

store::Customer Person(int64_t id, int64_t updated_at) {
  store::Customer c;
  c.id = id;
  c.updated_at = updated_at;
  return c;
}

TEST(ChooseMergeFieldsTest, TheRecentNonEmptyValueAndTheValidNationalId) {
  store::Customer kept = Person(1, 100);
  store::Customer other = Person(2, 200);
  kept.phone = "+989121111111";
  other.phone = "+989122222222";
  kept.city = "Shiraz";
  kept.national_id = "0013542419";   // valid
  other.national_id = "0013542418";  // check digit wrong
  kept.joined_at = 50;
  other.joined_at = 40;
  other.acquisition_channel = "web";
  auto sides = ChooseMergeFields(kept, other, {});
  EXPECT_EQ(sides["phone"], MergeSide::kOther);  // more recent
  EXPECT_EQ(sides["city"], MergeSide::kKept);    // the other has none
  EXPECT_EQ(sides["national_id"], MergeSide::kKept);
  EXPECT_EQ(sides["joined_at"], MergeSide::kOther);  // joined first
  EXPECT_EQ(sides["acquisition_channel"], MergeSide::kOther);

  auto choice = ParseFieldChoice("phone=kept");
  ASSERT_TRUE(choice.ok());
  sides = ChooseMergeFields(kept, other, {*choice});
  EXPECT_EQ(sides["phone"], MergeSide::kKept);
  const store::Customer merged = MergedCustomer(kept, other, sides);
  EXPECT_EQ(merged.phone, kept.phone);
  EXPECT_EQ(merged.joined_at, 40);
  EXPECT_FALSE(ParseFieldChoice("id=other").ok());
  EXPECT_FALSE(ParseFieldChoice("phone=both").ok());
}

}  // namespace
}  // namespace vafa::services::customers
