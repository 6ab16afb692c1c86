#include "services/sales/pipeline.h"

#include <set>

namespace vafa::services::sales {

std::string_view DealStatusName(DealStatus status) {
  switch (status) {
    case DealStatus::kOpen:
      return "open";
    case DealStatus::kWon:
      return "won";
    case DealStatus::kLost:
      return "lost";
  }
  return "open";
}

std::optional<DealStatus> ParseDealStatus(std::string_view name) {
  for (DealStatus status :
       {DealStatus::kOpen, DealStatus::kWon, DealStatus::kLost}) {
    if (DealStatusName(status) == name) return status;
  }
  return std::nullopt;
}

const Stage* Pipeline::Find(std::string_view stage) const {
  for (const Stage& s : stages) {
    if (s.key == stage) return &s;
  }
  return nullptr;
}

int Pipeline::PositionOf(std::string_view stage) const {
  for (size_t i = 0; i < stages.size(); ++i) {
    if (stages[i].key == stage) return static_cast<int>(i);
  }
  return -1;
}

namespace {

const Stage& FirstWith(const Pipeline& pipeline, DealStatus outcome) {
  for (const Stage& s : pipeline.stages) {
    if (s.outcome == outcome) return s;
  }
  // CheckPipeline guarantees one of each; a default keeps callers safe.
  static const Stage kNone;
  return kNone;
}

bool IsKey(std::string_view key) {
  if (key.empty() || key.size() > 40) return false;
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

const Stage& Pipeline::FirstOpen() const {
  return FirstWith(*this, DealStatus::kOpen);
}
const Stage& Pipeline::Won() const {
  return FirstWith(*this, DealStatus::kWon);
}
const Stage& Pipeline::FirstLost() const {
  return FirstWith(*this, DealStatus::kLost);
}

Pipeline DefaultPipeline() {
  Pipeline pipeline;
  pipeline.key = "sales";
  pipeline.stages = {
      {"lead_in", "Lead in", "سرنخ", 10, DealStatus::kOpen},
      {"qualified", "Qualified", "واجد شرایط", 25, DealStatus::kOpen},
      {"proposal", "Proposal", "پیشنهاد", 50, DealStatus::kOpen},
      {"negotiation", "Negotiation", "مذاکره", 75, DealStatus::kOpen},
      {"won", "Won", "برنده", 100, DealStatus::kWon},
      {"lost", "Lost", "از دست رفته", 0, DealStatus::kLost},
  };
  return pipeline;
}

Status CheckPipeline(const Pipeline& pipeline) {
  if (!IsKey(pipeline.key)) {
    return Status::Refused("pipeline",
                           "a pipeline key is 1 to 40 letters, digits, '_' "
                           "or '-'");
  }
  if (pipeline.stages.empty() || pipeline.stages.size() > 30) {
    return Status::Refused("stages", "a pipeline has 1 to 30 stages");
  }
  std::set<std::string> keys;
  int open = 0, won = 0, lost = 0;
  for (size_t i = 0; i < pipeline.stages.size(); ++i) {
    const Stage& stage = pipeline.stages[i];
    const std::string at = "stages[" + std::to_string(i) + "]";
    if (!IsKey(stage.key)) {
      return Status::Refused(at + ".key",
                             "a stage key is 1 to 40 letters, digits, '_' or "
                             "'-'");
    }
    if (!keys.insert(stage.key).second) {
      return Status::Refused(at + ".key",
                             "stage \"" + stage.key + "\" appears twice");
    }
    if (stage.name.empty() || stage.name.size() > 100 ||
        stage.name_fa.size() > 200) {
      return Status::Refused(at + ".name", "a stage name is 1 to 100 bytes");
    }
    if (stage.probability < 0 || stage.probability > 100) {
      return Status::Refused(at + ".probability",
                             "a probability is a percent, 0 to 100");
    }
    switch (stage.outcome) {
      case DealStatus::kOpen:
        ++open;
        if (stage.probability == 100) {
          return Status::Refused(at + ".probability",
                                 "an open stage is not yet certain: below 100");
        }
        break;
      case DealStatus::kWon:
        ++won;
        if (stage.probability != 100) {
          return Status::Refused(at + ".probability",
                                 "the won stage's probability is 100");
        }
        break;
      case DealStatus::kLost:
        ++lost;
        if (stage.probability != 0) {
          return Status::Refused(at + ".probability",
                                 "a lost stage's probability is 0");
        }
        break;
    }
  }
  if (open == 0 || won != 1 || lost == 0) {
    return Status::Refused("stages",
                           "a pipeline has at least one open stage, exactly "
                           "one won stage and at least one lost stage");
  }
  return Status::Ok();
}

Result<DealState> OpenDeal(const Pipeline& pipeline, std::string_view stage,
                           UnixSeconds now) {
  const Stage* at =
      stage.empty() ? &pipeline.FirstOpen() : pipeline.Find(stage);
  if (at == nullptr) {
    return Status::Refused("stage", "pipeline \"" + pipeline.key +
                                        "\" has no stage \"" +
                                        std::string(stage) + "\"");
  }
  if (at->outcome != DealStatus::kOpen) {
    return Status::Refused(
        "stage", "a deal opens at an open stage; move it to \"" + at->key +
                     "\" afterwards");
  }
  DealState deal;
  deal.stage = at->key;
  deal.status = DealStatus::kOpen;
  deal.probability = at->probability;
  deal.stage_entered_at = now;
  return deal;
}

Result<DealState> MoveDeal(const Pipeline& pipeline, const DealState& deal,
                           std::string_view stage, std::string_view reason,
                           UnixSeconds now) {
  const Stage* to = pipeline.Find(stage);
  if (to == nullptr) {
    return Status::Refused("stage", "pipeline \"" + pipeline.key +
                                        "\" has no stage \"" +
                                        std::string(stage) + "\"");
  }
  DealState next = deal;
  if (to->outcome == DealStatus::kLost && reason.empty()) {
    return Status::Refused("close_reason", "a lost deal needs a reason");
  }
  if (reason.size() > 500) {
    return Status::Refused("close_reason", "a reason is at most 500 bytes");
  }
  if (to->key != deal.stage) next.stage_entered_at = now;
  next.stage = to->key;
  next.probability = to->probability;
  next.status = to->outcome;
  if (to->outcome == DealStatus::kOpen) {
    next.closed_at = 0;
    next.close_reason.clear();
  } else {
    if (deal.status != to->outcome || deal.closed_at == 0) next.closed_at = now;
    if (!reason.empty()) next.close_reason = std::string(reason);
  }
  return next;
}

int64_t Weighted(int64_t value_minor, int probability) {
  // Exact for any int64 value: the quotient and remainder by 100 apart.
  const int64_t whole = value_minor / 100 * probability;
  const int64_t part = value_minor % 100 * probability;
  return whole + (part >= 0 ? (part + 50) / 100 : -((-part + 50) / 100));
}

}  // namespace vafa::services::sales
