// The merge subcommands of `vafa duplicates` (merge, unmerge, merges) and
// the auto-merge that `vafa duplicates scan --auto-merge-above` runs
// (docs/duplicates.md).
#ifndef VAFA_CLI_DUPLICATE_MERGES_COMMAND_H_
#define VAFA_CLI_DUPLICATE_MERGES_COMMAND_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "pipeline/duplicate_people.h"
#include "services/customers/customer_merge.h"

namespace vafa::cli {

// A merge as the CLI's JSON shows it.
nlohmann::json MergeJson(const services::customers::MergeRecord& merge);

// Merges the pairs of `pairs` that share a strong key and whose names are
// at least `min_name_similarity` alike (analytics/duplicates/auto_merge.h),
// each in its own transaction, all under one new batch name; prints each
// merge (or why it was refused) and the batch. Returns the exit code.
int RunAutoMerge(store::Database& db, const store::Workspace& workspace,
                 const pipeline::DuplicatePeople& people,
                 const std::vector<analytics::duplicates::DuplicatePair>& pairs,
                 double min_name_similarity, const std::string& format);

void AddDuplicateMergeCommands(CLI::App* duplicates, CommandContext& context);

}  // namespace vafa::cli

#endif  // VAFA_CLI_DUPLICATE_MERGES_COMMAND_H_
