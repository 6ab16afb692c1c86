#include "pipeline/channel_uses.h"

#include <string>
#include <unordered_map>

#include "core/persian_text.h"
#include "services/customers/interactions.h"

namespace vafa::pipeline {

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
  VAFA_RETURN_IF_ERROR(services::customers::ForEachChannelUse(
      db, workspace_id, /*type=*/"",
      [&](int64_t customer_id, UnixSeconds at, std::string_view channel) {
        auto found = index.find(customer_id);
        if (found == index.end()) return;
        auto [known, added] = branch_of.try_emplace(std::string(channel), 0);
        if (added) known->second = IsBranchChannel(channel) ? 1 : 0;
        out.customer.push_back(found->second);
        out.day.push_back(DayOf(at));
        out.at_branch.push_back(known->second);
      }));
  return out;
}

}  // namespace vafa::pipeline
