// The uses of a business's channels the contractual churn features read
// (analytics/churn/contract_churn.h): every live interaction of a workspace
// that names a channel (services::customers::ForEachChannelUse), as (customer,
// day, at the branch). A visit to the branch is an interaction on channel
// "branch" (or «شعبه»). One pass over the interactions of the workspace; memory
// is 9 bytes a use.
#ifndef VAFA_PIPELINE_CHANNEL_USES_H_
#define VAFA_PIPELINE_CHANNEL_USES_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::pipeline {

struct ChannelUses {
  std::vector<int32_t> customer;  // index into the customer_ids given
  std::vector<DayNumber> day;
  std::vector<uint8_t> at_branch;  // 1: a visit to the branch
};

// Whether a channel's name is the branch's, after Persian normalisation.
bool IsBranchChannel(std::string_view channel);

// The channel uses of the customers with store ids `customer_ids` (index
// c is customer_ids[c]); others' interactions are skipped.
Result<ChannelUses> LoadChannelUsesOfCustomers(
    store::Database& db, int64_t workspace_id,
    const std::vector<int64_t>& customer_ids);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_CHANNEL_USES_H_
