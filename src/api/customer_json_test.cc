// WriteCustomerJson (a page of customers written straight into the body)
// against CustomerJson printed as JsonResponse prints it: the same bytes
// for every role and for customers with hostile text in every field.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "api/internal/data_routes.h"
#include "core/json_writer.h"

namespace vafa::api {
namespace {

constexpr auth::Role kRoles[] = {auth::Role::kOwner,     auth::Role::kManager,
                                 auth::Role::kSales,     auth::Role::kSupport,
                                 auth::Role::kMarketing, auth::Role::kAnalyst,
                                 auth::Role::kViewer};

std::string Printed(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Written(const store::Customer& customer, const Scope& scope) {
  std::string out;
  JsonWriter json(out);
  WriteCustomerJson(json, customer, scope);
  return out;
}

// Texts a customer field may hold once a file or a client put it there.
const std::vector<std::string>& HostileTexts() {
  static const std::vector<std::string> texts = {
      "",
      "Ali",
      "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF \xD8\xAD\xD8\xB3\xDB\x8C\xD9\x86\xDB"
      "\x8C",                                  // Persian
      "\xD8\xB9\xD9\x84\xDB\x8C\xE2\x80\x8C",  // Persian with a ZWNJ
      "\xF0\x9F\x98\x80\xF0\x9F\x87\xAE\xF0\x9F\x87\xB7",  // emoji
      "say \"hi\" \\ bye /",
      "tab\there\nline\r\n\b\f",
      std::string("nul\0byte", 8),
      "\x01\x1f\x7f",
      "\x80\xBF",          // continuation bytes alone
      "\xC0\xAF",          // overlong
      "\xED\xA0\x80",      // a surrogate
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "\xFF\xFE",          // never in UTF-8
      "\xD9\x85\xD8",      // cut off at the end
      "\xE2\x82"
      "a\xE2\x82\xAC",  // cut off, then valid
  };
  return texts;
}

store::Customer CustomerWith(std::mt19937& random) {
  const auto& texts = HostileTexts();
  std::uniform_int_distribution<size_t> pick(0, texts.size() - 1);
  std::uniform_int_distribution<int> coin(0, 1);
  auto text = [&] { return texts[pick(random)]; };
  auto maybe = [&](int64_t value) {
    return coin(random) ? std::optional<int64_t>(value) : std::nullopt;
  };
  store::Customer c;
  c.id = std::uniform_int_distribution<int64_t>(1, INT64_MAX)(random);
  c.workspace_id = 3;
  c.external_id = text();
  c.kind = coin(random) ? "person" : text();
  c.parent_id = coin(random) ? 0 : c.id / 2;
  c.first_name = text();
  c.last_name = text();
  c.organisation_name = text();
  c.display_name = text();
  c.national_id = text();
  c.phone = text();
  c.email = text();
  c.gender = text();
  c.birth_date = text();
  c.city = text();
  c.province = text();
  c.acquisition_channel = text();
  c.acquisition_cost_minor = maybe(-1234567890123);
  c.joined_at = maybe(1700000000);
  c.language = text();
  c.created_at = 1600000000;
  c.updated_at = 1800000000;
  c.deleted_at = maybe(1750000000);
  c.batch_id = coin(random) ? 0 : 42;
  c.version = std::uniform_int_distribution<int>(1, 1000)(random);
  return c;
}

TEST(CustomerJsonTest, WrittenCustomerIsCustomerJsonPrinted) {
  std::mt19937 random(19);
  for (auth::Role role : kRoles) {
    Scope scope;
    scope.role = role;
    for (int trial = 0; trial < 2000; ++trial) {
      const store::Customer customer = CustomerWith(random);
      ASSERT_EQ(Written(customer, scope),
                Printed(CustomerJson(customer, scope)))
          << "role " << auth::RoleName(role) << ", trial " << trial;
    }
  }
}

TEST(CustomerJsonTest, EmptyCustomerIsCustomerJsonPrinted) {
  for (auth::Role role : kRoles) {
    Scope scope;
    scope.role = role;
    const store::Customer customer;
    EXPECT_EQ(Written(customer, scope), Printed(CustomerJson(customer, scope)));
  }
}

// Both sides of the permission check are among the roles compared above.
TEST(CustomerJsonTest, RolesCoverHiddenAndShownDetails) {
  store::Customer customer;
  customer.phone = "+989121234567";
  customer.acquisition_cost_minor = 500;
  bool shown = false, hidden = false;
  for (auth::Role role : kRoles) {
    Scope scope;
    scope.role = role;
    const std::string written = Written(customer, scope);
    const bool has_phone = written.find("+989121234567") != std::string::npos;
    const bool has_cost =
        written.find("\"acquisition_cost_minor\":500") != std::string::npos;
    shown = shown || (has_phone && has_cost);
    hidden = hidden || (!has_phone && !has_cost);
  }
  EXPECT_TRUE(shown);
  EXPECT_TRUE(hidden);
}

}  // namespace
}  // namespace vafa::api
