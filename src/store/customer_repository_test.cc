#include "store/customer_repository.h"

#include <gmock/gmock.h>
#include <soci/soci.h>

#include <algorithm>

#include "store/import_batch_repository.h"
#include "store/store_test_support.h"
#include "store/workspace_repository.h"

namespace vafa::store {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class CustomerRepositoryTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    WorkspaceRepository workspaces(db());
    workspace_ = workspaces.Create("shop", "Shop")->id;
    other_workspace_ = workspaces.Create("bank", "Bank")->id;
  }

  Customer Make(std::string external_id, std::string first, std::string last,
                std::string phone = "", int64_t workspace = 0) {
    Customer c;
    c.workspace_id = workspace != 0 ? workspace : workspace_;
    c.external_id = std::move(external_id);
    c.first_name = std::move(first);
    c.last_name = std::move(last);
    c.display_name = DisplayNameOf(c);
    c.phone = std::move(phone);
    c.created_at = c.updated_at = 1700000000;
    return c;
  }

  int64_t Insert(Customer c) {
    CustomerRepository repo(db());
    Status status = repo.Insert(c);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return c.id;
  }

  std::vector<std::string> SearchIds(std::string_view query,
                                     int64_t workspace = 0) {
    CustomerRepository repo(db());
    auto found =
        repo.Search(workspace != 0 ? workspace : workspace_, query, 20);
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    std::vector<std::string> ids;
    if (found.ok()) {
      for (const Customer& c : *found) ids.push_back(c.external_id);
    }
    return ids;
  }

  int64_t workspace_ = 0;
  int64_t other_workspace_ = 0;
};

TEST_P(CustomerRepositoryTest, InsertThenGetRoundTripsEveryField) {
  Customer c = Make("C-1", "زهرا", "احمدی", "+989121234567");
  c.national_id = "0499370899";
  c.email = "zahra@example.ir";
  c.gender = "female";
  c.birth_date = "1990-03-21";
  c.city = "تهران";
  c.province = "تهران";
  c.acquisition_channel = "instagram";
  c.acquisition_cost_minor = 1500000;
  c.joined_at = 1650000000;
  c.language = "fa";
  CustomerRepository repo(db());
  Status inserted = repo.Insert(c);
  ASSERT_TRUE(inserted.ok()) << inserted.ToString();
  ASSERT_GT(c.id, 0);
  auto got = repo.Get(workspace_, c.id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_TRUE(SameContent(*got, c));
  EXPECT_EQ(got->acquisition_cost_minor, 1500000);
  EXPECT_EQ(got->display_name, "زهرا احمدی");
  EXPECT_FALSE(got->deleted_at.has_value());
}

TEST_P(CustomerRepositoryTest, OtherWorkspaceCannotSeeTheCustomer) {
  int64_t id = Insert(Make("C-1", "Ali", "Rezaei"));
  CustomerRepository repo(db());
  EXPECT_EQ(repo.Get(other_workspace_, id).status().code(),
            StatusCode::kNotFound);
  EXPECT_THAT(SearchIds("ali", other_workspace_), IsEmpty());
  auto found =
      repo.FindByKey(other_workspace_, CustomerKey::kExternalId, "C-1");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

// GetMany reads 32 ids a statement: 70 ids asked cross two batch edges,
// with ids asked twice, ids that do not exist, one of another workspace and
// a deleted customer (answered: GetMany does not filter deleted ones).
TEST_P(CustomerRepositoryTest, GetManyAnswersInTheOrderAskedAcrossBatches) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 40; ++i) {
    ids.push_back(Insert(Make("M-" + std::to_string(i), "N", "F")));
  }
  const int64_t elsewhere =
      Insert(Make("M-x", "Other", "Shop", "", other_workspace_));
  CustomerRepository repo(db());
  ASSERT_TRUE(repo.SoftDelete(workspace_, ids[7], 1700000001).ok());
  std::vector<int64_t> asked;
  std::vector<std::string> expected;
  for (int i = 0; i < 70; ++i) {
    const int k = (i * 17) % 40;  // every id, some twice, out of order
    asked.push_back(ids[k]);
    expected.push_back("M-" + std::to_string(k));
    if (i % 9 == 0) asked.push_back(ids.back() + 1000 + i);  // no such id
    if (i == 33) asked.push_back(elsewhere);
  }
  auto many = repo.GetMany(workspace_, asked);
  ASSERT_TRUE(many.ok()) << many.status().ToString();
  std::vector<std::string> got;
  for (const Customer& c : *many) got.push_back(c.external_id);
  EXPECT_EQ(got, expected);
  auto one = repo.GetMany(workspace_, {ids[3]});
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(one->front().external_id, "M-3");
  auto none = repo.GetMany(workspace_, {});
  ASSERT_TRUE(none.ok());
  EXPECT_THAT(*none, IsEmpty());
}

