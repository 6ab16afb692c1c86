// The contacts of an organisation: the people whose parent is that
// customer. Deleted people are left out; rows of other workspaces are never
// read.
#ifndef VAFA_SERVICES_CUSTOMERS_CONTACTS_H_
#define VAFA_SERVICES_CUSTOMERS_CONTACTS_H_

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "store/customer.h"
#include "store/database.h"

namespace vafa::services::customers {

// At most this many contacts are read for one organisation.
inline constexpr int kMaxContacts = 200;

// The organisation's contacts in the order they were created (by id), at
// most kMaxContacts.
Result<std::vector<store::Customer>> ContactsOfOrganisation(
    store::Database& db, int64_t workspace_id, int64_t organisation_id);

}  // namespace vafa::services::customers

#endif  // VAFA_SERVICES_CUSTOMERS_CONTACTS_H_
