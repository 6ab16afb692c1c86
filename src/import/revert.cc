// RevertBatch: see importer.h.
#include <soci/soci.h>

#include "import/importer.h"
#include "import/internal/customer_snapshot.h"
#include "store/import_batch_repository.h"
#include "store/order_lines.h"

namespace vafa::import {
namespace {

long long CountOf(store::Database& db, const std::string& sql, long long a,
                  long long b) {
  long long count = 0;
  db.sql() << sql, soci::use(a), soci::use(b), soci::into(count);
  return count;
}

// Why `batch` cannot be reverted, or "" when it can: rows written later
// (by another batch, or by hand) that refer to rows it created or changed.
std::string Dependents(store::Database& db, const store::ImportBatch& batch) {
  long long w = batch.workspace_id, b = batch.id;
  // Orders and interactions of customers this batch created.
  long long orders = CountOf(
      db,
      "SELECT COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id "
      "WHERE c.workspace_id = :w AND c.batch_id = :b AND "
      "(o.batch_id IS NULL OR o.batch_id <> c.batch_id)",
      w, b);
  if (orders > 0) {
    return std::to_string(orders) +
           " orders of customers this batch created were added later; "
           "revert those first";
  }
  long long interactions = CountOf(
      db,
      "SELECT COUNT(*) FROM interactions i JOIN customers c ON "
      "c.id = i.customer_id WHERE c.workspace_id = :w AND c.batch_id = :b "
      "AND (i.batch_id IS NULL OR i.batch_id <> c.batch_id)",
      w, b);
  if (interactions > 0) {
    return std::to_string(interactions) +
           " interactions of customers this batch created were added later; "
           "revert those first";
  }
  // Holdings of customers this batch created (holdings imports are not
  // revertible, so the customers stay).
  long long holdings =
      CountOf(db,
              "SELECT COUNT(*) FROM holdings h JOIN customers c ON c.id = "
              "h.customer_id WHERE c.workspace_id = :w AND c.batch_id = :b",
              w, b);
  if (holdings > 0) {
    return std::to_string(holdings) +
           " holdings of customers this batch created were imported later, "
           "and holdings imports cannot be reverted";
  }
  // Products this batch created that later lines use.
  long long lines = CountOf(
      db,
      "SELECT COUNT(*) FROM order_lines l JOIN products p ON p.id = "
      "l.product_id JOIN orders o ON o.id = l.order_id WHERE p.workspace_id = "
      ":w AND p.batch_id = :b AND (o.batch_id IS NULL OR o.batch_id <> "
      "p.batch_id)",
      w, b);
  if (lines > 0) {
    return std::to_string(lines) +
           " order lines added later use products this batch created; "
           "revert those first";
  }
  return "";
}

}  // namespace

Status RevertBatch(store::Database& db, int64_t workspace_id,
                   int64_t batch_id) {
  store::ImportBatchRepository batches(db);
  try {
    soci::transaction transaction(db.sql());
    store::TakeWriteLock(db);
    VAFA_ASSIGN_OR_RETURN(store::ImportBatch batch,
                          batches.Get(workspace_id, batch_id));
    if (batch.status == "reverted") {
      return Status::Conflict("import batch " + std::to_string(batch_id) +
                              " was already reverted");
    }
    if (batch.status != "committed") {
      return Status::Conflict("import batch " + std::to_string(batch_id) +
                              " is " + batch.status + ", not committed");
    }
    if (batch.kind == "holdings" || batch.kind == "balances") {
      return Status::Conflict("import batch " + std::to_string(batch_id) +
                              " imported " + batch.kind +
                              ", which cannot be reverted (import a file "
                              "that corrects them instead)");
    }
    std::string why = Dependents(db, batch);
    if (!why.empty()) {
      return Status::Conflict("cannot revert import batch " +
                              std::to_string(batch_id) + ": " + why);
    }
    long long later = 0;
    {
      long long w = workspace_id, b = batch_id;
      db.sql() << "SELECT COUNT(*) FROM customer_versions v WHERE "
                  "v.workspace_id = :w AND v.batch_id > :b AND v.customer_id "
                  "IN (SELECT id FROM customers WHERE batch_id = :b2 UNION "
                  "SELECT customer_id FROM customer_versions WHERE batch_id = "
                  ":b3) AND v.batch_id IN (SELECT id FROM import_batches "
                  "WHERE status = 'committed')",
          soci::use(w), soci::use(b), soci::use(b), soci::use(b),
          soci::into(later);
    }
    if (later > 0) {
      return Status::Conflict(
          "cannot revert import batch " + std::to_string(batch_id) + ": " +
          std::to_string(later) +
          " of its customers were changed by a later import; revert that "
          "first");
    }

    long long w = workspace_id, b = batch_id;
    // The batch's orders have ids in one range; their lines are the key
    // range of those ids (see order_lines.line_key).
    long long first = 0, last = 0;
    soci::indicator first_ind = soci::i_ok, last_ind = soci::i_ok;
    db.sql() << "SELECT MIN(id), MAX(id) FROM orders WHERE workspace_id = :w "
                "AND batch_id = :b",
        soci::use(w), soci::use(b), soci::into(first, first_ind),
        soci::into(last, last_ind);
    if (first_ind == soci::i_ok && last_ind == soci::i_ok) {
      long long low = first * store::kLinesPerOrderKey,
                high = (last + 1) * store::kLinesPerOrderKey;
      db.sql() << "DELETE FROM order_lines WHERE workspace_id = :w AND "
                  "line_key >= :lo AND line_key < :hi AND order_id IN (SELECT "
                  "id FROM orders WHERE workspace_id = :w2 AND batch_id = :b)",
          soci::use(w), soci::use(low), soci::use(high), soci::use(w),
          soci::use(b);
    }
    db.sql() << "DELETE FROM orders WHERE workspace_id = :w AND batch_id = :b",
        soci::use(w), soci::use(b);
    db.sql()
        << "DELETE FROM products WHERE workspace_id = :w AND batch_id = :b",
        soci::use(w), soci::use(b);
    db.sql() << "DELETE FROM interactions WHERE workspace_id = :w AND "
                "batch_id = :b",
        soci::use(w), soci::use(b);
    db.sql() << "DELETE FROM customer_search_terms WHERE customer_id IN "
                "(SELECT id FROM customers WHERE workspace_id = :w AND "
                "batch_id = :b)",
        soci::use(w), soci::use(b);
    db.sql() << "DELETE FROM scores WHERE customer_id IN (SELECT id FROM "
                "customers WHERE workspace_id = :w AND batch_id = :b)",
        soci::use(w), soci::use(b);
    db.sql() << "DELETE FROM customers WHERE workspace_id = :w AND "
                "batch_id = :b",
        soci::use(w), soci::use(b);

    // Restore the before-images of the customers it changed.
    std::vector<std::string> images;
    {
      std::string json;
      soci::statement st =
          (db.sql().prepare << "SELECT before_json FROM customer_versions "
                               "WHERE workspace_id = :w AND batch_id = :b",
           soci::use(w), soci::use(b), soci::into(json));
      st.execute();
      while (st.fetch()) images.push_back(json);
    }
    store::CustomerRepository repo(db);
    for (const std::string& json : images) {
      VAFA_ASSIGN_OR_RETURN(store::Customer before, CustomerFromJson(json));
      VAFA_RETURN_IF_ERROR(repo.Update(before));
    }
    db.sql() << "DELETE FROM customer_versions WHERE workspace_id = :w AND "
                "batch_id = :b",
        soci::use(w), soci::use(b);
    VAFA_RETURN_IF_ERROR(
        batches.MarkReverted(workspace_id, batch_id, store::NowSeconds()));
    transaction.commit();
    return Status::Ok();
  } catch (const std::exception& error) {
    return store::DatabaseError(
        "reverting import batch " + std::to_string(batch_id), error);
  }
}

}  // namespace vafa::import