TEST_P(CustomerRepositoryTest, ExternalIdIsUniqueInAWorkspaceOnly) {
  Insert(Make("C-1", "Ali", "Rezaei"));
  CustomerRepository repo(db());
  Customer duplicate = Make("C-1", "Reza", "Ali");
  EXPECT_FALSE(repo.Insert(duplicate).ok());
  Customer elsewhere = Make("C-1", "Reza", "Ali", "", other_workspace_);
  EXPECT_TRUE(repo.Insert(elsewhere).ok());
}

TEST_P(CustomerRepositoryTest, SearchFoldsArabicLettersAndMatchesPrefixes) {
  Insert(Make("C-1", "علی", "کریمی"));
  Insert(Make("C-2", "مریم", "یوسفی"));
  Insert(Make("C-3", "Ali", "Karimi"));
  // Arabic yeh and kaf as typed on an Arabic keyboard.
  EXPECT_THAT(SearchIds("علي كريمي"), ElementsAre("C-1"));
  EXPECT_THAT(SearchIds("کری"), ElementsAre("C-1"));
  EXPECT_THAT(SearchIds("ALI"), ElementsAre("C-3"));
  EXPECT_THAT(SearchIds("kar al"), ElementsAre("C-3"));
  EXPECT_THAT(SearchIds("یوسف"), ElementsAre("C-2"));
  EXPECT_THAT(SearchIds("nobody"), IsEmpty());
  EXPECT_THAT(SearchIds("   "), IsEmpty());
}

// A name typed in order is found through the whole-name term, a name in
// another order through the words; a page full of whole-name matches stops
// there, and a short one is topped up from the words without duplicates.
TEST_P(CustomerRepositoryTest, SearchFindsNamesInAndOutOfOrder) {
  Insert(Make("C-1", "محمد", "تهرانی حسینی"));
  Insert(Make("C-2", "حسینی", "محمد"));
  Insert(Make("C-3", "محمد", "تهرانی"));
  Insert(Make("C-4", "محمدرضا", "تهرانی"));
  EXPECT_THAT(SearchIds("محمد تهرانی حسینی"), ElementsAre("C-1"));
  // C-3 and C-1 by the whole name first (in term order), then C-4, whose
  // words start with the query's.
  EXPECT_THAT(SearchIds("محمد تهرانی"), ElementsAre("C-3", "C-1", "C-4"));
  EXPECT_THAT(SearchIds("حسینی محمد"), UnorderedElementsAre("C-1", "C-2"));
  CustomerRepository repo(db());
  auto one = repo.Search(workspace_, "محمد تهرانی", 1);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].external_id, "C-3");
}

TEST_P(CustomerRepositoryTest, ReindexRestoresTheTermsOfEveryCustomer) {
  int64_t id = Insert(Make("C-1", "Ali", "Karimi", "+989121234567"));
  Insert(Make("C-2", "Sara", "Rezaei", "", other_workspace_));
  db().sql() << "DELETE FROM customer_search_terms";
  EXPECT_THAT(SearchIds("ali karimi"), IsEmpty());
  CustomerRepository repo(db());
  auto count = repo.RebuildSearchTerms(workspace_);
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_EQ(*count, 1);
  EXPECT_THAT(SearchIds("ali karimi"), ElementsAre("C-1"));
  EXPECT_THAT(SearchIds("09121234567"), ElementsAre("C-1"));
  EXPECT_THAT(SearchIds("sara", other_workspace_), IsEmpty())
      << "only the workspace asked for";
  long long terms = 0, customer_id = id;
  db().sql() << "SELECT COUNT(*) FROM customer_search_terms WHERE "
                "customer_id = :c",
      soci::use(customer_id), soci::into(terms);
  auto customer = repo.Get(workspace_, id);
  ASSERT_TRUE(customer.ok());
  EXPECT_EQ(terms, static_cast<long long>(SearchTermsOf(*customer).size()));
}

