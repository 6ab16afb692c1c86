// Search of several common words against the brute-force answer: every
// customer of the workspace, not deleted, whose terms (SearchTermsOf) have
// a term beginning with each word of the query, or a term beginning with
// the whole query (a name typed in order). On a store where hundreds of
// customers share each word, each plan answers that set; the plan for
// common words answers it in the documented order: the whole-name matches
// in term order, then the others by id.
#include <gmock/gmock.h>

#include <algorithm>
#include <map>
#include <set>

#include "store/customer_repository.h"
#include "store/search_words.h"
#include "store/store_test_support.h"
#include "store/workspace_repository.h"

namespace vafa::store {
namespace {

using ::testing::ElementsAreArray;
using Terms = CustomerRepository::Terms;

class CustomerSearchBruteForceTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workspace_ = AddWorkspace("shop");
    const int64_t other = AddWorkspace("bank");
    ASSERT_NE(workspace_, 0);
    ASSERT_NE(other, 0);
    Populate(other);
  }

  // 420 customers whose first and last names come from a few common words
  // (a first name is also a prefix of longer ones: علی, علیرضا), some with
  // an external id that has a space ("علی 7": a term in the range of علی
  // whose customer has no term علی), some with e-mails, some deleted, and
  // a few in another workspace.
  void Populate(int64_t other) {
    const std::vector<std::string> firsts = {"علی",  "علیرضا", "مینا",
                                             "محمد", "Ali",    "Zahra"};
    const std::vector<std::string> lasts = {"محمدی",  "حسینی",   "رضایی",
                                            "کرمانی", "محمدیان", "Karimi"};
    CustomerRepository repo(db());
    uint32_t seed = 12345;
    auto next = [&seed](uint32_t n) {
      seed = seed * 1103515245u + 12345u;
      return (seed >> 16) % n;
    };
    for (int i = 0; i < 420; ++i) {
      Customer c;
      c.workspace_id = i % 70 == 69 ? other : workspace_;
      c.first_name = firsts[next(firsts.size())];
      c.last_name = lasts[next(lasts.size())];
      for (uint32_t more = next(3); more > 0; --more) {
        c.last_name += " " + lasts[next(lasts.size())];
      }
      c.display_name = DisplayNameOf(c);
      if (i % 11 == 3) c.external_id = "علی " + std::to_string(i);
      if (i % 13 == 5) c.email = "ali.k" + std::to_string(i) + "@example.com";
      c.created_at = c.updated_at = 1700000000;
      ASSERT_TRUE(repo.Insert(c).ok());
      if (i % 17 == 8) {
        ASSERT_TRUE(repo.SoftDelete(c.workspace_id, c.id, 1700000100).ok());
      } else if (c.workspace_id == workspace_) {
        customers_.push_back(c);
      }
    }
  }

  // The brute-force answer in the documented order (see the file comment).
  std::vector<int64_t> Expected(std::string_view query, Terms terms) const {
    std::vector<std::string> words;
    AddWords(query, words);
    std::string phrase = words[0];
    for (size_t i = 1; i < words.size(); ++i) phrase += ' ' + words[i];
    std::set<std::pair<std::string, int64_t>> phrase_rows;
    std::set<int64_t> by_words;
    for (const Customer& c : customers_) {
      std::vector<std::string> own = SearchTermsOf(c);
      if (terms == Terms::kWithoutEmails) {
        std::erase_if(own, [](const std::string& t) {
          return t.find('@') != std::string::npos;
        });
      }
      size_t matched = 0;
      for (const std::string& word : words) {
        for (const std::string& term : own) {
          if (term.starts_with(word)) {
            ++matched;
            break;
          }
        }
      }
      if (matched == words.size()) by_words.insert(c.id);
      for (const std::string& term : own) {
        if (term.starts_with(phrase)) phrase_rows.emplace(term, c.id);
      }
    }
    std::vector<int64_t> out;
    std::set<int64_t> seen;
    for (const auto& [term, id] : phrase_rows) {
      if (seen.insert(id).second) out.push_back(id);
    }
    for (int64_t id : by_words) {
      if (seen.insert(id).second) out.push_back(id);
    }
    return out;
  }

  std::vector<int64_t> Found(std::string_view query, int limit,
                             const CustomerSearchPlan& plan, Terms terms) {
    auto found =
        CustomerRepository(db()).Search(workspace_, query, limit, terms, plan);
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    std::vector<int64_t> ids;
    if (found.ok()) {
      for (const Customer& c : *found) ids.push_back(c.id);
    }
    return ids;
  }

  void ExpectCommonWordsAnswers();
  void ExpectOneWordPages();

  int64_t workspace_ = 0;
  std::vector<Customer> customers_;  // of workspace_, not deleted
};

// Words with no whole-name term in their range (exact words) with a first
// name (whole-name terms and the spaced external ids in its range), words
// that are prefixes of others, three words, an external id typed in order,
// e-mail terms, and (unordered: read whole after a bounded per-row scan)
// queries whose words are all first names.
struct CommonQuery {
  const char* text;
  bool ordered;
};
const CommonQuery kCommonQueries[] = {{"کرمانی محمدی", true},
                                      {"محمدی علی", true},
                                      {"حسینی رضایی محمدی", true},
                                      {"علی 3", true},
                                      {"رضایی علیرضا حسینی", true},
                                      {"محمد حسینی", true},
                                      {"kar ali", true},
                                      {"محمدی حسینی", true},
                                      {"علی محمدی", true},
                                      {"مینا علی", false},
                                      {"ali zahra", false}};

