#include "store/customer_repository.h"

#include <soci/soci.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/persian_text.h"
#include "core/phone.h"
#include "store/search_words.h"
#include "store/sql_values.h"

namespace vafa::store {
namespace {

constexpr char kColumns[] =
    "id, workspace_id, external_id, kind, parent_id, first_name, last_name, "
    "organisation_name, display_name, national_id, phone, email, gender, "
    "birth_date, city, province, acquisition_channel, acquisition_cost_minor, "
    "joined_at, language, created_at, updated_at, deleted_at, batch_id, "
    "version";

constexpr char kCustomersWithTerm[] =
    "SELECT customer_id FROM customer_search_terms WHERE workspace_id = :w "
    "AND term = :t ORDER BY customer_id LIMIT :n";

Customer CustomerFromRow(const soci::row& row) {
  Customer c;
  c.id = RowInt(row, 0);
  c.workspace_id = RowInt(row, 1);
  c.external_id = RowText(row, 2);
  c.kind = RowText(row, 3);
  c.parent_id = RowInt(row, 4);
  c.first_name = RowText(row, 5);
  c.last_name = RowText(row, 6);
  c.organisation_name = RowText(row, 7);
  c.display_name = RowText(row, 8);
  c.national_id = RowText(row, 9);
  c.phone = RowText(row, 10);
  c.email = RowText(row, 11);
  c.gender = RowText(row, 12);
  c.birth_date = RowText(row, 13);
  c.city = RowText(row, 14);
  c.province = RowText(row, 15);
  c.acquisition_channel = RowText(row, 16);
  c.acquisition_cost_minor = RowOptionalInt(row, 17);
  c.joined_at = RowOptionalInt(row, 18);
  c.language = RowText(row, 19);
  c.created_at = RowInt(row, 20);
  c.updated_at = RowInt(row, 21);
  c.deleted_at = RowOptionalInt(row, 22);
  c.batch_id = RowInt(row, 23);
  c.version = static_cast<int>(RowInt(row, 24));
  return c;
}

}  // namespace

bool SameContent(const Customer& a, const Customer& b) {
  return a.external_id == b.external_id && a.kind == b.kind &&
         a.parent_id == b.parent_id && a.first_name == b.first_name &&
         a.last_name == b.last_name &&
         a.organisation_name == b.organisation_name &&
         a.display_name == b.display_name && a.national_id == b.national_id &&
         a.phone == b.phone && a.email == b.email && a.gender == b.gender &&
         a.birth_date == b.birth_date && a.city == b.city &&
         a.province == b.province &&
         a.acquisition_channel == b.acquisition_channel &&
         a.acquisition_cost_minor == b.acquisition_cost_minor &&
         a.joined_at == b.joined_at && a.language == b.language;
}

std::string DisplayNameOf(const Customer& customer) {
  if (customer.kind == "organisation" && !customer.organisation_name.empty()) {
    return customer.organisation_name;
  }
  std::string name = customer.first_name;
  if (!customer.last_name.empty()) {
    if (!name.empty()) name += ' ';
    name += customer.last_name;
  }
  if (name.empty()) name = customer.organisation_name;
  if (name.empty()) name = customer.external_id;
  return name;
}

Result<CustomerKey> ParseCustomerKey(std::string_view name) {
  if (name == "external_id" || name == "id") return CustomerKey::kExternalId;
  if (name == "national_id") return CustomerKey::kNationalId;
  if (name == "phone") return CustomerKey::kPhone;
  if (name == "email") return CustomerKey::kEmail;
  return Status::Invalid(
      "unknown customer key \"" + std::string(name) +
          "\" (use external_id, national_id, phone or email)",
      "key");
}

std::string_view CustomerKeyName(CustomerKey key) {
  switch (key) {
    case CustomerKey::kExternalId:
      return "external_id";
    case CustomerKey::kNationalId:
      return "national_id";
    case CustomerKey::kPhone:
      return "phone";
    case CustomerKey::kEmail:
      return "email";
  }
  return "external_id";
}

const std::string& CustomerKeyValue(const Customer& customer, CustomerKey key) {
  switch (key) {
    case CustomerKey::kExternalId:
      return customer.external_id;
    case CustomerKey::kNationalId:
      return customer.national_id;
    case CustomerKey::kPhone:
      return customer.phone;
    case CustomerKey::kEmail:
      return customer.email;
  }
  return customer.external_id;
}

std::vector<std::string> SearchTermsOf(const Customer& customer) {
  std::vector<std::string> terms;
  AddWords(customer.first_name, terms);
  AddWords(customer.last_name, terms);
  AddWords(customer.organisation_name, terms);
  // The whole name as one term too ("علی کریمی"), so a name typed in order
  // is one prefix range instead of an intersection of common words.
  std::vector<std::string> name_words;
  AddWords(customer.display_name, name_words);
  if (name_words.size() > 1) {
    std::string phrase = name_words[0];
    for (size_t i = 1; i < name_words.size(); ++i)
      phrase += ' ' + name_words[i];
    terms.push_back(std::move(phrase));
  }
  terms.insert(terms.end(), name_words.begin(), name_words.end());
  if (!customer.phone.empty()) {
    std::string digits = OnlyDigits(customer.phone);
    terms.push_back(digits);
    // Iranian numbers are typed in national form too: 0912...
    if (digits.size() > 2 && digits.compare(0, 2, "98") == 0) {
      terms.push_back("0" + digits.substr(2));
    }
  }
  if (!customer.national_id.empty()) terms.push_back(customer.national_id);
  if (!customer.email.empty())
    terms.push_back(NormalizeForSearch(customer.email));
  if (!customer.external_id.empty()) {
    terms.push_back(NormalizeForSearch(customer.external_id));
  }
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  terms.erase(std::remove(terms.begin(), terms.end(), std::string()),
              terms.end());
  return terms;
}

Status CustomerRepository::WriteSearchTerms(const Customer& customer,
                                            bool replace) {
  if (replace) {
    db_.sql() << "DELETE FROM customer_search_terms WHERE customer_id = :c",
        soci::use(customer.id);
  }
  std::vector<std::string> terms = SearchTermsOf(customer);
  if (terms.empty()) return Status::Ok();
  std::vector<long long> workspace(terms.size(), customer.workspace_id);
  std::vector<long long> ids(terms.size(), customer.id);
  db_.sql() << "INSERT INTO customer_search_terms (workspace_id, term, "
               "customer_id) VALUES (:w, :t, :c)",
      soci::use(workspace), soci::use(terms), soci::use(ids);
  return Status::Ok();
}

Status CustomerRepository::Insert(Customer& c) {
  try {
    if (c.display_name.empty()) c.display_name = DisplayNameOf(c);
    NullableText external(c.external_id), first(c.first_name),
        last(c.last_name), org(c.organisation_name), nid(c.national_id),
        phone(c.phone), email(c.email), gender(c.gender), birth(c.birth_date),
        city(c.city), province(c.province), channel(c.acquisition_channel),
        language(c.language);
    NullableInt parent(c.parent_id == 0 ? std::nullopt
                                        : std::optional<int64_t>(c.parent_id));
    NullableInt cost(c.acquisition_cost_minor), joined(c.joined_at),
        batch(c.batch_id == 0 ? std::nullopt
                              : std::optional<int64_t>(c.batch_id));
    long long workspace = c.workspace_id, created = c.created_at,
              updated = c.updated_at;
    std::string returning =
        db_.backend() == Backend::kPostgres ? " RETURNING id" : "";
    soci::statement insert =
        (db_.sql().prepare
             << "INSERT INTO customers (workspace_id, external_id, kind, "
                "parent_id, first_name, last_name, organisation_name, "
                "display_name, national_id, phone, email, gender, birth_date, "
                "city, province, acquisition_channel, acquisition_cost_minor, "
                "joined_at, language, created_at, updated_at, batch_id, "
                "version) VALUES (:w, :e, :k, :p, :f, :l, :o, :d, :n, :ph, "
                ":em, :g, :b, :ci, :pr, :ch, :co, :j, :la, :cr, :up, :ba, 1)" +
                    returning,
         soci::use(workspace), external.use(), soci::use(c.kind), parent.use(),
         first.use(), last.use(), org.use(), soci::use(c.display_name),
         nid.use(), phone.use(), email.use(), gender.use(), birth.use(),
         city.use(), province.use(), channel.use(), cost.use(), joined.use(),
         language.use(), soci::use(created), soci::use(updated), batch.use());
    long long id = 0;
    if (db_.backend() == Backend::kPostgres) {
      insert.exchange(soci::into(id));
      insert.define_and_bind();
      insert.execute(true);
    } else {
      insert.execute(true);
      db_.sql() << "SELECT last_insert_rowid()", soci::into(id);
    }
    c.id = id;
    c.version = 1;
    return WriteSearchTerms(c, /*replace=*/false);
  } catch (const std::exception& error) {
    return DatabaseError("inserting customer", error);
  }
}

Status CustomerRepository::Update(Customer& c) {
  try {
    if (c.display_name.empty()) c.display_name = DisplayNameOf(c);
    NullableText external(c.external_id), first(c.first_name),
        last(c.last_name), org(c.organisation_name), nid(c.national_id),
        phone(c.phone), email(c.email), gender(c.gender), birth(c.birth_date),
        city(c.city), province(c.province), channel(c.acquisition_channel),
        language(c.language);
    NullableInt parent(c.parent_id == 0 ? std::nullopt
                                        : std::optional<int64_t>(c.parent_id));
    NullableInt cost(c.acquisition_cost_minor), joined(c.joined_at);
    long long workspace = c.workspace_id, id = c.id, updated = c.updated_at;
    soci::statement update =
        (db_.sql().prepare
             << "UPDATE customers SET external_id = :e, kind = :k, "
                "parent_id = :p, first_name = :f, last_name = :l, "
                "organisation_name = :o, display_name = :d, national_id = :n, "
                "phone = :ph, email = :em, gender = :g, birth_date = :b, "
                "city = :ci, province = :pr, acquisition_channel = :ch, "
                "acquisition_cost_minor = :co, joined_at = :j, language = :la, "
                "updated_at = :up, version = version + 1 "
                "WHERE workspace_id = :w AND id = :id",
         external.use(), soci::use(c.kind), parent.use(), first.use(),
         last.use(), org.use(), soci::use(c.display_name), nid.use(),
         phone.use(), email.use(), gender.use(), birth.use(), city.use(),
         province.use(), channel.use(), cost.use(), joined.use(),
         language.use(), soci::use(updated), soci::use(workspace),
         soci::use(id));
    update.execute(true);
    if (update.get_affected_rows() == 0) {
      return Status::NotFound("customer " + std::to_string(c.id) +
                              " does not exist");
    }
    c.version += 1;
    return WriteSearchTerms(c, /*replace=*/true);
  } catch (const std::exception& error) {
    return DatabaseError("updating customer", error);
  }
}

Status CustomerRepository::Delete(int64_t workspace_id, int64_t customer_id) {
  try {
    long long w = workspace_id, id = customer_id;
    db_.sql() << "DELETE FROM customer_search_terms WHERE customer_id = :c",
        soci::use(id);
    db_.sql()
        << "DELETE FROM scores WHERE workspace_id = :w AND customer_id = :c",
        soci::use(w), soci::use(id);
    db_.sql() << "DELETE FROM customers WHERE workspace_id = :w AND id = :c",
        soci::use(w), soci::use(id);
    return Status::Ok();
  } catch (const std::exception& error) {
    return DatabaseError("deleting customer", error);
  }
}

Status CustomerRepository::SoftDelete(int64_t workspace_id, int64_t customer_id,
                                      int64_t at) {
  try {
    long long w = workspace_id, id = customer_id, when = at;
    soci::statement st =
        (db_.sql().prepare << "UPDATE customers SET deleted_at = :at, "
                              "updated_at = :at2, version = version + 1 "
                              "WHERE workspace_id = :w AND id = :id AND "
                              "deleted_at IS NULL",
         soci::use(when), soci::use(when), soci::use(w), soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      return Status::NotFound("customer " + std::to_string(customer_id) +
                              " does not exist");
    }
    return Status::Ok();
  } catch (const std::exception& error) {
    return DatabaseError("deleting customer", error);
  }
}

Status CustomerRepository::Restore(int64_t workspace_id, int64_t customer_id) {
  try {
    long long w = workspace_id, id = customer_id;
    soci::statement st =
        (db_.sql().prepare << "UPDATE customers SET deleted_at = NULL, "
                              "version = version + 1 WHERE workspace_id = :w "
                              "AND id = :id AND deleted_at IS NOT NULL "
                              "AND merged_into IS NULL",
         soci::use(w), soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      // A merged customer comes back only by undoing its merge.
      return Status::NotFound("deleted customer " +
                              std::to_string(customer_id) +
                              " does not exist (a merged customer comes "
                              "back by undoing its merge)");
    }
    return Status::Ok();
  } catch (const std::exception& error) {
    return DatabaseError("restoring customer", error);
  }
}

Result<Customer> CustomerRepository::Get(int64_t workspace_id,
                                         int64_t customer_id) {
  auto many = GetMany(workspace_id, {customer_id});
  if (!many.ok()) return many.status();
  if (many->empty()) {
    return Status::NotFound("customer " + std::to_string(customer_id) +
                            " does not exist");
  }
  return std::move(many->front());
}

namespace {

// The read of one customer by id, prepared once per connection: every API
// read of a customer takes it.
struct CustomerByIdStatement {
  explicit CustomerByIdStatement(soci::session& sql)
      : statement((sql.prepare << std::string("SELECT ") + kColumns +
                                      " FROM customers WHERE workspace_id = "
                                      ":w AND id = :id",
                   soci::use(workspace), soci::use(id), soci::into(row))) {}
  long long workspace = 0, id = 0;
  soci::row row;
  soci::statement statement;
};

// The read of up to kIdsPerRead customers in one statement, prepared once
// per connection: a page of the list or of search answers is one execution
// (one lock of the store, one step through the index per id) instead of one
// statement per customer. Places a batch does not need repeat its last id.
constexpr size_t kIdsPerRead = 32;

struct CustomersByIdsStatement {
  explicit CustomersByIdsStatement(soci::session& sql)
      : ids(kIdsPerRead), statement(sql) {
    // "+workspace_id" keeps SQLite's planner off the (workspace_id, ...)
    // indexes, which without ANALYZE statistics it would scan whole instead
    // of looking each id up by primary key (it is unary plus in both SQLs).
    std::string text =
        std::string("SELECT ") + kColumns + " FROM customers WHERE id IN (";
    for (size_t i = 0; i < kIdsPerRead; ++i) {
      text += (i == 0 ? ":i" : ", :i") + std::to_string(i);
    }
    text += ") AND +workspace_id = :w";
    statement.exchange(soci::into(row));
    for (long long& id : ids) statement.exchange(soci::use(id));
    statement.exchange(soci::use(workspace));
    statement.alloc();
    statement.prepare(text);
    statement.define_and_bind();
  }
  long long workspace = 0;
  std::vector<long long> ids;  // never resized: the statement binds each
  soci::row row;
  soci::statement statement;
};

// Reads `ids` (any number, any order, repeats allowed) into `by_id`.
void ReadByIds(Database& db, int64_t workspace_id,
               const std::vector<int64_t>& ids,
               std::unordered_map<int64_t, Customer>& by_id) {
  auto& get = db.Kept<CustomersByIdsStatement>(
      [&db] { return new CustomersByIdsStatement(db.sql()); });
  get.workspace = workspace_id;
  for (size_t at = 0; at < ids.size(); at += kIdsPerRead) {
    const size_t n = std::min(kIdsPerRead, ids.size() - at);
    for (size_t i = 0; i < kIdsPerRead; ++i) {
      get.ids[i] = ids[at + std::min(i, n - 1)];
    }
    // Fetched to the end, so that the statement is done and keeps no read
    // transaction open between requests (SQLite would go on reading the
    // snapshot it started in).
    get.statement.execute(false);
    while (get.statement.fetch()) {
      Customer customer = CustomerFromRow(get.row);
      const int64_t id = customer.id;
      by_id.insert_or_assign(id, std::move(customer));
    }
  }
}

}  // namespace

Result<std::vector<int64_t>> CustomerRepository::WithTerm(int64_t workspace_id,
                                                          std::string_view term,
                                                          int limit) {
  std::vector<int64_t> ids;
  try {
    long long w = workspace_id, n = limit, id = 0;
    std::string t(term);
    soci::statement st = (db_.sql().prepare << kCustomersWithTerm, soci::use(w),
                          soci::use(t), soci::use(n), soci::into(id));
    st.execute(false);
    while (st.fetch()) ids.push_back(id);
  } catch (const std::exception& error) {
    return DatabaseError("reading customers by search term", error);
  }
  return ids;
}

Result<std::vector<Customer>> CustomerRepository::GetMany(
    int64_t workspace_id, const std::vector<int64_t>& ids) {
  std::vector<Customer> found;
  if (ids.size() == 1) {
    try {
      auto& get = db_.Kept<CustomerByIdStatement>(
          [this] { return new CustomerByIdStatement(db_.sql()); });
      get.workspace = workspace_id;
      get.id = ids.front();
      get.statement.execute(false);
      while (get.statement.fetch()) found.push_back(CustomerFromRow(get.row));
    } catch (const std::exception& error) {
      db_.Forget<CustomerByIdStatement>();
      return DatabaseError("reading customers", error);
    }
    return found;
  }
  std::unordered_map<int64_t, Customer> by_id;
  try {
    ReadByIds(db_, workspace_id, ids, by_id);
  } catch (const std::exception& error) {
    db_.Forget<CustomersByIdsStatement>();
    return DatabaseError("reading customers", error);
  }
  // In the order asked, an id asked twice answered twice. Each row is moved
  // into the answer (a page of search answers copies no customer); only a
  // repeat is copied from where it was placed.
  found.reserve(ids.size());
  std::unordered_map<int64_t, size_t> placed;
  for (int64_t id : ids) {
    if (auto it = by_id.find(id); it != by_id.end()) {
      placed.emplace(id, found.size());
      found.push_back(std::move(it->second));
      by_id.erase(it);
    } else if (auto at = placed.find(id); at != placed.end()) {
      found.push_back(found[at->second]);
    }
  }
  return found;
}

Result<std::optional<Customer>> CustomerRepository::FindByKey(
    int64_t workspace_id, CustomerKey key, std::string_view value) {
  try {
    long long w = workspace_id;
    std::string v(value);
    std::string sql = std::string("SELECT ") + kColumns +
                      " FROM customers WHERE workspace_id = :w AND " +
                      std::string(CustomerKeyName(key)) +
                      " = :v ORDER BY id LIMIT 1";
    soci::row row;
    soci::statement st =
        (db_.sql().prepare << sql, soci::use(w), soci::use(v), soci::into(row));
    if (st.execute(true)) return std::optional<Customer>(CustomerFromRow(row));
    return std::optional<Customer>();
  } catch (const std::exception& error) {
    return DatabaseError("finding customer", error);
  }
}

Result<std::vector<Customer>> CustomerRepository::List(int64_t workspace_id,
                                                       int64_t after_id,
                                                       int limit,
                                                       bool include_deleted) {
  std::vector<Customer> page;
  try {
    long long w = workspace_id, after = after_id;
    int n = limit;
    // On SQLite, "+workspace_id" keeps the planner (which has no ANALYZE
    // statistics) from reading the workspace through one of the
    // (workspace_id, ...) indexes and sorting all its customers for every
    // page (quadratic over a whole-base read): the page is then a range of
    // the primary key. PostgreSQL's planner, with statistics, chooses for
    // itself, and a small workspace among large ones keeps its index.
    const char* workspace_is = db_.backend() == Backend::kSqlite
                                   ? " FROM customers WHERE +workspace_id = :w"
                                   : " FROM customers WHERE workspace_id = :w";
    std::string sql = std::string("SELECT ") + kColumns + workspace_is +
                      " AND id > :a" +
                      (include_deleted ? "" : " AND deleted_at IS NULL") +
                      " ORDER BY id LIMIT :n";
    soci::rowset<soci::row> rows = (db_.sql().prepare << sql, soci::use(w),
                                    soci::use(after), soci::use(n));
    for (const soci::row& row : rows) page.push_back(CustomerFromRow(row));
  } catch (const std::exception& error) {
    return DatabaseError("listing customers", error);
  }
  return page;
}

Result<int64_t> CustomerRepository::RebuildSearchTerms(int64_t workspace_id) {
  int64_t count = 0;
  Status done = InTransaction(db_, [&]() -> Status {
    int64_t after = 0;
    while (true) {
      VAFA_ASSIGN_OR_RETURN(auto page, List(workspace_id, after, 5000,
                                            /*include_deleted=*/true));
      if (page.empty()) return Status::Ok();
      try {
        for (const Customer& customer : page) {
          VAFA_RETURN_IF_ERROR(WriteSearchTerms(customer, /*replace=*/true));
        }
      } catch (const std::exception& error) {
        return DatabaseError("rewriting search terms", error);
      }
      count += static_cast<int64_t>(page.size());
      after = page.back().id;
    }
  });
  if (!done.ok()) return done;
  return count;
}

Result<std::vector<std::pair<std::string, int64_t>>>
CustomerRepository::KeyIndex(int64_t workspace_id, CustomerKey key) {
  std::vector<std::pair<std::string, int64_t>> pairs;
  try {
    long long w = workspace_id;
    std::string column(CustomerKeyName(key));
    std::string value;
    long long id = 0;
    soci::indicator value_ind = soci::i_ok;
    soci::statement st =
        (db_.sql().prepare << "SELECT " + column +
                                  ", id FROM customers WHERE "
                                  "workspace_id = :w AND " +
                                  column + " IS NOT NULL",
         soci::use(w), soci::into(value, value_ind), soci::into(id));
    st.execute();
    while (st.fetch()) pairs.emplace_back(value, id);
  } catch (const std::exception& error) {
    return DatabaseError("reading customer keys", error);
  }
  // In id order whatever the plan (a table scan follows the rows' places,
  // which an update moves on PostgreSQL): where customers share a value,
  // the one an import finds first is the oldest, as FindByKey's.
  std::stable_sort(
      pairs.begin(), pairs.end(),
      [](const auto& a, const auto& b) { return a.second < b.second; });
  return pairs;
}

Result<std::vector<std::pair<std::string, int64_t>>>
CustomerRepository::MergedKeyIndex(int64_t workspace_id, CustomerKey key) {
  std::vector<std::pair<std::string, int64_t>> pairs;
  try {
    long long w = workspace_id;
    std::string column(CustomerKeyName(key));
    std::string value;
    long long kept = 0;
    soci::statement st =
        (db_.sql().prepare << "SELECT " + column +
                                  ", merged_into FROM customers WHERE "
                                  "workspace_id = :w AND merged_into IS NOT "
                                  "NULL AND " +
                                  column + " IS NOT NULL ORDER BY id",
         soci::use(w), soci::into(value), soci::into(kept));
    st.execute();
    while (st.fetch()) pairs.emplace_back(value, kept);
  } catch (const std::exception& error) {
    return DatabaseError("reading merged customers' keys", error);
  }
  return pairs;
}

Result<int64_t> CustomerRepository::Count(int64_t workspace_id) {
  try {
    long long w = workspace_id, count = 0;
    db_.sql() << "SELECT COUNT(*) FROM customers WHERE workspace_id = :w AND "
                 "deleted_at IS NULL",
        soci::use(w), soci::into(count);
    return static_cast<int64_t>(count);
  } catch (const std::exception& error) {
    return DatabaseError("counting customers", error);
  }
}

}  // namespace vafa::store
