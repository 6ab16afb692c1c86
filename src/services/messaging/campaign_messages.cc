#include "services/messaging/campaign_messages.h"

#include <soci/soci.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "services/messaging/channels.h"
#include "services/messaging/templates.h"
#include "store/sql_values.h"

namespace vafa::services::messaging {
namespace {

// The campaign's messages by their keys' range, each with whether its
// customer opted out of the channel's kind since it was queued (the
// latest consent record is the only one kept).
constexpr char kCampaignMessages[] =
    "SELECT m.state, m.channel_id, m.body, CASE WHEN c.opted_in = 0 AND "
    "c.recorded_at >= m.created_at THEN 1 ELSE 0 END, m.open_count, "
    "m.click_count, CASE WHEN m.opted_out_at IS NULL THEN 0 ELSE 1 END FROM "
    "outbox_messages m "
    "LEFT JOIN message_channels ch ON ch.id = m.channel_id LEFT JOIN "
    "message_consents c ON c.workspace_id = m.workspace_id AND c.customer_id "
    "= m.customer_id AND c.channel_kind = ch.kind WHERE m.workspace_id = :w "
    "AND m.idempotency_key >= :from AND m.idempotency_key < :to";
// Delivered: the gateway reported it, it was opened or clicked, or an
// SMTP server took the e-mail (e-mail has no delivery report).
constexpr char kDeliveredMembers[] =
    "SELECT m.customer_id FROM outbox_messages m LEFT JOIN message_channels "
    "ch ON ch.id = m.channel_id WHERE m.workspace_id = :w AND "
    "m.idempotency_key >= :from AND m.idempotency_key < :to AND "
    "m.customer_id IS NOT NULL AND (m.state = 'delivered' OR m.opened_at IS "
    "NOT NULL OR m.clicked_at IS NOT NULL OR (m.state = 'sent' AND ch.kind = "
    "'email')) ORDER BY m.customer_id";

struct ChannelPrice {
  bool sms = false;
  int64_t price = 0;
};

// The channel's kind and price; a removed channel prices at 0.
ChannelPrice PriceOf(store::Database& db, int64_t workspace_id,
                     int64_t channel_id) {
  auto channel = ReadChannel(db, workspace_id, channel_id);
  if (!channel.ok()) return {};
  const bool sms = channel->kind == ChannelKind::kSms;
  return {sms, sms ? channel->sms.price : channel->email.price};
}

void Count(CampaignMessageCounts& out, const std::string& state) {
  if (state == "queued") ++out.queued;
  if (state == "sending") ++out.sending;
  if (state == "sent") ++out.sent;
  if (state == "delivered") ++out.delivered;
  if (state == "failed") ++out.failed;
}

}  // namespace

Result<CampaignMessageCounts> CountCampaignMessages(store::Database& db,
                                                    int64_t workspace_id,
                                                    int64_t campaign_id) {
  CampaignMessageCounts out;
  std::map<int64_t, ChannelPrice> prices;
  try {
    long long w = workspace_id;
    std::string from = "campaign:" + std::to_string(campaign_id) + ":customer:",
                to = "campaign:" + std::to_string(campaign_id) + ":customer;";
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kCampaignMessages, soci::use(w), soci::use(from),
         soci::use(to));
    std::vector<std::pair<int64_t, int64_t>> billable;  // channel, units
    for (const soci::row& row : rows) {
      const std::string state = store::RowText(row, 0);
      Count(out, state);
      if (store::RowInt(row, 3) == 1) ++out.opted_out;
      const int64_t opens = store::RowInt(row, 4),
                    clicks = store::RowInt(row, 5);
      out.opens += opens;
      out.clicks += clicks;
      if (opens > 0) ++out.opened;
      if (clicks > 0) ++out.clicked;
      if (store::RowInt(row, 6) == 1) ++out.opted_out_by_message;
      if (state == "failed") continue;
      // Measured as an SMS; an e-mail's parts are not used below.
      billable.emplace_back(store::RowInt(row, 1),
                            MeasureSms(store::RowText(row, 2)).parts);
    }
    for (const auto& [channel_id, parts] : billable) {
      auto known = prices.find(channel_id);
      if (known == prices.end()) {
        known =
            prices.emplace(channel_id, PriceOf(db, workspace_id, channel_id))
                .first;
      }
      const ChannelPrice& price = known->second;
      if (price.sms) out.sms_parts += parts;
      out.estimated_cost += price.price * (price.sms ? parts : 1);
    }
  } catch (const std::exception& error) {
    return store::DatabaseError(
        "counting campaign " + std::to_string(campaign_id) + "'s messages",
        error);
  }
  return out;
}

Result<std::vector<int64_t>> DeliveredCampaignMembers(store::Database& db,
                                                      int64_t workspace_id,
                                                      int64_t campaign_id) {
  std::vector<int64_t> out;
  try {
    long long w = workspace_id;
    std::string from = "campaign:" + std::to_string(campaign_id) + ":customer:",
                to = "campaign:" + std::to_string(campaign_id) + ":customer;";
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kDeliveredMembers, soci::use(w), soci::use(from),
         soci::use(to));
    for (const soci::row& row : rows) out.push_back(store::RowInt(row, 0));
  } catch (const std::exception& error) {
    return store::DatabaseError("reading campaign " +
                                    std::to_string(campaign_id) +
                                    "'s delivered members",
                                error);
  }
  return out;
}

}  // namespace vafa::services::messaging
