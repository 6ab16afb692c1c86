#include "store/customer_search_runs.h"

#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace vafa::store {

// The ids of one term, ascending, from the least at or above a target.
class SearchTermRun {
 public:
  virtual ~SearchTermRun() = default;
  // The least id of the run at or above `target` (never below the last
  // target); nullopt when none.
  virtual std::optional<int64_t> SeekTo(int64_t target) = 0;
};

constexpr char kRunSql[] =
    "SELECT customer_id FROM customer_search_terms WHERE workspace_id = ? AND "
    "term = ? AND customer_id >= ? ORDER BY customer_id";

// On SQLite, one statement stepped through the C API (a row costs a step,
// no conversion), sought again from the target when a few steps do not
// reach it: a dense run is walked, a sparse one is sought.
class SqliteTermRun : public SearchTermRun {
 public:
  SqliteTermRun(Database& db, long long workspace, std::string term)
      : term_(std::move(term)) {
    sqlite3* handle = static_cast<sqlite3*>(db.sqlite_handle());
    if (sqlite3_prepare_v2(handle, kRunSql, -1, &statement_, nullptr) !=
        SQLITE_OK) {
      throw std::runtime_error(sqlite3_errmsg(handle));
    }
    sqlite3_bind_int64(statement_, 1, workspace);
    sqlite3_bind_text(statement_, 2, term_.data(),
                      static_cast<int>(term_.size()), SQLITE_STATIC);
  }
  ~SqliteTermRun() override { sqlite3_finalize(statement_); }
  SqliteTermRun(const SqliteTermRun&) = delete;
  SqliteTermRun& operator=(const SqliteTermRun&) = delete;

  std::optional<int64_t> SeekTo(int64_t target) override {
    if (started_ && (ended_ || current_ >= target)) {
      return ended_ ? std::nullopt : std::optional<int64_t>(current_);
    }
    for (int step = 0; started_ && step < kStepsBeforeSeek; ++step) {
      if (!Step()) return std::nullopt;
      if (current_ >= target) return current_;
    }
    sqlite3_reset(statement_);
    sqlite3_bind_int64(statement_, 3, target);
    started_ = true;
    if (!Step()) return std::nullopt;
    return current_;
  }

 private:
  static constexpr int kStepsBeforeSeek = 8;

  bool Step() {
    const int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) {
      current_ = sqlite3_column_int64(statement_, 0);
      return true;
    }
    ended_ = true;
    if (code != SQLITE_DONE) {
      throw std::runtime_error(sqlite3_errmsg(sqlite3_db_handle(statement_)));
    }
    return false;
  }

  std::string term_;
  sqlite3_stmt* statement_ = nullptr;
  int64_t current_ = 0;
  bool started_ = false, ended_ = false;
};

// On PostgreSQL, batches read from the target: a batch grows while the
// seeks walk it to its end (a dense run) and shrinks while they jump past
// it (a sparse one), between 16 and 4,096 rows.
class SociTermRun : public SearchTermRun {
 public:
  SociTermRun(soci::session& sql, long long workspace, std::string term)
      : workspace_(workspace),
        term_(std::move(term)),
        statement_((sql.prepare << "SELECT customer_id FROM "
                                   "customer_search_terms WHERE workspace_id "
                                   "= :w AND term = :t AND customer_id >= :f "
                                   "ORDER BY customer_id LIMIT :n",
                    soci::use(workspace_), soci::use(term_), soci::use(from_),
                    soci::use(rows_), soci::into(batch_))) {}

