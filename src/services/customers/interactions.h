// A customer's interactions (calls, visits, messages, ...) as the
// customer's own pages show them: the latest first. Deleted interactions are
// left out; rows of other workspaces are never read. One indexed query
// (interactions_customer). Other domains log an interaction on a customer's
// timeline through RecordInteraction (a finished sales task does).
#ifndef VAFA_SERVICES_CUSTOMERS_INTERACTIONS_H_
#define VAFA_SERVICES_CUSTOMERS_INTERACTIONS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::services::customers {

struct CustomerInteraction {
  int64_t id = 0;
  UnixSeconds occurred_at = 0;
  std::string type;
  std::string channel;    // "" when not given
  std::string direction;  // "" when not given
  std::string subject;    // "" when not given
  std::string outcome;    // "" when not given
};
// The customer's latest `limit` interactions, newest first (ties: higher id
// first).
Result<std::vector<CustomerInteraction>> RecentInteractionsForCustomer(
    store::Database& db, int64_t workspace_id, int64_t customer_id, int limit);

// An interaction to put on a customer's timeline.
struct NewInteraction {
  int64_t customer_id = 0;
  std::string external_id;  // unique in the workspace
  UnixSeconds occurred_at = 0;
  std::string type;       // call, meeting, visit, email, ...
  std::string direction;  // inbound, outbound
  std::string subject;
  std::string outcome;  // "": none (stored as null)
  int64_t user_id = 0;  // who had it
};
// Stores `interaction` (created at `now`) in the caller's transaction and
// returns its id; a store failure (a taken external id too) is a Status.
Result<int64_t> RecordInteraction(store::Database& db, int64_t workspace_id,
                                  const NewInteraction& interaction,
                                  UnixSeconds now);

// The customers of the workspace who have ever complained (an interaction
// of type complaint), in no particular order.
Result<std::vector<int64_t>> CustomersWhoComplained(store::Database& db,
                                                    int64_t workspace_id);

// One use of a service channel: an interaction of a type such as banking
// whose channel (branch, call_centre, internet, mobile, atm, ...) is given.
struct ChannelUse {
  int64_t customer_id = 0;
  UnixSeconds occurred_at = 0;
  std::string channel;
};
// Every interaction of `type` ("" for any type) with a channel in the
// workspace (deleted ones left out), in no particular order, one at a time
// (`channel` is valid during the call): the one read of channel use, for
// the channel-use reports (docs/holdings.md, "Channel migration") and the
// contractual churn features (pipeline/channel_uses.h).
Status ForEachChannelUse(
    store::Database& db, int64_t workspace_id, std::string_view type,
    const std::function<void(int64_t customer_id, UnixSeconds occurred_at,
                             std::string_view channel)>& use);
// ForEachChannelUse's uses of `type`, collected.
Result<std::vector<ChannelUse>> ChannelUsesOfWorkspace(store::Database& db,
                                                       int64_t workspace_id,
                                                       const std::string& type);

}  // namespace vafa::services::customers

#endif  // VAFA_SERVICES_CUSTOMERS_INTERACTIONS_H_
