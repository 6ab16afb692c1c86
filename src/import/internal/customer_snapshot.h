// A customer's fields as JSON, kept as the before-image of a change an
// import makes, so the import can be reverted.
#ifndef VAFA_IMPORT_CUSTOMER_SNAPSHOT_H_
#define VAFA_IMPORT_CUSTOMER_SNAPSHOT_H_

#include <string>

#include "core/result.h"
#include "store/customer.h"

namespace vafa::import {

std::string CustomerToJson(const store::Customer& customer);
Result<store::Customer> CustomerFromJson(const std::string& json);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_CUSTOMER_SNAPSHOT_H_
