#include "pipeline/duplicate_people.h"

#include "store/customer_repository.h"

namespace vafa::pipeline {

Result<DuplicatePeople> ReadDuplicatePeople(store::Database& db,
                                            int64_t workspace_id) {
  constexpr int kPage = 2000;
  store::CustomerRepository customers(db);
  DuplicatePeople out;
  int64_t after = 0;
  while (true) {
    VAFA_ASSIGN_OR_RETURN(std::vector<store::Customer> page,
                          customers.List(workspace_id, after, kPage));
    for (const store::Customer& customer : page) {
      analytics::duplicates::PersonRecord person;
      person.id = customer.id;
      person.name = customer.display_name.empty()
                        ? store::DisplayNameOf(customer)
                        : customer.display_name;
      person.national_id = customer.national_id;
      person.phone = customer.phone;
      person.email = customer.email;
      person.birth_date = customer.birth_date;
      person.city = customer.city;
      out.external_ids[customer.id] = customer.external_id;
      out.people.push_back(std::move(person));
    }
    if (static_cast<int>(page.size()) < kPage) break;
    after = page.back().id;
  }
  return out;
}

}  // namespace vafa::pipeline
