// The PostgreSQL session vafa opens: SOCI's PostgreSQL backend with every
// statement sent unnamed, so that nothing a statement leaves on the server
// outlives the transaction it ran in.
//
// SOCI 4.0 gives each statement made with `sql.prepare << ...` (and every
// rowset) a server-side prepared statement named st_N on its connection,
// executes it by that name and DEALLOCATEs it when the statement object
// dies. Behind a pooler in transaction mode (pgbouncer) consecutive
// statements of one client reach different server connections: the
// execution finds no st_N, or a second client's st_1 collides with the
// first's. Here a statement is executed as one round trip with its text
// and parameters (PQexecParams, the extended protocol's unnamed
// statement), which every server connection accepts. It also saves the
// prepare and DEALLOCATE round trips of a statement run once, which most
// are; a statement run many times is planned each time.
#ifndef VAFA_STORE_POSTGRES_SESSION_H_
#define VAFA_STORE_POSTGRES_SESSION_H_

namespace soci {
struct backend_factory;
}

namespace vafa::store {

// The factory to open a soci::session with instead of soci::postgresql.
const soci::backend_factory& PostgresWithUnnamedStatements();

}  // namespace vafa::store

#endif  // VAFA_STORE_POSTGRES_SESSION_H_