// Compares every query of kCommonQueries with its brute-force answer.
void CustomerSearchBruteForceTest::ExpectCommonWordsAnswers() {
  const CustomerSearchPlan runs{.count_cap = 1, .dense_probe = 1};
  const CustomerSearchPlan few_runs{
      .count_cap = 1, .dense_probe = 1, .word_runs = 1};
  const CustomerSearchPlan over_bound{
      .count_cap = 1, .dense_probe = 1, .range_bound = 1};
  for (const CommonQuery& query : kCommonQueries) {
    for (Terms terms : {Terms::kAll, Terms::kWithoutEmails}) {
      SCOPED_TRACE(std::string(query.text) +
                   (terms == Terms::kAll ? "" : " without e-mails"));
      const std::vector<int64_t> expected = Expected(query.text, terms);
      std::vector<int64_t> sorted = expected;
      std::sort(sorted.begin(), sorted.end());
      if (query.ordered) {
        EXPECT_THAT(Found(query.text, 1000, runs, terms),
                    ElementsAreArray(expected));
        // A page is the answer's beginning (the whole-name scan reads
        // twice the page, which covers every whole-name match here).
        for (int limit : {1, 7, 20}) {
          std::vector<int64_t> page(
              expected.begin(),
              expected.begin() + std::min<size_t>(limit, expected.size()));
          EXPECT_THAT(Found(query.text, limit, runs, terms),
                      ElementsAreArray(page))
              << "limit " << limit;
        }
      }
      // Every plan answers the same customers (the per-row scan in its own
      // order); word ranges looked at one term only among them.
      for (const CustomerSearchPlan& plan :
           {runs, few_runs, over_bound, CustomerSearchPlan{}}) {
        std::vector<int64_t> got = Found(query.text, 1000, plan, terms);
        std::sort(got.begin(), got.end());
        EXPECT_THAT(got, ElementsAreArray(sorted))
            << "count_cap " << plan.count_cap << ", word_runs "
            << plan.word_runs << ", range_bound " << plan.range_bound;
      }
    }
  }
}

TEST_P(CustomerSearchBruteForceTest, CommonWordsGiveTheBruteForceAnswer) {
  ExpectCommonWordsAnswers();
}

// One word is one scan of its range, in the range's order, kept prepared
// and bounded by the page (customer_search.cc ScanDriven): the answer is
// the brute-force one in term order, and a page of any size is its
// beginning and as full as the answer allows, also where the range names
// one customer twice (علی and the whole name علی محمدی) around the page's
// end.
void CustomerSearchBruteForceTest::ExpectOneWordPages() {
  for (const char* word : {"علی", "محمد", "ali", "kar"}) {
    for (Terms terms : {Terms::kAll, Terms::kWithoutEmails}) {
      SCOPED_TRACE(std::string(word) +
                   (terms == Terms::kAll ? "" : " without e-mails"));
      const std::vector<int64_t> all = Expected(word, terms);
      ASSERT_THAT(Found(word, 1000, CustomerSearchPlan{}, terms),
                  ElementsAreArray(all));
      for (size_t limit = 1; limit <= all.size() + 1; ++limit) {
        const std::vector<int64_t> page(
            all.begin(), all.begin() + std::min(limit, all.size()));
        ASSERT_THAT(
            Found(word, static_cast<int>(limit), CustomerSearchPlan{}, terms),
            ElementsAreArray(page))
            << "limit " << limit;
      }
    }
  }
}

TEST_P(CustomerSearchBruteForceTest, OneWordPagesAreFullBeginningsOfTheAnswer) {
  ExpectOneWordPages();
}

// The answers above are the order the statements ask for, not the order a
// plan happens to yield: on PostgreSQL, with the index scans (which walk
// the primary key in term order) and nested loops turned off for this
// connection, the planner reads the ranges with bitmap scans (in the
// table's order) and joins by hashing. SQLite has no such settings.
TEST_P(CustomerSearchBruteForceTest, AnswersDoNotDependOnThePlan) {
  if (GetParam() == Backend::kPostgres) {
    db().sql() << "SET enable_indexscan = off";
    db().sql() << "SET enable_indexonlyscan = off";
    db().sql() << "SET enable_nestloop = off";
  }
  ExpectCommonWordsAnswers();
  ExpectOneWordPages();
}

TEST_P(CustomerSearchBruteForceTest, TheStoreSharesItsWords) {
  // The cases above mean something only if many customers share a word.
  std::map<std::string, int> with;
  for (const Customer& c : customers_) {
    for (const std::string& term : SearchTermsOf(c)) ++with[term];
  }
  EXPECT_GE(with["محمدی"], 100);
  EXPECT_GE(with["علی"], 40);
  EXPECT_FALSE(Expected("محمدی علی", Terms::kAll).empty());
  EXPECT_GE(Expected("کرمانی محمدی", Terms::kAll).size(), 30u);
}

VAFA_INSTANTIATE_BACKEND_TEST(CustomerSearchBruteForceTest);

}  // namespace
}  // namespace vafa::store