  std::optional<int64_t> SeekTo(int64_t target) override {
    if (!batch_.empty() && target <= batch_.back()) {
      at_ = static_cast<size_t>(
          std::lower_bound(batch_.begin() + at_, batch_.end(), target) -
          batch_.begin());
      return batch_[at_];
    }
    if (ended_) return std::nullopt;
    if (!batch_.empty()) {
      const bool walked_to_end = at_ + 1 == batch_.size();
      rows_ = walked_to_end ? std::min<long long>(rows_ * 2, kMostRows)
                            : std::max<long long>(rows_ / 2, kFewestRows);
    }
    from_ = target;
    batch_.resize(static_cast<size_t>(rows_));
    if (!statement_.execute(true)) batch_.clear();
    ended_ = static_cast<long long>(batch_.size()) < rows_;
    at_ = 0;
    if (batch_.empty()) return std::nullopt;
    return batch_[0];
  }

 private:
  static constexpr long long kFewestRows = 16, kMostRows = 4096;

  long long workspace_;
  std::string term_;
  long long from_ = 0, rows_ = 64;
  std::vector<long long> batch_;
  size_t at_ = 0;
  bool ended_ = false;
  soci::statement statement_;
};

std::unique_ptr<SearchTermRun> OpenTermRun(Database& db, long long workspace,
                                           const std::string& term) {
  if (db.backend() == Backend::kSqlite) {
    return std::make_unique<SqliteTermRun>(db, workspace, term);
  }
  return std::make_unique<SociTermRun>(db.sql(), workspace, term);
}

// One word of the query: the runs of its distinct terms, and for a partial
// word (terms with a space, or more terms than were looked at) a lookup of
// one customer's terms in the word's range.
class SearchWordRuns {
 public:
  SearchWordRuns(Database& db, const WordRangeQuery& query, size_t i)
      : db_(db),
        workspace_(query.workspace),
        low_(query.words[i]),
        high_(query.highs[i]),
        without_emails_(query.without_emails) {}
  ~SearchWordRuns() {
    sqlite3_reset(sqlite_probe_);  // done before the search's COMMIT
    sqlite3_finalize(sqlite_probe_);
  }
  SearchWordRuns(const SearchWordRuns&) = delete;
  SearchWordRuns& operator=(const SearchWordRuns&) = delete;

  // Finds the word's distinct terms by seeking from one to the next.
  void FindRuns(int max_runs) {
    std::string from = low_, term;
    soci::indicator got = soci::i_null;
    soci::statement next =
        (db_.sql().prepare << "SELECT term FROM customer_search_terms WHERE "
                              "workspace_id = :w AND term >= :f AND term < "
                              ":h ORDER BY term LIMIT 1",
         soci::use(workspace_), soci::use(from), soci::use(high_),
         soci::into(term, got));
    for (int looked = 0;; ++looked) {
      if (!next.execute(true) || got != soci::i_ok) return;
      if (looked == max_runs) {
        partial = true;  // more terms than are looked at
        return;
      }
      const size_t space = term.find(' ');
      if (space != std::string::npos) {
        // A whole name (or an identifier with a space): its customer may
        // have no term of its own for the word, so the word is partial.
        // Every term that begins with the same word and a space sorts
        // below that word and '!': one seek jumps over all of them.
        partial = true;
        from = term.substr(0, space) + "!";
        continue;
      }
      from = term + "\x01";  // the least string above `term` (no NULs)
      if (without_emails_ && term.find('@') != std::string::npos) continue;
      runs.push_back(OpenTermRun(db_, workspace_, term));
    }
  }

  // The least id at or above `target` with a term of the runs.
  std::optional<int64_t> SeekTo(int64_t target) {
    std::optional<int64_t> least;
    for (auto& run : runs) {
      auto at = run->SeekTo(target);
      if (at && (!least || *at < *least)) least = at;
    }
    return least;
  }

  // Whether customer `id` has a term in the word's range.
  bool Contains(int64_t id) {
    for (auto& run : runs) {
      auto at = run->SeekTo(id);
      if (at && *at == id) return true;
    }
    return partial && Probe(id);
  }

  std::vector<std::unique_ptr<SearchTermRun>> runs;
  bool partial = false;

