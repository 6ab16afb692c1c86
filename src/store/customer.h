// Customer: a person or an organisation a workspace does business with.
// Contacts of an organisation are persons whose parent_id is the
// organisation's id. Identifiers are stored normalised: phone in E.164,
// national id as ten ASCII digits, email lower-cased. Empty strings mean
// "not known" and are stored as NULL.
#ifndef VAFA_STORE_CUSTOMER_H_
#define VAFA_STORE_CUSTOMER_H_

#include <cstdint>
#include <optional>
#include <string>

namespace vafa::store {

struct Customer {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string external_id;
  std::string kind = "person";  // person | organisation
  int64_t parent_id = 0;        // 0: none
  std::string first_name;
  std::string last_name;
  std::string organisation_name;
  std::string display_name;
  std::string national_id;
  std::string phone;
  std::string email;
  std::string gender;      // female | male | ""
  std::string birth_date;  // YYYY-MM-DD (Gregorian) or ""
  std::string city;
  std::string province;
  std::string acquisition_channel;
  std::optional<int64_t> acquisition_cost_minor;
  std::optional<int64_t> joined_at;
  std::string language;  // fa | en | ""
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> deleted_at;
  int64_t batch_id = 0;
  int version = 1;
};

// True when every field a user can change is equal (ids, timestamps,
// batch and version are ignored), so an import can tell "unchanged".
bool SameContent(const Customer& a, const Customer& b);

// The name to show: organisation name, or first and last name, or the
// external id.
std::string DisplayNameOf(const Customer& customer);

}  // namespace vafa::store

#endif  // VAFA_STORE_CUSTOMER_H_
