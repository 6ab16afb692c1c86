// Iran's 31 provinces and their main cities, in Persian and in the common
// Latin spellings, for checking that a customer's city lies in the
// customer's province (analytics/quality).
//
// Names are compared by PlaceKey: folded as search folds text
// (NormalizeForSearch: Arabic and Persian letter variants, digits, case),
// with alef madda read as alef, and without spaces, ZWNJ, hyphens or
// apostrophes, so "Khomeini-Shahr" and "khomeinishahr" are one key, and
// the Persian spelling with ZWNJ, with a space or with neither is one key.
// A leading or trailing "استان", "ostan" or "province" is dropped from a
// province. The table holds each province's capital and larger cities, not
// every town: a city it does not know is neither consistent nor
// inconsistent. Pure; thread-safe (the table is built once, on first use).
#ifndef VAFA_ANALYTICS_QUALITY_IRAN_PLACES_H_
#define VAFA_ANALYTICS_QUALITY_IRAN_PLACES_H_

#include <span>
#include <string>
#include <string_view>

namespace vafa::analytics::quality {

// A province by its index in the table, 0..30; kNoProvince when unknown.
inline constexpr int kNoProvince = -1;
inline constexpr int kProvinceCount = 31;

// The key a place name is compared by (see above).
std::string PlaceKey(std::string_view name);

// The province a name (Persian or Latin) denotes, or kNoProvince.
int ProvinceNamed(std::string_view name);

// The provinces that have a city of this name (a few names occur in more
// than one); empty when the table does not know the city.
std::span<const int> ProvincesOfCity(std::string_view city);

// The province's name in English ("Razavi Khorasan") and Persian.
std::string_view ProvinceEnglishName(int province);
std::string_view ProvincePersianName(int province);

}  // namespace vafa::analytics::quality

#endif  // VAFA_ANALYTICS_QUALITY_IRAN_PLACES_H_
