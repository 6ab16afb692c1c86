// CustomerRepository::Search: the plan is described beside SearchPlan in
// customer_repository.h.
#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_set>

#include "core/phone.h"
#include "store/customer_repository.h"
#include "store/customer_search_runs.h"
#include "store/search_words.h"
#include "store/sql_values.h"

namespace vafa::store {
namespace {

constexpr char kFrom[] = " FROM customer_search_terms ";

// What one query searches: its words (rarest first once counted), their
// range ends, and the filter that leaves e-mail terms out.
struct Query : WordRangeQuery {
  // E-mail terms are the only ones with an '@' (SearchTermsOf); a name with
  // one is then found by its other words.
  std::string TermFilter(const std::string& alias) const {
    return without_emails ? " AND " + alias + ".term NOT LIKE '%@%'"
                          : std::string();
  }
};

// The ids found so far, in the order they are answered, each once.
class Found {
 public:
  explicit Found(int limit) : limit_(limit) {}
  bool full() const { return static_cast<int>(ids_.size()) >= limit_; }
  void Add(int64_t id) {
    if (!full() && seen_.insert(id).second) ids_.push_back(id);
  }
  bool Has(int64_t id) const { return seen_.contains(id); }
  size_t room() const { return full() ? 0 : limit_ - ids_.size(); }
  const std::vector<int64_t>& ids() const { return ids_; }

