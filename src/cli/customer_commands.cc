// vafa customers search QUERY | show EXTERNAL_ID | reindex
#include <iostream>

#include "cli/command.h"
#include "store/customer_repository.h"

namespace vafa::cli {
namespace {

void PrintRow(const store::Customer& c) {
  std::cout << c.id << "\t" << c.external_id << "\t" << c.display_name << "\t"
            << c.phone << "\t" << c.email << "\t" << c.city << "\n";
}

}  // namespace

void AddCustomerCommands(CLI::App& app, CommandContext& context) {
  CLI::App* customers =
      app.add_subcommand("customers", "Find and show customers");
  customers->require_subcommand(1);

  CLI::App* search = customers->add_subcommand(
      "search", "Search by name (Persian or English), phone, email, ids");
  auto query = std::make_shared<std::string>();
  auto limit = std::make_shared<int>(20);
  search->add_option("query", *query, "Words or a phone number")->required();
  search->add_option("--limit", *limit, "Most results")->capture_default_str();
  search->callback([&context, query, limit] {
    context.run = [&context, query, limit] {
      auto db = context.Open();
      if (!db.ok()) return Fail(db.status());
      auto workspace = context.Workspace(**db, false);
      if (!workspace.ok()) return Fail(workspace.status());
      store::CustomerRepository repo(**db);
      auto found = repo.Search(workspace->id, *query, *limit);
      if (!found.ok()) return Fail(found.status());
      for (const store::Customer& c : *found) PrintRow(c);
      return 0;
    };
  });

  CLI::App* reindex = customers->add_subcommand(
      "reindex",
      "Rewrite the search index of the workspace's customers (once, after "
      "an upgrade that changes what search indexes)");
  reindex->callback([&context] {
    context.run = [&context] {
      auto db = context.Open();
      if (!db.ok()) return Fail(db.status());
      auto workspace = context.Workspace(**db, false);
      if (!workspace.ok()) return Fail(workspace.status());
      store::CustomerRepository repo(**db);
      auto count = repo.RebuildSearchTerms(workspace->id);
      if (!count.ok()) return Fail(count.status());
      std::cout << "reindexed " << *count << " customers\n";
      return 0;
    };
  });

  CLI::App* show = customers->add_subcommand("show", "Show one customer");
  auto key = std::make_shared<std::string>();
  show->add_option("external_id", *key, "The customer's external id")
      ->required();
  show->callback([&context, key] {
    context.run = [&context, key] {
      auto db = context.Open();
      if (!db.ok()) return Fail(db.status());
      auto workspace = context.Workspace(**db, false);
      if (!workspace.ok()) return Fail(workspace.status());
      store::CustomerRepository repo(**db);
      auto found =
          repo.FindByKey(workspace->id, store::CustomerKey::kExternalId, *key);
      if (!found.ok()) return Fail(found.status());
      if (!found->has_value()) {
        return Fail(
            Status::NotFound("no customer with external id \"" + *key + "\""));
      }
      const store::Customer& c = **found;
      std::cout << "id: " << c.id << "\nexternal_id: " << c.external_id
                << "\nname: " << c.display_name << "\nkind: " << c.kind
                << "\nphone: " << c.phone << "\nemail: " << c.email
                << "\nnational_id: " << c.national_id << "\ncity: " << c.city
                << "\nprovince: " << c.province << "\n";
      return 0;
    };
  });
}

}  // namespace vafa::cli
