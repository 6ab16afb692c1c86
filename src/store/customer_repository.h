// CustomerRepository: the customers table and its search terms.
//
// Search is Persian-aware and index-backed on both backends: every customer
// has rows in customer_search_terms, one per normalised word of its names
// (NormalizeForSearch), its identifiers (phone digits in international and
// national form, national id, email, external id); a query is split the same
// way and each word is a prefix range scan. No query scans the customers
// table.
#ifndef VAFA_STORE_CUSTOMER_REPOSITORY_H_
#define VAFA_STORE_CUSTOMER_REPOSITORY_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/customer.h"
#include "store/database.h"

namespace vafa::store {

// The identifier an import or a lookup matches customers on.
enum class CustomerKey { kExternalId, kNationalId, kPhone, kEmail };
Result<CustomerKey> ParseCustomerKey(std::string_view name);
std::string_view CustomerKeyName(CustomerKey key);
// The value of `key` in a customer ("" when it has none).
const std::string& CustomerKeyValue(const Customer& customer, CustomerKey key);

// Normalised words and identifiers of a customer, as stored for search.
std::vector<std::string> SearchTermsOf(const Customer& customer);

// How a query of several words is answered (customer_search.cc): a name
// typed in order is one range of whole-name terms; otherwise the rarest
// word drives and the others are checked per row. When every word has
// `count_cap` matches or more, the customers all words match are found in
// id order by seeking through each word's runs of the index (one per
// distinct term, at most `word_runs` terms looked at a word;
// customer_search_runs.h), stopping when the page is full: the page is the
// whole-name matches in term order, then the others by id. Only when every
// word's range has whole-name terms (all first names) is the per-row scan
// tried for at most `dense_probe` rows, and then each word's matches (at
// most `range_bound` a word) read in index order and intersected in
// memory; a word with more matches than `range_bound` sends the query back
// to the per-row scan. The results are the same set either way; tests
// shrink the numbers to reach every path on a small store.
struct CustomerSearchPlan {
  int count_cap = 2000;
  int dense_probe = 4000;
  int64_t range_bound = 400000;
  int word_runs = 32;
};

class CustomerRepository {
 public:
  explicit CustomerRepository(Database& db) : db_(db) {}

  // Inserts and sets customer.id; writes search terms.
  Status Insert(Customer& customer);
  // Updates every field of the stored row with this id (and its terms);
  // bumps version and updated_at.
  Status Update(Customer& customer);
  // Hard delete (for import revert of rows the batch created).
  Status Delete(int64_t workspace_id, int64_t customer_id);
  Status SoftDelete(int64_t workspace_id, int64_t customer_id, int64_t at);
  // NotFound for a customer merged into another (services/customers/
  // customer_merge.h): only undoing the merge brings it back.
  Status Restore(int64_t workspace_id, int64_t customer_id);

  // NotFound when absent or in another workspace.
  Result<Customer> Get(int64_t workspace_id, int64_t customer_id);
  Result<std::optional<Customer>> FindByKey(int64_t workspace_id,
                                            CustomerKey key,
                                            std::string_view value);
  // Customers whose ids are in `ids`, in the order given (missing skipped).
  Result<std::vector<Customer>> GetMany(int64_t workspace_id,
                                        const std::vector<int64_t>& ids);
  // Keyset page ordered by id: ids greater than `after_id`.
  Result<std::vector<Customer>> List(int64_t workspace_id, int64_t after_id,
                                     int limit, bool include_deleted = false);
  // Persian-aware search by name, phone, email, national id or external id.
  // kWithoutEmails matches no e-mail term (stored terms with an '@'), for a
  // caller that may not see contact details: a name prefix such as "ali"
  // then cannot find a customer through "ali.k@example.com". (Such callers
  // are refused queries of digits or with an '@' before they get here.)
  enum class Terms { kAll, kWithoutEmails };
  Result<std::vector<Customer>> Search(int64_t workspace_id,
                                       std::string_view query, int limit,
                                       Terms terms = Terms::kAll,
                                       const CustomerSearchPlan& plan = {});
  // Ids of the workspace's customers with exactly this search term (as
  // SearchTermsOf writes it), lowest first, at most `limit`: one index
  // lookup, for checking a new customer against likely twins.
  Result<std::vector<int64_t>> WithTerm(int64_t workspace_id,
                                        std::string_view term, int limit);
  // Rewrites the search terms of every customer of the workspace (after the
  // terms a customer gets have changed, e.g. whole-name terms); one
  // transaction. Returns the number of customers.
  Result<int64_t> RebuildSearchTerms(int64_t workspace_id);
  // Every (key value, id) pair of a workspace for one key, for imports, in
  // id order (a value several customers share comes first with the oldest).
  Result<std::vector<std::pair<std::string, int64_t>>> KeyIndex(
      int64_t workspace_id, CustomerKey key);
  // Every (key value, kept customer id) pair of the customers merged into
  // another (services/customers/customer_merge.h), for imports to refuse a
  // row that names a hidden customer. In the merged customers' id order.
  Result<std::vector<std::pair<std::string, int64_t>>> MergedKeyIndex(
      int64_t workspace_id, CustomerKey key);
  Result<int64_t> Count(int64_t workspace_id);

 private:
  Status WriteSearchTerms(const Customer& customer, bool replace);

  Database& db_;
};

}  // namespace vafa::store

#endif  // VAFA_STORE_CUSTOMER_REPOSITORY_H_