 private:
  int limit_;
  std::vector<int64_t> ids_;
  std::unordered_set<int64_t> seen_;
};

// A name typed in order is a prefix of a customer's whole-name term: one
// range scan, in term order, of at most twice the page's terms (a customer
// can have two whole-name terms that match; should the scan stop short of
// a page for that, the word-by-word scans that follow find the rest).
// The order is asked for (the primary key's, so an index scan of it needs
// no sort): without it the rows and their order are the plan's, and a
// bitmap scan or a hash join answers another page. Prepared once per
// connection and filter.

template <bool kWithoutEmails>
struct PhraseStatement {
  explicit PhraseStatement(soci::session& sql)
      : statement(
            (sql.prepare
                 << std::string(
                        "SELECT t.customer_id FROM customer_search_terms t "
                        "JOIN customers c ON c.id = t.customer_id AND "
                        "c.deleted_at IS NULL WHERE t.workspace_id = :w AND "
                        "t.term >= :lo AND t.term < :hi") +
                        (kWithoutEmails ? " AND t.term NOT LIKE '%@%'" : "") +
                        " ORDER BY t.term, t.customer_id LIMIT :n",
             soci::use(workspace), soci::use(low), soci::use(high),
             soci::use(rows), soci::into(id))) {}
  long long workspace = 0, rows = 0, id = 0;
  std::string low, high;
  soci::statement statement;
};

template <bool kWithoutEmails>
void ScanPhraseWith(Database& db, const Query& query, int limit, Found& found) {
  using Statement = PhraseStatement<kWithoutEmails>;
  auto& scan = db.Kept<Statement>([&db] { return new Statement(db.sql()); });
  scan.workspace = query.workspace;
  scan.low = query.words[0];
  for (size_t i = 1; i < query.words.size(); ++i) {
    scan.low += ' ' + query.words[i];
  }
  scan.high = PrefixEnd(scan.low);
  scan.rows = 2LL * limit;
  try {
    // Fetched to the end, so that the statement is done when the search's
    // read transaction ends.
    scan.statement.execute(false);
    while (scan.statement.fetch()) found.Add(scan.id);
  } catch (...) {
    db.Forget<Statement>();
    throw;
  }
}

void ScanPhrase(Database& db, const Query& query, int limit, Found& found) {
  if (query.without_emails) {
    ScanPhraseWith<true>(db, query, limit, found);
  } else {
    ScanPhraseWith<false>(db, query, limit, found);
  }
}

// Each word's matches counted up to `cap` (an index range of at most `cap`
// entries); the words are put rarest first. Returns the smallest count.
long long SortWordsByCount(soci::session& sql, Query& query, int cap) {
  std::vector<std::pair<long long, size_t>> counts;
  long long w = query.workspace;
  for (size_t i = 0; i < query.words.size(); ++i) {
    long long count = 0;
    sql << std::string("SELECT COUNT(*) FROM (SELECT 1") + kFrom +
               "WHERE workspace_id = :w AND term >= :lo AND term < :hi" +
               query.TermFilter("customer_search_terms") + " LIMIT " +
               std::to_string(cap) + ") capped",
        soci::use(w), soci::use(query.words[i]), soci::use(query.highs[i]),
        soci::into(count);
    counts.emplace_back(count, i);
  }
  std::stable_sort(counts.begin(), counts.end());
  Query sorted = query;
  for (size_t k = 0; k < counts.size(); ++k) {
    sorted.words[k] = query.words[counts[k].second];
    sorted.highs[k] = query.highs[counts[k].second];
  }
  query = std::move(sorted);
  return counts.front().first;
}

// The statement of ScanDriven below for `words` words: the driving range
// (its first `rows` rows when positive) with a probe of each other word,
// answered in the range's order, the primary key's (workspace_id, term,
// customer_id). Both orders are asked for: without them the rows a bound
// keeps and the order of the answer are the plan's. Where the planner
// walks the key in order (both backends, for the kept scan bounded by the
// page and for a bounded driving range; SQLite for a whole range) neither
// costs a sort. Otherwise only the ids that pass the probes are sorted:
// SQLite materialises a bounded driving range (at most `rows` ids), and
// PostgreSQL may read a whole unbounded range with bitmap scans and a
// hash join (as it may without the order).
std::string DrivenSql(size_t words, const Query& query, int rows) {
  std::string driving =
      "SELECT t0.customer_id, t0.term FROM customer_search_terms t0 WHERE "
      "t0.workspace_id = :w0 AND t0.term >= :lo0 AND t0.term < :hi0" +
      query.TermFilter("t0");
  if (rows > 0) {
    driving +=
        " ORDER BY t0.term, t0.customer_id LIMIT " + std::to_string(rows);
  }
  std::string text = "SELECT d.customer_id FROM (" + driving +
                     ") d JOIN customers c ON c.id = d.customer_id AND "
                     "c.deleted_at IS NULL WHERE 1 = 1";
  for (size_t i = 1; i < words; ++i) {
    const std::string n = std::to_string(i);
    const std::string t = "t" + n;
    text += " AND EXISTS (SELECT 1 FROM customer_search_terms " + t +
            " WHERE " + t + ".workspace_id = :w" + n + " AND " + t +
            ".customer_id = d.customer_id AND " + t + ".term >= :lo" + n +
            " AND " + t + ".term < :hi" + n + query.TermFilter(t) + ")";
  }
  return text + " ORDER BY d.term, d.customer_id";
}

// Rows read past the page's room by the kept driven scan, for customers
// that two terms of the range name (a first name and the whole name that
// begins with it).
constexpr long long kDrivenSlack = 8;

// The driven scan over a whole range (every one-word search takes it: a
// phone, a name), prepared once per connection, word count and filter, as
// its preparation cost as much CPU as its execution. Its result is bounded
// by the page's room and read to its end, so the kept statement never holds
// a read transaction between requests.
template <size_t kWords, bool kWithoutEmails>
struct DrivenStatement {
  explicit DrivenStatement(soci::session& sql) : statement(sql) {
    Query shape;
    shape.without_emails = kWithoutEmails;
    statement.exchange(soci::into(id));
    for (size_t i = 0; i < kWords; ++i) {
      statement.exchange(soci::use(workspace));
      statement.exchange(soci::use(words[i]));
      statement.exchange(soci::use(highs[i]));
    }
    statement.exchange(soci::use(rows));
    statement.alloc();
    statement.prepare(DrivenSql(kWords, shape, 0) + " LIMIT :n");
    statement.define_and_bind();
  }
  long long workspace = 0, rows = 0, id = 0;
  std::array<std::string, kWords> words, highs;
  soci::statement statement;
};

// Fills `found` from the kept scan; false when the bound cut it short of
// both the range's end and a full page (repeated customers), so that the
// caller reads on.
template <size_t kWords, bool kWithoutEmails>
bool ScanDrivenKept(Database& db, const Query& query, Found& found) {
  using Statement = DrivenStatement<kWords, kWithoutEmails>;
  auto& scan = db.Kept<Statement>([&db] { return new Statement(db.sql()); });
  scan.workspace = query.workspace;
  for (size_t i = 0; i < kWords; ++i) {
    scan.words[i] = query.words[i];
    scan.highs[i] = query.highs[i];
  }
  scan.rows = static_cast<long long>(found.room()) + kDrivenSlack;
  long long read = 0;
  try {
    scan.statement.execute(false);
    while (scan.statement.fetch()) {
      found.Add(scan.id);
      ++read;
    }
  } catch (...) {
    db.Forget<Statement>();
    throw;
  }
  return read < scan.rows || found.full();
}

template <size_t kWords>
bool ScanDrivenKept(Database& db, const Query& query, Found& found) {
  return query.without_emails ? ScanDrivenKept<kWords, true>(db, query, found)
                              : ScanDrivenKept<kWords, false>(db, query, found);
}

// Customers whose terms match every word, driven by the first word's range
// in index order with a probe of the other words per row; the rows of the
// driving range looked at are at most `rows` when it is positive. Stops
// when `found` is full.
void ScanDriven(Database& db, const Query& query, int rows, Found& found) {
  if (rows <= 0) {
    bool done = false;
    switch (query.words.size()) {
      case 1:
        done = ScanDrivenKept<1>(db, query, found);
        break;
      case 2:
        done = ScanDrivenKept<2>(db, query, found);
        break;
      case 3:
        done = ScanDrivenKept<3>(db, query, found);
        break;
      case 4:
        done = ScanDrivenKept<4>(db, query, found);
        break;
    }
    if (done) return;
  }
  const std::string text = DrivenSql(query.words.size(), query, rows);
  soci::session& sql = db.sql();
  soci::statement st(sql);
  long long id = 0;
  long long w = query.workspace;
  st.exchange(soci::into(id));
  for (size_t i = 0; i < query.words.size(); ++i) {
    st.exchange(soci::use(w));
    st.exchange(soci::use(query.words[i]));
    st.exchange(soci::use(query.highs[i]));
  }
  st.alloc();
  st.prepare(text);
  st.define_and_bind();
  st.execute();
  // A prefix can match two terms of one customer; Found keeps the first.
  while (!found.full() && st.fetch()) found.Add(id);
}

// The customer ids of word `i`'s range, sorted and distinct; false when
// the range holds more than `bound` terms.
bool ReadWordIds(soci::session& sql, const Query& query, size_t i,
                 int64_t bound, std::vector<int64_t>& ids) {
  constexpr size_t kBatch = 4096;
  std::vector<long long> batch(kBatch);
  long long w = query.workspace;
  long long n = bound + 1;
  soci::statement st =
      (sql.prepare << std::string("SELECT customer_id") + kFrom +
                          "WHERE workspace_id = :w AND term >= :lo AND term "
                          "< :hi" +
                          query.TermFilter("customer_search_terms") +
                          " LIMIT :n",
       soci::use(w), soci::use(query.words[i]), soci::use(query.highs[i]),
       soci::use(n), soci::into(batch));
  st.execute();
  while (st.fetch()) {
    ids.insert(ids.end(), batch.begin(), batch.end());
    batch.resize(kBatch);
  }
  if (static_cast<int64_t>(ids.size()) > bound) return false;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return true;
}

// The ids whose terms match every word, ascending, from each word's range
// read whole; false when a range is over `bound`.
bool IntersectInMemory(soci::session& sql, const Query& query, int64_t bound,
                       std::vector<int64_t>& common) {
  for (size_t i = 0; i < query.words.size(); ++i) {
    std::vector<int64_t> ids;
    if (!ReadWordIds(sql, query, i, bound, ids)) return false;
    if (i == 0) {
      common = std::move(ids);
    } else {
      std::vector<int64_t> both;
      std::set_intersection(common.begin(), common.end(), ids.begin(),
                            ids.end(), std::back_inserter(both));
      common = std::move(both);
    }
    if (common.empty()) break;
  }
  return true;
}

// Tops the page up from the customers every word matches, in id order,
// leaving out customers already answered and deleted ones; reads no more
// of the intersection than the page still needs.
Status TopUpFromRuns(CustomerRepository& repo, int64_t workspace_id,
                     WordRunIntersection& runs, Found& found,
                     std::vector<Customer>& customers) {
  try {
    while (!found.full()) {
      const size_t want = found.room();
      std::vector<int64_t> batch;
      std::optional<int64_t> id;
      while (batch.size() < want && (id = runs.Next())) {
        if (!found.Has(*id)) batch.push_back(*id);
      }
      if (batch.empty()) break;
      auto more = repo.GetMany(workspace_id, batch);
      if (!more.ok()) return more.status();
      for (Customer& customer : *more) {
        if (customer.deleted_at) continue;
        found.Add(customer.id);
        customers.push_back(std::move(customer));
      }
      if (!id) break;  // the intersection is read to its end
    }
  } catch (const std::exception& error) {
    return DatabaseError("searching customers", error);
  }
  return Status::Ok();
}

// On SQLite, one read transaction around a search's statements: the store's
// locks are taken once instead of once per statement, and every statement
// reads the same snapshot. Nothing on PostgreSQL (a transaction there would
// cost two round trips), nor inside a transaction the caller opened.
class SqliteReadSnapshot {
 public:
  explicit SqliteReadSnapshot(Database& db)
      : db_(db),
        open_(db.backend() == Backend::kSqlite && !InOpenTransaction(db)) {
    if (open_) db_.sql() << "BEGIN";
  }
  ~SqliteReadSnapshot() {
    if (!open_) return;
    try {
      db_.sql() << "COMMIT";  // it wrote nothing: the same as ROLLBACK
    } catch (const std::exception&) {
      // The next statement on this connection reports the problem.
    }
  }
  SqliteReadSnapshot(const SqliteReadSnapshot&) = delete;
  SqliteReadSnapshot& operator=(const SqliteReadSnapshot&) = delete;

