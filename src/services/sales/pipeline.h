// The rules of a sales pipeline (docs/sales.md): its stages, each with a
// win probability and an outcome (open, won, lost), and what a deal records
// when it moves between them.
//
// A pipeline has at least one open stage, exactly one won stage and at
// least one lost stage. A deal may move from any stage to any other: to a
// won or lost stage it closes (a lost deal needs a reason), from one back
// to an open stage it reopens. The deal's probability is its stage's.
#ifndef VAFA_SERVICES_SALES_PIPELINE_H_
#define VAFA_SERVICES_SALES_PIPELINE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dates.h"
#include "core/result.h"

namespace vafa::services::sales {

enum class DealStatus : uint8_t { kOpen, kWon, kLost };
std::string_view DealStatusName(DealStatus status);
std::optional<DealStatus> ParseDealStatus(std::string_view name);

struct Stage {
  std::string key;  // "proposal": letters, digits, '_' and '-'
  std::string name;
  std::string name_fa;
  int probability = 0;  // percent, 0..100
  DealStatus outcome = DealStatus::kOpen;
};

struct Pipeline {
  std::string key = "sales";
  std::vector<Stage> stages;  // in board order

  const Stage* Find(std::string_view stage) const;
  int PositionOf(std::string_view stage) const;  // -1 when absent
  const Stage& FirstOpen() const;
  const Stage& Won() const;
  const Stage& FirstLost() const;
};

// Lead in (10%), qualified (25%), proposal (50%), negotiation (75%), won,
// lost: the pipeline of a workspace that has not set its own.
Pipeline DefaultPipeline();

// Errors name the field: "stages[2].probability".
Status CheckPipeline(const Pipeline& pipeline);

struct DealState {
  std::string stage;
  DealStatus status = DealStatus::kOpen;
  int probability = 0;
  UnixSeconds stage_entered_at = 0;
  UnixSeconds closed_at = 0;  // 0: open
  std::string close_reason;
};

// The deal as it opens at `stage` ("" for the first open stage) at `now`.
Result<DealState> OpenDeal(const Pipeline& pipeline, std::string_view stage,
                           UnixSeconds now);

// The deal after moving to `stage` at `now`. `reason` is the close reason
// (required to lose, kept on a win, cleared on a reopen). Errors name the
// field ("stage", "close_reason").
Result<DealState> MoveDeal(const Pipeline& pipeline, const DealState& deal,
                           std::string_view stage, std::string_view reason,
                           UnixSeconds now);

// value x probability / 100, rounded half up, without overflow.
int64_t Weighted(int64_t value_minor, int probability);

}  // namespace vafa::services::sales

#endif  // VAFA_SERVICES_SALES_PIPELINE_H_
