// The customers whose search terms match every word of a query, in id
// order, without reading whole prefix ranges (customer_search.cc uses it
// when every word is common).
//
// customer_search_terms is keyed (workspace_id, term, customer_id), so the
// ids of one term are one sorted run of the index. A word's prefix range is
// a few such runs (the word itself, longer words that begin with it) and,
// for a first name, tens of thousands of whole-name terms ("مینا کرمانی")
// whose customers all have the first-name term as well. Each word's
// distinct terms are found by seeking from term to term, jumping over a
// block of terms with a space in one seek; the words whose range is only
// such runs ("exact" words) are intersected by seeking each run to the
// next candidate id (reading a batch from there, grown while the runs are
// dense and shrunk while they skip), so a page costs a few batches and
// even an empty answer reads about the rarest exact word's runs. A word
// whose range has terms with a space (or more distinct terms than
// `max_runs`) checks a candidate against its runs first and then with one
// lookup of that customer's terms, so a customer found only through a
// term with a space (an external id "acme 7") is still found.
#ifndef VAFA_STORE_CUSTOMER_SEARCH_RUNS_H_
#define VAFA_STORE_CUSTOMER_SEARCH_RUNS_H_

#include <soci/soci.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace vafa::store {

struct WordRangeQuery {
  long long workspace = 0;
  std::vector<std::string> words;  // normalised, none with a space
  std::vector<std::string> highs;  // PrefixEnd of each word
  bool without_emails = false;     // leave out terms with an '@'
};

class SearchTermRun;
class SearchWordRuns;

class WordRunIntersection {
 public:
  // Null when no word of `query` is exact (then the caller reads the
  // ranges whole); at most `max_runs` distinct terms are looked at a word.
  static std::unique_ptr<WordRunIntersection> Open(Database& db,
                                                   const WordRangeQuery& query,
                                                   int max_runs);
  ~WordRunIntersection();
  WordRunIntersection(const WordRunIntersection&) = delete;
  WordRunIntersection& operator=(const WordRunIntersection&) = delete;

  // The next customer id whose terms match every word, above the last one
  // returned; nullopt at the end. Deleted customers are not left out here.
  std::optional<int64_t> Next();

 private:
  WordRunIntersection() = default;

  std::vector<std::unique_ptr<SearchWordRuns>> exact_;
  std::vector<std::unique_ptr<SearchWordRuns>> partial_;
  int64_t from_ = 0;
};

}  // namespace vafa::store

#endif  // VAFA_STORE_CUSTOMER_SEARCH_RUNS_H_
