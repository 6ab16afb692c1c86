// vafa audit verify: walks the audit log's hash chain (auth/audit_chain.h)
// and reports the first broken link, or that the chain is intact with the
// last entry's hash, which an operator can keep elsewhere to compare later.
// Exit code 0 when intact, 1 when broken or unreadable.
#include <iostream>

#include "auth/audit_chain.h"
#include "cli/command.h"

namespace vafa::cli {

void AddAuditCommand(CLI::App& app, CommandContext& context) {
  CLI::App* audit =
      app.add_subcommand("audit", "Check the audit log for tampering");
  audit->require_subcommand(1);
  CLI::App* verify = audit->add_subcommand(
      "verify", "Walk the audit log's hash chain and report the first break");
  verify->callback([&context] {
    context.run = [&context] {
      auto db = context.Open();
      if (!db.ok()) return Fail(db.status());
      auto verified = auth::VerifyAuditChain(**db);
      if (!verified.ok()) return Fail(verified.status());
      if (!verified->intact) {
        std::cout << "audit log: chain broken at entry " << verified->broken_id
                  << " (" << verified->entries
                  << " entries before it are intact)\n"
                  << verified->problem << "\n";
        return 1;
      }
      std::cout << verified->entries << " entries, chain intact";
      if (verified->entries > 0) {
        std::cout << "; last hash " << verified->head_hash;
      }
      std::cout << "\n";
      if (verified->unsealed > 0) {
        std::cout << verified->unsealed
                  << " entries of an earlier release are not sealed yet "
                     "(`vafa serve` seals them when it starts)\n";
      }
      return 0;
    };
  });
}

}  // namespace vafa::cli
