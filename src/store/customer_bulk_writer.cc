#include "store/customer_bulk_writer.h"

#include "store/customer_repository.h"

namespace vafa::store {

CustomerBulkWriter::CustomerBulkWriter(Database& db)
    : db_(db),
      next_id_(NextIdForBulk(db, "customers")),
      customers_(db, "customers",
                 {"id",
                  "workspace_id",
                  "external_id",
                  "kind",
                  "parent_id",
                  "first_name",
                  "last_name",
                  "organisation_name",
                  "display_name",
                  "national_id",
                  "phone",
                  "email",
                  "gender",
                  "birth_date",
                  "city",
                  "province",
                  "acquisition_channel",
                  "acquisition_cost_minor",
                  "joined_at",
                  "language",
                  "created_at",
                  "updated_at",
                  "batch_id",
                  "version"}),
      terms_(db, "customer_search_terms",
             {"workspace_id", "term", "customer_id"}) {}

Status CustomerBulkWriter::Add(Customer& c) {
  if (c.display_name.empty()) c.display_name = DisplayNameOf(c);
  c.id = next_id_++;
  c.version = 1;
  customers_.Int(c.id);
  customers_.Int(c.workspace_id);
  customers_.TextOrNull(c.external_id);
  customers_.Text(c.kind);
  c.parent_id != 0 ? customers_.Int(c.parent_id) : customers_.Null();
  customers_.TextOrNull(c.first_name);
  customers_.TextOrNull(c.last_name);
  customers_.TextOrNull(c.organisation_name);
  customers_.Text(c.display_name);
  customers_.TextOrNull(c.national_id);
  customers_.TextOrNull(c.phone);
  customers_.TextOrNull(c.email);
  customers_.TextOrNull(c.gender);
  customers_.TextOrNull(c.birth_date);
  customers_.TextOrNull(c.city);
  customers_.TextOrNull(c.province);
  customers_.TextOrNull(c.acquisition_channel);
  c.acquisition_cost_minor ? customers_.Int(*c.acquisition_cost_minor)
                           : customers_.Null();
  c.joined_at ? customers_.Int(*c.joined_at) : customers_.Null();
  customers_.TextOrNull(c.language);
  customers_.Int(c.created_at);
  customers_.Int(c.updated_at);
  c.batch_id != 0 ? customers_.Int(c.batch_id) : customers_.Null();
  customers_.Int(c.version);
  VAFA_RETURN_IF_ERROR(customers_.EndRow());
  for (const std::string& term : SearchTermsOf(c)) {
    terms_.Int(c.workspace_id);
    terms_.Text(term);
    terms_.Int(c.id);
    VAFA_RETURN_IF_ERROR(terms_.EndRow());
  }
  return Status::Ok();
}

Status CustomerBulkWriter::Finish(bool sync_id_sequence) {
  VAFA_RETURN_IF_ERROR(customers_.Flush());
  VAFA_RETURN_IF_ERROR(terms_.Flush());
  if (sync_id_sequence) SyncIdSequence(db_, "customers");
  return Status::Ok();
}

}  // namespace vafa::store
