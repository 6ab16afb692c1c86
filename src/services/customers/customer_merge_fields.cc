// The fields a merge chooses between: which there are, the defaults, the
// user's choices, and the kept customer they make (customer_merge.h).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/national_id.h"
#include "services/customers/customer_merge.h"

namespace vafa::services::customers {
namespace {

// How each mergeable field is read, shown and copied.
struct FieldAccess {
  const char* name;
  bool (*empty)(const store::Customer&);
  nlohmann::json (*json)(const store::Customer&);
  void (*copy)(store::Customer&, const store::Customer&);
};

#define VAFA_TEXT_FIELD(field)                                          \
  FieldAccess {                                                         \
#field, [](const store::Customer& c) { return c.field.empty(); },     \
        [](const store::Customer& c) { return nlohmann::json(c.field); }, \
        [](store::Customer& to, const store::Customer& from) {            \
          to.field = from.field;                                          \
        } \
  }
#define VAFA_OPTIONAL_FIELD(field)                                       \
  FieldAccess {                                                          \
#field, [](const store::Customer& c) { return !c.field.has_value(); }, \
        [](const store::Customer& c) {                                    \
          return c.field ? nlohmann::json(*c.field) : nlohmann::json();   \
        },                                                                \
        [](store::Customer& to, const store::Customer& from) {            \
          to.field = from.field;                                          \
        } \
  }

const std::vector<FieldAccess>& Fields() {
  static const std::vector<FieldAccess> fields = {
      VAFA_TEXT_FIELD(first_name),
      VAFA_TEXT_FIELD(last_name),
      VAFA_TEXT_FIELD(organisation_name),
      VAFA_TEXT_FIELD(national_id),
      VAFA_TEXT_FIELD(phone),
      VAFA_TEXT_FIELD(email),
      VAFA_TEXT_FIELD(gender),
      VAFA_TEXT_FIELD(birth_date),
      VAFA_TEXT_FIELD(city),
      VAFA_TEXT_FIELD(province),
      VAFA_TEXT_FIELD(acquisition_channel),
      VAFA_OPTIONAL_FIELD(acquisition_cost_minor),
      VAFA_OPTIONAL_FIELD(joined_at),
      VAFA_TEXT_FIELD(language),
  };
  return fields;
}

#undef VAFA_TEXT_FIELD
#undef VAFA_OPTIONAL_FIELD

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

nlohmann::json MergeFieldsJson(const store::Customer& c) {
  nlohmann::json out = {{"id", c.id},
                        {"external_id", c.external_id},
                        {"display_name", c.display_name},
                        {"version", c.version}};
  for (const FieldAccess& field : Fields()) out[field.name] = field.json(c);
  return out;
}

const std::vector<std::string>& MergeableFields() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const FieldAccess& field : Fields()) out.emplace_back(field.name);
    return out;
  }();
  return names;
}

Result<std::pair<std::string, MergeSide>> ParseFieldChoice(
    std::string_view text) {
  const size_t equals = text.find('=');
  const std::string quoted = "\"" + std::string(text) + "\"";
  if (equals == std::string_view::npos) {
    return Status::Invalid(
        "field choice " + quoted + " is not FIELD=kept or FIELD=other", "take");
  }
  const std::string field(text.substr(0, equals));
  const std::string_view side = text.substr(equals + 1);
  const auto& names = MergeableFields();
  if (std::find(names.begin(), names.end(), field) == names.end()) {
    return Status::Invalid("field choice " + quoted + ": \"" + field +
                               "\" is not a field a merge takes (" +
                               JoinNames(names) + ")",
                           "take");
  }
  if (side == "kept") return std::pair{field, MergeSide::kKept};
  if (side == "other") return std::pair{field, MergeSide::kOther};
  return Status::Invalid(
      "field choice " + quoted + ": the side is \"kept\" or \"other\"", "take");
}

std::map<std::string, MergeSide> ChooseMergeFields(
    const store::Customer& kept, const store::Customer& other,
    const std::map<std::string, MergeSide>& choices) {
  const MergeSide recent =
      other.updated_at > kept.updated_at ? MergeSide::kOther : MergeSide::kKept;
  // The acquisition goes with whoever joined first.
  const MergeSide joined =
      other.joined_at && (!kept.joined_at || *other.joined_at < *kept.joined_at)
          ? MergeSide::kOther
          : MergeSide::kKept;
  const bool kept_id_valid =
      !kept.national_id.empty() && IsValidNationalId(kept.national_id);
  const bool other_id_valid =
      !other.national_id.empty() && IsValidNationalId(other.national_id);
  std::map<std::string, MergeSide> sides;
  for (const FieldAccess& field : Fields()) {
    const std::string name = field.name;
    MergeSide side = recent;
    if (name == "national_id" && (kept_id_valid || other_id_valid)) {
      side = kept_id_valid ? MergeSide::kKept : MergeSide::kOther;
    } else if (name == "joined_at" || name == "acquisition_channel" ||
               name == "acquisition_cost_minor") {
      side = joined;
    }
    // A side with nothing to give leaves the value the other has.
    const bool from_kept = side == MergeSide::kKept;
    if (field.empty(from_kept ? kept : other) &&
        !field.empty(from_kept ? other : kept)) {
      side = from_kept ? MergeSide::kOther : MergeSide::kKept;
    }
    // Equal values (or none on either side) change nothing: say kept.
    if (field.json(kept) == field.json(other)) side = MergeSide::kKept;
    auto chosen = choices.find(name);
    if (chosen != choices.end()) side = chosen->second;
    sides[name] = side;
  }
  return sides;
}

std::vector<MergeFieldPreview> PreviewMergeFields(
    const store::Customer& kept, const store::Customer& other) {
  const std::map<std::string, MergeSide> sides =
      ChooseMergeFields(kept, other, {});
  auto shown = [](nlohmann::json value) {
    return value.is_string() && value.get_ref<const std::string&>().empty()
               ? nlohmann::json()
               : value;
  };
  std::vector<MergeFieldPreview> out;
  for (const FieldAccess& field : Fields()) {
    out.push_back({field.name, shown(field.json(kept)),
                   shown(field.json(other)), sides.at(field.name)});
  }
  return out;
}

store::Customer MergedCustomer(const store::Customer& kept,
                               const store::Customer& other,
                               const std::map<std::string, MergeSide>& sides) {
  store::Customer merged = kept;
  for (const FieldAccess& field : Fields()) {
    auto side = sides.find(field.name);
    if (side != sides.end() && side->second == MergeSide::kOther) {
      field.copy(merged, other);
    }
  }
  if (merged.parent_id == 0 && other.parent_id != kept.id) {
    merged.parent_id = other.parent_id;
  }
  merged.display_name = store::DisplayNameOf(merged);
  return merged;
}

}  // namespace vafa::services::customers