 private:
  Database& db_;
  bool open_;
};

}  // namespace

Result<std::vector<Customer>> CustomerRepository::Search(
    int64_t workspace_id, std::string_view text, int limit, Terms terms,
    const CustomerSearchPlan& plan) {
  // Words of the query, normalised as the stored terms are. A query that is
  // a phone number in any form also matches on its E.164 digits.
  Query query;
  query.workspace = workspace_id;
  query.without_emails = terms == Terms::kWithoutEmails;
  AddWords(text, query.words);
  if (query.words.empty()) return std::vector<Customer>();
  if (query.words.size() > 1 ||
      OnlyDigits(query.words[0]).size() == query.words[0].size()) {
    auto phone = NormalizePhone(text);
    if (phone.ok()) query.words = {OnlyDigits(*phone)};
  }
  if (query.words.size() > 4) query.words.resize(4);
  for (const std::string& word : query.words) {
    query.highs.push_back(PrefixEnd(word));
  }

  std::optional<SqliteReadSnapshot> snapshot;
  Found found(limit);
  std::vector<int64_t> common;  // from the in-memory intersection
  std::unique_ptr<WordRunIntersection> runs;
  try {
    snapshot.emplace(db_);
    soci::session& sql = db_.sql();
    if (query.words.size() == 1) {
      ScanDriven(db_, query, 0, found);
    } else {
      ScanPhrase(db_, query, limit, found);
      if (found.full()) return GetMany(workspace_id, found.ids());
      // Drive from the rarest word, so that a common first name does not
      // make every query walk its whole range.
      const long long fewest = SortWordsByCount(sql, query, plan.count_cap);
      if (fewest == 0) return GetMany(workspace_id, found.ids());
      const bool common_words = fewest >= plan.count_cap;
      // Every word common: the customers they all match, by id, read as
      // sorted runs of the index (customer_search_runs.h) as far as the
      // page needs, unless every word's range has whole-name terms.
      if (common_words) {
        runs = WordRunIntersection::Open(db_, query, plan.word_runs);
      }
      if (!runs) {
        ScanDriven(db_, query, common_words ? plan.dense_probe : 0, found);
        if (common_words && !found.full() &&
            !IntersectInMemory(sql, query, plan.range_bound, common)) {
          ScanDriven(db_, query, 0, found);  // a word too common to read
        }
      }
    }
  } catch (const std::exception& error) {
    return DatabaseError("searching customers", error);
  }
  auto customers = GetMany(workspace_id, found.ids());
  if (customers.ok() && runs) {
    Status topped =
        TopUpFromRuns(*this, workspace_id, *runs, found, *customers);
    if (!topped.ok()) return topped;
  }
  if (!customers.ok() || common.empty()) return customers;
  // Tops the page up from the intersection, in id order, leaving out
  // customers already answered and deleted ones.
  for (size_t at = 0; at < common.size() && !found.full();) {
    std::vector<int64_t> batch;
    for (; at < common.size() && batch.size() < 64; ++at) {
      if (!found.Has(common[at])) batch.push_back(common[at]);
    }
    auto more = GetMany(workspace_id, batch);
    if (!more.ok()) return more.status();
    for (Customer& customer : *more) {
      if (found.full()) break;
      if (customer.deleted_at) continue;
      found.Add(customer.id);
      customers->push_back(std::move(customer));
    }
  }
  return customers;
}

}  // namespace vafa::store
