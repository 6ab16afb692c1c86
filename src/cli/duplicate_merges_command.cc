// vafa duplicates merge | unmerge | merges, and the auto-merge of `vafa
// duplicates scan --auto-merge-above` (docs/duplicates.md): each merge is
// one transaction of services/customers/customer_merge.h.
#include "cli/duplicate_merges_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>
#include <thread>

#include "analytics/duplicates/auto_merge.h"
#include "pipeline/duplicate_people.h"
#include "services/customers/customer_merge.h"

namespace vafa::cli {
namespace {

namespace dup = analytics::duplicates;

struct MergeFlags {
  int64_t keep = 0;
  int64_t other = 0;
  std::vector<std::string> take;
  std::string format = "text";
};

struct UnmergeFlags {
  int64_t merge_id = 0;
  std::string batch;
  std::string format = "text";
};

struct ListFlags {
  std::string batch;
  int limit = 50;
  int64_t before = 0;
  std::string format = "text";
};

services::customers::MergeActor CliMergeActor() {
  return services::customers::MergeActor{std::nullopt, CliActor(), ""};
}

std::string MovedText(const services::customers::MergeRecord& merge) {
  std::string text;
  for (const services::customers::MergeTableCount& count : merge.moved) {
    text += (text.empty() ? "" : ", ") + count.table + " " +
            std::to_string(count.rows);
  }
  return text.empty() ? "nothing" : text;
}

std::string FieldsText(const services::customers::MergeRecord& merge) {
  std::string text;
  for (const std::string& field : merge.fields_from_other) {
    text += (text.empty() ? "" : ", ") + field;
  }
  return text;
}

int RunMerge(const CommandContext& context, const MergeFlags& flags) {
  services::customers::MergeRequest request;
  request.kept_id = flags.keep;
  request.other_id = flags.other;
  for (const std::string& text : flags.take) {
    auto choice = services::customers::ParseFieldChoice(text);
    if (!choice.ok()) return Fail(choice.status());
    request.choices[choice->first] = choice->second;
  }
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auto workspace = context.Workspace(**db, /*create=*/false);
  if (!workspace.ok()) return Fail(workspace.status());
  request.workspace_id = workspace->id;
  auto merged = services::customers::MergeCustomers(
      **db, request, CliMergeActor(), store::NowSeconds());
  if (!merged.ok()) return Fail(merged.status());
  if (flags.format == "json") {
    std::cout << nlohmann::json{{"command", "duplicates merge"},
                                {"workspace", workspace->slug},
                                {"merge", MergeJson(*merged)}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::cout << "merge " << merged->id << ": customer " << merged->other_id
            << " merged into " << merged->kept_id << "; moved "
            << MovedText(*merged);
  if (!merged->fields_from_other.empty()) {
    std::cout << "; took " << FieldsText(*merged) << " from "
              << merged->other_id;
  }
  std::cout << " (undo: vafa duplicates unmerge " << merged->id << ")\n";
  return 0;
}

int RunUnmerge(const CommandContext& context, const UnmergeFlags& flags) {
  if ((flags.merge_id == 0) == flags.batch.empty()) {
    std::cerr << "vafa: name one merge id or --batch, not both\n";
    return 2;
  }
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auto workspace = context.Workspace(**db, /*create=*/false);
  if (!workspace.ok()) return Fail(workspace.status());
  std::vector<int64_t> ids = {flags.merge_id};
  if (!flags.batch.empty()) {
    // Newest first, so each merge is undone before the ones it built on.
    auto listed = services::customers::ListMerges(
        **db, workspace->id, flags.batch, 0, std::numeric_limits<int>::max());
    if (!listed.ok()) return Fail(listed.status());
    ids.clear();
    for (const services::customers::MergeRecord& merge : *listed) {
      if (!merge.undone_at) ids.push_back(merge.id);
    }
  }
  nlohmann::json undone = nlohmann::json::array();
  for (int64_t id : ids) {
    auto merge = services::customers::UnmergeCustomers(
        **db, workspace->id, id, CliMergeActor(), store::NowSeconds());
    if (!merge.ok()) return Fail(merge.status());
    undone.push_back(MergeJson(*merge));
    if (flags.format == "text") {
      std::cout << "merge " << merge->id << " undone: customer "
                << merge->other_id << " is back with its records\n";
    }
  }
  if (flags.format == "json") {
    std::cout << nlohmann::json{{"command", "duplicates unmerge"},
                                {"workspace", workspace->slug},
                                {"undone", undone}}
                     .dump(2)
              << "\n";
  } else if (!flags.batch.empty()) {
    std::cout << ids.size() << " merges of batch " << flags.batch
              << " undone\n";
  }
  return 0;
}

int RunList(const CommandContext& context, const ListFlags& flags) {
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auto workspace = context.Workspace(**db, /*create=*/false);
  if (!workspace.ok()) return Fail(workspace.status());
  auto listed = services::customers::ListMerges(
      **db, workspace->id, flags.batch, flags.before, flags.limit);
  if (!listed.ok()) return Fail(listed.status());
  if (flags.format == "json") {
    nlohmann::json merges = nlohmann::json::array();
    for (const services::customers::MergeRecord& merge : *listed) {
      merges.push_back(MergeJson(merge));
    }
    std::cout << nlohmann::json{{"command", "duplicates merges"},
                                {"workspace", workspace->slug},
                                {"merges", merges}}
                     .dump(2)
              << "\n";
    return 0;
  }
  for (const services::customers::MergeRecord& merge : *listed) {
    std::cout << "merge " << merge.id << ": " << merge.other_id << " into "
              << merge.kept_id << " by " << merge.merged_by
              << (merge.batch.empty() ? "" : " (batch " + merge.batch + ")")
              << (merge.undone_at ? ", undone by " + merge.undone_by : "")
              << "; moved " << MovedText(merge) << "\n";
  }
  if (listed->empty()) std::cout << "no merges\n";
  return 0;
}

// The test-only pause inside each auto-merge's transaction
// ($VAFA_TEST_MERGE_PAUSE_MS, docs/duplicates.md), so a kill -9 test can
// land mid-merge; nothing when unset.
std::function<void()> TestPause() {
  const char* value = std::getenv("VAFA_TEST_MERGE_PAUSE_MS");
  if (value == nullptr) return {};
  const int ms = std::atoi(value);
  return [ms] { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); };
}

}  // namespace

nlohmann::json MergeJson(const services::customers::MergeRecord& merge) {
  nlohmann::json moved = nlohmann::json::object();
  for (const services::customers::MergeTableCount& count : merge.moved) {
    moved[count.table] = count.rows;
  }
  return nlohmann::json{
      {"id", merge.id},
      {"kept_id", merge.kept_id},
      {"other_id", merge.other_id},
      {"batch",
       merge.batch.empty() ? nlohmann::json() : nlohmann::json(merge.batch)},
      {"fields_from_other", merge.fields_from_other},
      {"merged_by", merge.merged_by},
      {"merged_at", merge.merged_at},
      {"undone_by",
       merge.undone_at ? nlohmann::json(merge.undone_by) : nlohmann::json()},
      {"undone_at",
       merge.undone_at ? nlohmann::json(*merge.undone_at) : nlohmann::json()},
      {"moved", moved}};
}

int RunAutoMerge(store::Database& db, const store::Workspace& workspace,
                 const pipeline::DuplicatePeople& people,
                 const std::vector<dup::DuplicatePair>& pairs,
                 double min_name_similarity, const std::string& format) {
  const std::vector<dup::AutoMerge> chosen =
      dup::ChooseAutoMerges(people.people, pairs, min_name_similarity);
  const std::string batch = "auto-" + std::to_string(store::NowSeconds()) +
                            "-" + std::to_string(::getpid());
  services::customers::MergeRequest request;
  request.workspace_id = workspace.id;
  request.batch = batch;
  request.halfway = TestPause();
  nlohmann::json merges = nlohmann::json::array();
  int merged = 0, refused = 0;
  for (const dup::AutoMerge& pair : chosen) {
    request.kept_id = pair.kept;
    request.other_id = pair.other;
    auto merge = services::customers::MergeCustomers(
        db, request, CliMergeActor(), store::NowSeconds());
    if (!merge.ok() &&
        merge.status().code() != StatusCode::kFailedPrecondition) {
      return Fail(merge.status());
    }
    merge.ok() ? ++merged : ++refused;
    if (format == "json") {
      nlohmann::json entry = {{"kept_id", pair.kept},
                              {"other_id", pair.other},
                              {"key", pair.key},
                              {"name_similarity", pair.name_similarity}};
      if (merge.ok()) {
        entry["merge"] = MergeJson(*merge);
      } else {
        entry["refused"] = merge.status().message();
      }
      merges.push_back(entry);
    } else if (merge.ok()) {
      std::cout << "merge " << merge->id << ": " << pair.other << " into "
                << pair.kept << " (" << pair.key << " equal, name "
                << pair.name_similarity << " similar); moved "
                << MovedText(*merge) << "\n"
                << std::flush;
    } else {
      std::cout << "not merged: " << pair.other << " into " << pair.kept << ": "
                << merge.status().message() << "\n";
    }
  }
  if (format == "json") {
    std::cout << nlohmann::json{{"command",
                                 "duplicates scan --auto-merge-above"},
                                {"workspace", workspace.slug},
                                {"batch", batch},
                                {"min_name_similarity", min_name_similarity},
                                {"merged", merged},
                                {"refused", refused},
                                {"merges", merges}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::cout << merged << " merged, " << refused << " refused, batch " << batch
            << " (undo: vafa duplicates unmerge --batch " << batch << ")\n";
  return 0;
}

void AddDuplicateMergeCommands(CLI::App* duplicates, CommandContext& context) {
  auto merge_flags = std::make_shared<MergeFlags>();
  CLI::App* merge = duplicates->add_subcommand(
      "merge",
      "Merge one customer into another with every record it owns (undo "
      "with unmerge)");
  merge->add_option("--keep", merge_flags->keep, "The customer id kept")
      ->required();
  merge
      ->add_option("--other", merge_flags->other,
                   "The customer id merged into it")
      ->required();
  merge->add_option("--take", merge_flags->take,
                    "FIELD=other or FIELD=kept: where a field's value comes "
                    "from (default: the most recent non-empty)");
  merge->add_option("--format", merge_flags->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  merge->callback([&context, merge_flags] {
    context.run = [&context, merge_flags] {
      return RunMerge(context, *merge_flags);
    };
  });

  auto unmerge_flags = std::make_shared<UnmergeFlags>();
  CLI::App* unmerge = duplicates->add_subcommand(
      "unmerge", "Undo a merge exactly, or every merge of an auto-merge batch");
  unmerge->add_option("merge", unmerge_flags->merge_id, "The merge id");
  unmerge->add_option("--batch", unmerge_flags->batch,
                      "Undo every merge of this auto-merge batch");
  unmerge->add_option("--format", unmerge_flags->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  unmerge->callback([&context, unmerge_flags] {
    context.run = [&context, unmerge_flags] {
      return RunUnmerge(context, *unmerge_flags);
    };
  });

  auto list_flags = std::make_shared<ListFlags>();
  CLI::App* list = duplicates->add_subcommand(
      "merges", "The workspace's merges, newest first");
  list->add_option("--batch", list_flags->batch, "Only this auto-merge batch");
  list->add_option("--limit", list_flags->limit)
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  list->add_option("--before", list_flags->before,
                   "Only merges older than this merge id");
  list->add_option("--format", list_flags->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  list->callback([&context, list_flags] {
    context.run = [&context, list_flags] {
      return RunList(context, *list_flags);
    };
  });
}

}  // namespace vafa::cli