// Every path of a query of several words answers the same customers: the
// per-row scan (the default plan on a small store), the in-memory
// intersection of common words (a plan whose "common" is one match), and
// the per-row scan again when a word's range is over the bound. Deleted
// customers, other workspaces and e-mail terms stay out on each.
TEST_P(CustomerRepositoryTest, SearchPlansAgreeOnCommonWords) {
  Insert(Make("C-1", "علی", "محمدی حسینی"));
  Insert(Make("C-2", "حسینی", "علی محمدی"));
  Insert(Make("C-3", "علی", "محمدی"));
  Insert(Make("C-4", "علیرضا", "محمدیان"));
  Insert(Make("C-5", "مریم", "محمدی"));
  const int64_t gone = Insert(Make("C-6", "علی", "محمدی حسینی"));
  Customer mailed = Make("C-7", "Zahra", "Karimi");
  mailed.email = "ali.k@example.com";
  Insert(mailed);
  Insert(Make("C-8", "علی", "محمدی", "", other_workspace_));
  CustomerRepository repo(db());
  ASSERT_TRUE(repo.SoftDelete(workspace_, gone, 1700000100).ok());

  const CustomerSearchPlan in_memory{
      .count_cap = 1, .dense_probe = 1, .range_bound = 1000};
  const CustomerSearchPlan over_bound{
      .count_cap = 1, .dense_probe = 1, .range_bound = 1};
  auto ids =
      [&](std::string_view query, int limit, const CustomerSearchPlan& plan,
          CustomerRepository::Terms terms = CustomerRepository::Terms::kAll) {
        auto found = repo.Search(workspace_, query, limit, terms, plan);
        EXPECT_TRUE(found.ok()) << found.status().ToString();
        std::vector<std::string> out;
        if (found.ok()) {
          for (const Customer& c : *found) out.push_back(c.external_id);
        }
        std::sort(out.begin(), out.end());
        return out;
      };
  const CustomerSearchPlan plans[] = {CustomerSearchPlan{}, in_memory,
                                      over_bound};
  for (const CustomerSearchPlan& each : plans) {
    const auto* plan = &each;
    SCOPED_TRACE(plan->range_bound);
    EXPECT_THAT(ids("حسینی محمدی علی", 20, *plan), ElementsAre("C-1", "C-2"));
    EXPECT_THAT(ids("محمدی علی", 20, *plan),
                ElementsAre("C-1", "C-2", "C-3", "C-4"));
    EXPECT_THAT(ids("kar ali", 20, *plan), ElementsAre("C-7"));
    EXPECT_THAT(
        ids("kar ali", 20, *plan, CustomerRepository::Terms::kWithoutEmails),
        IsEmpty());
    EXPECT_THAT(ids("مریم حسینی", 20, *plan), IsEmpty());
    EXPECT_EQ(ids("محمدی علی", 3, *plan).size(), 3u);
  }
}

TEST_P(CustomerRepositoryTest, SearchFindsPhoneInAnyForm) {
  Insert(Make("C-1", "Ali", "Rezaei", "+989121234567"));
  Insert(Make("C-2", "Sara", "Rezaei", "+989351112233"));
  EXPECT_THAT(SearchIds("09121234567"), ElementsAre("C-1"));
  EXPECT_THAT(SearchIds("۰۹۱۲ ۱۲۳ ۴۵۶۷"), ElementsAre("C-1"));
  EXPECT_THAT(SearchIds("+98 912 123 4567"), ElementsAre("C-1"));
  EXPECT_THAT(SearchIds("0935"), ElementsAre("C-2"));
}

TEST_P(CustomerRepositoryTest, UpdateReplacesSearchTermsAndBumpsVersion) {
  CustomerRepository repo(db());
  Customer c = Make("C-1", "Ali", "Rezaei");
  ASSERT_TRUE(repo.Insert(c).ok());
  c.last_name = "Moradi";
  c.display_name = DisplayNameOf(c);
  ASSERT_TRUE(repo.Update(c).ok());
  auto got = repo.Get(workspace_, c.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->last_name, "Moradi");
  EXPECT_THAT(SearchIds("rezaei"), IsEmpty());
  EXPECT_THAT(SearchIds("moradi"), ElementsAre("C-1"));
}

// Reads by id reuse one prepared statement per connection: a change
// committed on another connection is seen by the next read, and a read
// leaves no transaction open that would keep an old snapshot.
TEST_P(CustomerRepositoryTest, ReadsByIdSeeWhatAnotherConnectionCommitted) {
  CustomerRepository repo(db());
  Customer c = Make("C-1", "Ali", "Rezaei");
  ASSERT_TRUE(repo.Insert(c).ok());
  ASSERT_EQ(repo.Get(workspace_, c.id)->last_name, "Rezaei");
  auto other = Database::Open(scratch_->location(), /*migrate=*/false);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  CustomerRepository elsewhere(**other);
  for (std::string name : {"Moradi", "Karimi", "Tehrani"}) {
    Customer changed = *elsewhere.Get(workspace_, c.id);
    changed.last_name = name;
    changed.display_name = DisplayNameOf(changed);
    ASSERT_TRUE(elsewhere.Update(changed).ok());
    // Another statement on the first connection, after its read by id.
    std::string last_name;
    long long id = c.id;
    db().sql() << "SELECT last_name FROM customers WHERE id = :id",
        soci::use(id), soci::into(last_name);
    EXPECT_EQ(last_name, name);
    auto seen = repo.Get(workspace_, c.id);
    ASSERT_TRUE(seen.ok());
    EXPECT_EQ(seen->last_name, name);
  }
  EXPECT_FALSE(repo.Get(workspace_, c.id + 1000).ok());
  EXPECT_EQ(repo.Get(workspace_, c.id)->last_name, "Tehrani");
}

