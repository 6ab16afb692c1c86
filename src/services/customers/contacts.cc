#include "services/customers/contacts.h"

#include <soci/soci.h>

#include "store/customer_repository.h"

namespace vafa::services::customers {
namespace {

constexpr char kContactIds[] =
    "SELECT id FROM customers WHERE workspace_id = :w AND parent_id = :p AND "
    "deleted_at IS NULL ORDER BY id LIMIT :n";

}  // namespace

Result<std::vector<store::Customer>> ContactsOfOrganisation(
    store::Database& db, int64_t workspace_id, int64_t organisation_id) {
  std::vector<int64_t> ids;
  try {
    long long ws = workspace_id, parent = organisation_id, n = kMaxContacts,
              id = 0;
    soci::statement st = (db.sql().prepare << kContactIds, soci::use(ws),
                          soci::use(parent), soci::use(n), soci::into(id));
    st.execute();
    while (st.fetch()) ids.push_back(id);
  } catch (const std::exception& error) {
    return store::DatabaseError("reading contacts", error);
  }
  return store::CustomerRepository(db).GetMany(workspace_id, ids);
}

}  // namespace vafa::services::customers
