#include "import/interaction_vocabulary.h"

#include <array>
#include <utility>

#include "core/persian_text.h"

namespace vafa::import {
namespace {

struct Spelling {
  std::string word;  // normalized for search
  std::string_view code;
};

// The codes the web UI names (web/src/i18n, "code.*") with the Persian
// word its dictionary gives each, as a file would spell it.
const std::array<Spelling, 6>& TypeSpellings() {
  static const std::array<Spelling, 6> spellings = {{
      {NormalizeForSearch("شکایت"), "complaint"},
      {NormalizeForSearch("تماس"), "call"},
      {NormalizeForSearch("بازدید"), "visit"},
      {NormalizeForSearch("رایانامه"), "email"},
      {NormalizeForSearch("پیام"), "message"},
      {NormalizeForSearch("یادداشت"), "note"},
  }};
  return spellings;
}

}  // namespace

std::string CanonicalInteractionType(std::string_view normalized) {
  for (const Spelling& spelling : TypeSpellings()) {
    if (normalized == spelling.word) return std::string(spelling.code);
  }
  return std::string(normalized);
}

std::string CanonicalInteractionDirection(std::string_view normalized) {
  static const std::string inbound = NormalizeForSearch("ورودی");
  static const std::string outbound = NormalizeForSearch("خروجی");
  if (normalized == "in" || normalized == inbound) return "inbound";
  if (normalized == "out" || normalized == outbound) return "outbound";
  return std::string(normalized);
}

}  // namespace vafa::import