TEST_P(CustomerRepositoryTest, SoftDeleteHidesFromSearchAndRestoreBrings) {
  CustomerRepository repo(db());
  int64_t id = Insert(Make("C-1", "Ali", "Rezaei"));
  ASSERT_TRUE(repo.SoftDelete(workspace_, id, 1700000100).ok());
  EXPECT_THAT(SearchIds("ali"), IsEmpty());
  auto count = repo.Count(workspace_);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 0);
  ASSERT_TRUE(repo.Restore(workspace_, id).ok());
  EXPECT_THAT(SearchIds("ali"), ElementsAre("C-1"));
}

TEST_P(CustomerRepositoryTest, ListPagesByIdWithoutGapsOrRepeats) {
  for (int i = 0; i < 25; ++i) {
    Insert(Make("C-" + std::to_string(i), "N" + std::to_string(i), "L"));
  }
  CustomerRepository repo(db());
  std::vector<int64_t> seen;
  int64_t after = 0;
  while (true) {
    auto page = repo.List(workspace_, after, 10);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    if (page->empty()) break;
    for (const Customer& c : *page) seen.push_back(c.id);
    after = page->back().id;
  }
  ASSERT_EQ(seen.size(), 25u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
}

TEST_P(CustomerRepositoryTest, FindByKeyAndKeyIndexAgree) {
  Customer c = Make("C-9", "Ali", "Rezaei", "+989121234567");
  c.national_id = "0499370899";
  int64_t id = Insert(c);
  CustomerRepository repo(db());
  auto by_phone =
      repo.FindByKey(workspace_, CustomerKey::kPhone, "+989121234567");
  ASSERT_TRUE(by_phone.ok());
  ASSERT_TRUE(by_phone->has_value());
  EXPECT_EQ((*by_phone)->id, id);
  auto index = repo.KeyIndex(workspace_, CustomerKey::kNationalId);
  ASSERT_TRUE(index.ok());
  ASSERT_EQ(index->size(), 1u);
  EXPECT_EQ((*index)[0], std::make_pair(std::string("0499370899"), id));
}

// Two customers share a phone and the older one is then updated (on
// PostgreSQL its row moves to the end of the table): the index still lists
// them oldest first, the one FindByKey answers.
TEST_P(CustomerRepositoryTest, KeyIndexListsASharedValueOldestFirst) {
  Customer first = Make("C-1", "Ali", "Rezaei", "+989121234567");
  const int64_t first_id = Insert(first);
  const int64_t second_id =
      Insert(Make("C-2", "Sara", "Ahmadi", "+989121234567"));
  CustomerRepository repo(db());
  first.id = first_id;
  first.first_name = "Alireza";
  first.display_name = DisplayNameOf(first);
  ASSERT_TRUE(repo.Update(first).ok());
  auto index = repo.KeyIndex(workspace_, CustomerKey::kPhone);
  ASSERT_TRUE(index.ok());
  ASSERT_EQ(index->size(), 2u);
  EXPECT_EQ((*index)[0].second, first_id);
  EXPECT_EQ((*index)[1].second, second_id);
  auto found = repo.FindByKey(workspace_, CustomerKey::kPhone, "+989121234567");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, first_id);
}

TEST(CustomerKeyTest, ParsesDocumentedNamesOnly) {
  EXPECT_EQ(*ParseCustomerKey("external_id"), CustomerKey::kExternalId);
  EXPECT_EQ(*ParseCustomerKey("national_id"), CustomerKey::kNationalId);
  EXPECT_EQ(*ParseCustomerKey("phone"), CustomerKey::kPhone);
  EXPECT_EQ(*ParseCustomerKey("email"), CustomerKey::kEmail);
  auto bad = ParseCustomerKey("name");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("name"), std::string::npos);
}

TEST_P(CustomerRepositoryTest, BatchesListNewestFirst) {
  ImportBatchRepository batches(db());
  for (std::string file : {"a.csv", "b.csv"}) {
    ImportBatch b;
    b.workspace_id = workspace_;
    b.kind = "customers";
    b.file_name = file;
    b.mode = "upsert";
    b.match_key = "external_id";
    b.started_at = 1700000000;
    ASSERT_TRUE(batches.Insert(b).ok());
    b.status = "committed";
    b.rows_total = 3;
    ASSERT_TRUE(batches.Finish(b).ok());
  }
  auto list = batches.List(workspace_, 10);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].file_name, "b.csv");
  EXPECT_EQ((*list)[0].status, "committed");
  EXPECT_EQ((*list)[0].rows_total, 3);
  auto none = batches.List(other_workspace_, 10);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

VAFA_INSTANTIATE_BACKEND_TEST(CustomerRepositoryTest);

}  // namespace
}  // namespace vafa::store