 private:
  // One lookup in the customer's own terms (a few rows), never the word's
  // range: SQLite is told which index, PostgreSQL's planner picks it for
  // the equality on customer_id.
  std::string ProbeSql(bool sqlite) const {
    return std::string("SELECT customer_id FROM customer_search_terms") +
           (sqlite ? " INDEXED BY customer_search_terms_customer" : "") +
           " WHERE customer_id = :c AND workspace_id = :w AND term >= :lo "
           "AND term < :hi" +
           (without_emails_ ? " AND term NOT LIKE '%@%'" : "") + " LIMIT 1";
  }

  bool Probe(int64_t id) {
    if (db_.backend() == Backend::kSqlite) return ProbeSqlite(id);
    if (!probe_) {
      probe_ = std::make_unique<soci::statement>(
          (db_.sql().prepare << ProbeSql(false), soci::use(probe_id_),
           soci::use(workspace_), soci::use(low_), soci::use(high_),
           soci::into(probe_hit_)));
    }
    probe_id_ = id;
    return probe_->execute(true);
  }

  bool ProbeSqlite(int64_t id) {
    sqlite3* handle = static_cast<sqlite3*>(db_.sqlite_handle());
    if (!sqlite_probe_) {
      const std::string text = ProbeSql(true);
      if (sqlite3_prepare_v2(handle, text.c_str(), -1, &sqlite_probe_,
                             nullptr) != SQLITE_OK) {
        throw std::runtime_error(sqlite3_errmsg(handle));
      }
      sqlite3_bind_int64(sqlite_probe_, 2, workspace_);
      sqlite3_bind_text(sqlite_probe_, 3, low_.data(),
                        static_cast<int>(low_.size()), SQLITE_STATIC);
      sqlite3_bind_text(sqlite_probe_, 4, high_.data(),
                        static_cast<int>(high_.size()), SQLITE_STATIC);
    }
    sqlite3_reset(sqlite_probe_);
    sqlite3_bind_int64(sqlite_probe_, 1, id);
    const int code = sqlite3_step(sqlite_probe_);
    if (code != SQLITE_ROW && code != SQLITE_DONE) {
      throw std::runtime_error(sqlite3_errmsg(handle));
    }
    return code == SQLITE_ROW;
  }

  Database& db_;
  long long workspace_;
  std::string low_, high_;
  bool without_emails_;
  long long probe_id_ = 0, probe_hit_ = 0;
  std::unique_ptr<soci::statement> probe_;
  sqlite3_stmt* sqlite_probe_ = nullptr;
};

WordRunIntersection::~WordRunIntersection() = default;

std::unique_ptr<WordRunIntersection> WordRunIntersection::Open(
    Database& db, const WordRangeQuery& query, int max_runs) {
  std::unique_ptr<WordRunIntersection> out(new WordRunIntersection());
  for (size_t i = 0; i < query.words.size(); ++i) {
    auto word = std::make_unique<SearchWordRuns>(db, query, i);
    word->FindRuns(max_runs);
    if (!word->partial && word->runs.empty()) {
      out->from_ = -1;  // a word with no match: nothing in common
    }
    (word->partial ? out->partial_ : out->exact_).push_back(std::move(word));
  }
  if (out->exact_.empty()) return nullptr;
  return out;
}

std::optional<int64_t> WordRunIntersection::Next() {
  if (from_ < 0) return std::nullopt;
  int64_t candidate = from_;
  for (;;) {
    // Leapfrog: each exact word moves the candidate up to its next id
    // until they all agree on one.
    bool agreed = false;
    while (!agreed) {
      agreed = true;
      for (auto& word : exact_) {
        auto at = word->SeekTo(candidate);
        if (!at) {
          from_ = -1;
          return std::nullopt;
        }
        if (*at != candidate) {
          candidate = *at;
          agreed = false;
        }
      }
    }
    from_ = candidate + 1;
    bool all = true;
    for (auto& word : partial_) {
      if (!word->Contains(candidate)) {
        all = false;
        break;
      }
    }
    if (all) return candidate;
    candidate = from_;
  }
}

}  // namespace vafa::store
