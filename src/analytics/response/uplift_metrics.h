// How well a score ranks members by what a campaign changes in them, judged
// on a campaign that kept a control group: the Qini curve and coefficient,
// and the uplift in each decile of the score.
//
// Members are ordered by score, highest first; members of equal score form
// one block, so the curve has a point only after each block (a score that
// cannot tell members apart earns nothing for their order). After the top
// n members, with n_t treated of whom r_t bought and n_c held out of whom
// r_c bought, the Qini curve is
//     Q(n) = r_t - r_c * n_t / n_c    (r_t alone while n_c is 0),
// the incremental buyers among the treated of the top n. The random
// ordering's curve is the line from (0, 0) to (N, Q(N)). The Qini
// coefficient is the area between the curve and that line (trapezoids),
// divided by N: 0 for a score no better than chance, higher for one that
// puts the persuadable first, negative for one that puts them last.
//
// Deciles are by rank (the first N mod 10 hold one member more); members
// of equal score keep their input order, so the split is deterministic.
#ifndef VAFA_ANALYTICS_RESPONSE_UPLIFT_METRICS_H_
#define VAFA_ANALYTICS_RESPONSE_UPLIFT_METRICS_H_

#include <array>
#include <cstdint>
#include <vector>

namespace vafa::analytics::response {

struct QiniPoint {
  int64_t targeted = 0;    // n: members in the top blocks
  double incremental = 0;  // Q(n)
};

struct QiniCurve {
  std::vector<QiniPoint> points;  // (0, 0) first, then one per block
  double coefficient = 0;
};

// `score`, `treated` and `bought` have one entry per member.
QiniCurve ComputeQini(const std::vector<double>& score,
                      const std::vector<uint8_t>& treated,
                      const std::vector<uint8_t>& bought);

struct UpliftDecile {
  int64_t treated = 0, control = 0;
  int64_t treated_bought = 0, control_bought = 0;
  double mean_score = 0;
  // NaN when the decile holds no treated or no control member.
  double treated_rate = 0, control_rate = 0, uplift = 0;
};

std::array<UpliftDecile, 10> UpliftByDecile(const std::vector<double>& score,
                                            const std::vector<uint8_t>& treated,
                                            const std::vector<uint8_t>& bought);

// The order the metrics use: indices by score descending, ties by index.
std::vector<int64_t> RankByScore(const std::vector<double>& score);

}  // namespace vafa::analytics::response

#endif  // VAFA_ANALYTICS_RESPONSE_UPLIFT_METRICS_H_
