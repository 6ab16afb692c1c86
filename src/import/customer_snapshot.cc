#include "import/internal/customer_snapshot.h"

#include <nlohmann/json.hpp>

namespace vafa::import {

using nlohmann::json;

std::string CustomerToJson(const store::Customer& c) {
  json j = {
      {"id", c.id},
      {"workspace_id", c.workspace_id},
      {"external_id", c.external_id},
      {"kind", c.kind},
      {"parent_id", c.parent_id},
      {"first_name", c.first_name},
      {"last_name", c.last_name},
      {"organisation_name", c.organisation_name},
      {"display_name", c.display_name},
      {"national_id", c.national_id},
      {"phone", c.phone},
      {"email", c.email},
      {"gender", c.gender},
      {"birth_date", c.birth_date},
      {"city", c.city},
      {"province", c.province},
      {"acquisition_channel", c.acquisition_channel},
      {"acquisition_cost_minor", c.acquisition_cost_minor
                                     ? json(*c.acquisition_cost_minor)
                                     : json(nullptr)},
      {"joined_at", c.joined_at ? json(*c.joined_at) : json(nullptr)},
      {"language", c.language},
      {"updated_at", c.updated_at},
      {"version", c.version},
  };
  return j.dump();
}

Result<store::Customer> CustomerFromJson(const std::string& text) {
  try {
    json j = json::parse(text);
    store::Customer c;
    c.id = j.at("id").get<int64_t>();
    c.workspace_id = j.at("workspace_id").get<int64_t>();
    c.external_id = j.at("external_id").get<std::string>();
    c.kind = j.at("kind").get<std::string>();
    c.parent_id = j.at("parent_id").get<int64_t>();
    c.first_name = j.at("first_name").get<std::string>();
    c.last_name = j.at("last_name").get<std::string>();
    c.organisation_name = j.at("organisation_name").get<std::string>();
    c.display_name = j.at("display_name").get<std::string>();
    c.national_id = j.at("national_id").get<std::string>();
    c.phone = j.at("phone").get<std::string>();
    c.email = j.at("email").get<std::string>();
    c.gender = j.at("gender").get<std::string>();
    c.birth_date = j.at("birth_date").get<std::string>();
    c.city = j.at("city").get<std::string>();
    c.province = j.at("province").get<std::string>();
    c.acquisition_channel = j.at("acquisition_channel").get<std::string>();
    if (!j.at("acquisition_cost_minor").is_null()) {
      c.acquisition_cost_minor = j.at("acquisition_cost_minor").get<int64_t>();
    }
    if (!j.at("joined_at").is_null()) {
      c.joined_at = j.at("joined_at").get<int64_t>();
    }
    c.language = j.at("language").get<std::string>();
    c.updated_at = j.at("updated_at").get<int64_t>();
    c.version = j.at("version").get<int>();
    return c;
  } catch (const std::exception& error) {
    return Status::Internal(std::string("unreadable customer snapshot: ") +
                            error.what());
  }
}

}  // namespace vafa::import
