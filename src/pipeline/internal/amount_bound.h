// AmountBound: every money sum an analysis makes (per customer, segment,
// class, month) adds up some of the log's amounts, discounts, costs and
// acquisition costs, which come from clients. While the sum of their
// magnitudes fits in 64 bits no such sum can wrap; the loaders refuse a log
// past that, naming the field, before any report is computed.
#ifndef VAFA_PIPELINE_AMOUNT_BOUND_H_
#define VAFA_PIPELINE_AMOUNT_BOUND_H_

#include <cstdint>
#include <optional>

#include "analytics/transaction_log.h"
#include "core/money.h"
#include "core/status.h"

namespace vafa::pipeline {

class AmountBound {
 public:
  // False once the magnitudes no longer fit.
  // (CheckedAdd's test, inline: three calls per order line.)
  bool Add(int64_t amount) {
    int64_t sum = 0;
    if (amount == INT64_MIN ||
        __builtin_add_overflow(total_, amount < 0 ? -amount : amount, &sum)) {
      fits_ = false;
    }
    if (fits_) total_ = sum;
    return fits_;
  }
  bool AddLine(const analytics::OrderLine& line) {
    return Add(line.amount_minor) && Add(line.discount_minor) &&
           Add(line.cost_minor);
  }
  // Adds the magnitudes another bound counted (a share of the same input).
  bool Merge(const AmountBound& other) {
    if (!other.fits_) fits_ = false;
    return fits_ && Add(other.total_);
  }
  static Status Exceeded() {
    return Status::Refused(
        "amount_minor",
        AmountOverflowMessage(
            "the sum of all amounts, discounts and costs to analyse"));
  }

 private:
  int64_t total_ = 0;
  bool fits_ = true;
};

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_AMOUNT_BOUND_H_
