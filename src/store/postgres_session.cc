#include "store/internal/postgres_session.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

namespace vafa::store {
namespace {

// SOCI's statement, told that every statement is a one-time query: it then
// keeps the rewritten text ($1, $2 for :names) and executes it with
// PQexecParams (PQexec when it has no parameters) instead of PQprepare and
// PQexecPrepared.
struct UnnamedStatement : soci::postgresql_statement_backend {
  using soci::postgresql_statement_backend::postgresql_statement_backend;

  void prepare(const std::string& query,
               soci::details::statement_type) override {
    soci::postgresql_statement_backend::prepare(
        query, soci::details::st_one_time_query);
  }
};

struct UnnamedStatementSession : soci::postgresql_session_backend {
  using soci::postgresql_session_backend::postgresql_session_backend;

  soci::postgresql_statement_backend* make_statement_backend() override {
    return new UnnamedStatement(*this, single_row_mode_);
  }
};

struct UnnamedStatementFactory : soci::backend_factory {
  soci::details::session_backend* make_session(
      const soci::connection_parameters& parameters) const override {
    return new UnnamedStatementSession(parameters, /*single_row_mode=*/false);
  }
};

}  // namespace

const soci::backend_factory& PostgresWithUnnamedStatements() {
  static const UnnamedStatementFactory factory;
  return factory;
}

}  // namespace vafa::store
