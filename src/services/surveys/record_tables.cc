#include "services/surveys/record_tables.h"

namespace vafa::services::surveys {

using store::FieldKind;

store::TableDef SurveyTable() {
  store::TableDef def;
  def.table = "surveys";
  def.entity = "survey";
  def.fields = {
      {.name = "name", .required = true, .max_length = 200},
      {.name = "kind",
       .required = true,
       .max_length = 20,
       .one_of = {"nps", "csat", "ces", "pulse", "readiness"}},
      {.name = "question", .max_length = 1000},
      {.name = "description", .max_length = 2000},
      {.name = "status", .max_length = 20, .one_of = {"open", "closed"}},
      {.name = "min_group", .kind = FieldKind::kInt},
  };
  def.filterable = {"kind", "status"};
  return def;
}

}  // namespace vafa::services::surveys
