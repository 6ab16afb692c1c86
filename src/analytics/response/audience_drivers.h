// What drives an audience (audience_estimate.h), from the model that chose
// it: per feature, the mean contribution to the log-odds over the
// audience's members less the mean over every scored customer (the
// contributions of uplift_models.h: SHAP values for the trees, weight times
// standardised value for the logistic regression). The features that push
// the audience's score furthest in its direction (up for predicted
// responders and persuadable, down for do not disturb) are its drivers,
// told in words in English and Persian by whether the audience's members
// have more or less of the feature than the customers as a whole.
// Pure functions; O(rows x cols).
#ifndef VAFA_ANALYTICS_RESPONSE_AUDIENCE_DRIVERS_H_
#define VAFA_ANALYTICS_RESPONSE_AUDIENCE_DRIVERS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vafa::analytics::response {

struct AudienceDriver {
  int feature = 0;          // index in kDrawFeatureNames (draw_features.h)
  double contribution = 0;  // audience mean less overall mean (log-odds)
  // The feature's mean over the members and over every scored customer
  // (rows where it is missing left out; NaN when all are).
  double audience_mean = 0, overall_mean = 0;
};

// `contributions`: cols + 1 per row (the last, the bias, is left out); `x`:
// cols per row; `in_audience`: 1 for the audience's rows. `direction` +1:
// the features that raise the score most, -1: lower it most. At most `top`
// drivers, strongest first; a feature that does not move the score in the
// direction is not a driver. No audience rows: none.
std::vector<AudienceDriver> AudienceDrivers(
    const std::vector<float>& contributions, const std::vector<float>& x,
    int cols, const std::vector<uint8_t>& in_audience, int direction, int top);

// One customer's drivers: the names (kDrawFeatureNames) of at most `top`
// features whose contribution in `row` (cols + 1 values, the last the
// bias) moves the score most in `direction` (+1 up, -1 down), strongest
// first, joined by commas ("past_responses,recency_over_rhythm"); "" when
// none moves it that way.
std::string CustomerDrivers(const float* row, int cols, int direction, int top);

// "answers to past campaigns: higher than for the customers as a whole"
// and its Persian, by whether audience_mean is above overall_mean; language
// "en" or "fa".
std::string DescribeDriver(const AudienceDriver& driver,
                           std::string_view language);

}  // namespace vafa::analytics::response

#endif  // VAFA_ANALYTICS_RESPONSE_AUDIENCE_DRIVERS_H_
