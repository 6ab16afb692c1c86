#include "pipeline/channel_uses.h"

#include <soci/soci.h>

#include <string>
#include <unordered_map>

#include "core/persian_text.h"
#include "store/sql_values.h"

namespace vafa::pipeline {

namespace {
constexpr char kChannelUsesSql[] =
    "SELECT customer_id, occurred_at, channel FROM interactions "
    "WHERE workspace_id = :w AND channel IS NOT NULL AND channel <> ''";
}  // namespace

bool IsBranchChannel(std::string_view channel) {
  const std::string normalized = NormalizeForSearch(channel);
  return normalized == "branch" || normalized == NormalizeForSearch("شعبه");
}

Result<ChannelUses> LoadChannelUsesOfCustomers(
    store::Database& db, int64_t workspace_id,
    const std::vector<int64_t>& customer_ids) {
  std::unordered_map<int64_t, int32_t> index;
  index.reserve(customer_ids.size());
  for (size_t c = 0; c < customer_ids.size(); ++c)
    index.emplace(customer_ids[c], static_cast<int32_t>(c));
  ChannelUses out;
  // Channel names repeat: classify each distinct name once.
  std::unordered_map<std::string, uint8_t> branch_of;
  try {
    long long workspace = workspace_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kChannelUsesSql, soci::use(workspace));
    for (const soci::row& row : rows) {
      auto found = index.find(store::RowInt(row, 0));
      if (found == index.end()) continue;
      const std::string channel = row.get<std::string>(2);
      auto [at, added] = branch_of.try_emplace(channel, 0);
      if (added) at->second = IsBranchChannel(channel) ? 1 : 0;
      out.customer.push_back(found->second);
      out.day.push_back(DayOf(store::RowInt(row, 1)));
      out.at_branch.push_back(at->second);
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the channel uses", error);
  }
  return out;
}

}  // namespace vafa::pipeline
