// One customer's rows of a table, read by a statement that binds the
// workspace (:w), the customer (:c) and a limit (:n), each row turned into
// a struct by `make`. The domains' "for customer" reads (the customer 360)
// share this loop; each keeps its own SQL.
#ifndef VAFA_STORE_CUSTOMER_ROWS_H_
#define VAFA_STORE_CUSTOMER_ROWS_H_

#include <soci/soci.h>

#include <cstdint>
#include <exception>
#include <vector>

#include "core/result.h"
#include "store/database.h"
#include "store/sql_values.h"

namespace vafa::store {

// `what` names the read in an error ("reading tickets").
template <typename Row, typename MakeRow>
Result<std::vector<Row>> ReadRowsOfCustomer(Database& db, const char* sql,
                                            int64_t workspace_id,
                                            int64_t customer_id, int limit,
                                            const char* what, MakeRow make) {
  std::vector<Row> items;
  try {
    long long ws = workspace_id, customer = customer_id, n = limit;
    soci::rowset<soci::row> rows = (db.sql().prepare << sql, soci::use(ws),
                                    soci::use(customer), soci::use(n));
    for (const soci::row& row : rows) items.push_back(make(row));
  } catch (const std::exception& error) {
    return DatabaseError(what, error);
  }
  return items;
}

}  // namespace vafa::store

#endif  // VAFA_STORE_CUSTOMER_ROWS_H_
