// The fixture of the messaging API tests (messaging_api_test.cc,
// message_tracking_api_test.cc): a real server with the secret key and the
// inbound SMS token set, an SMTP sink (tests/messaging/smtp_sink.py) and an
// SMS gateway (sms_gateway.py) on loopback, and helpers that add channels,
// templates and a drawn campaign through the API.
#ifndef VAFA_TESTS_API_MESSAGING_FIXTURE_H_
#define VAFA_TESTS_API_MESSAGING_FIXTURE_H_

#include <signal.h>
#include <sys/wait.h>

#include "tests/api/api_fixture.h"
#include "tests/child_process.h"
#include "tests/test_paths.h"

namespace vafa::testing_api {

using nlohmann::json;

inline constexpr char kKey[] =
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
inline constexpr char kSecret[] = "pa55-w0rd-never-shown";
inline constexpr char kInboundToken[] = "gateway-inbound-token-0123";
inline constexpr char kGatewayToken[] = "gateway-outbound-token";

class MessagingApiTest : public ApiTest {
 protected:
  void SetUp() override {
    // The server (a child process) and `vafa send` inherit the key.
    setenv("VAFA_SECRET_KEY", kKey, 1);
    setenv("VAFA_SMS_INBOUND_TOKEN", kInboundToken, 1);
    ApiTest::SetUp();
  }
  void TearDown() override {
    for (pid_t helper : {sink_, gateway_}) {
      if (helper > 0) {
        kill(helper, SIGTERM);
        waitpid(helper, nullptr, 0);
      }
    }
    ApiTest::TearDown();
  }

  // Starts tests/messaging/SCRIPT writing into `out` (with `extra`
  // arguments) as `pid`; its port, 0 when it did not start.
  int StartHelper(const char* script, const std::filesystem::path& out,
                  std::vector<std::string> extra, pid_t& pid) {
    std::filesystem::create_directories(out);
    const std::string path =
        std::string(::vafa::testing::kSourceDir) + "/tests/messaging/" + script;
    std::vector<std::string> args = {"python3", path, out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    pid = ::vafa::testing::ForkChildOfTest();
    if (pid == 0) {
      std::vector<char*> argv;
      for (std::string& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      execv("/usr/bin/python3", argv.data());
      _exit(127);
    }
    for (int tries = 0; tries < 200; ++tries) {
      std::ifstream in(out / "port");
      int port = 0;
      if (in >> port) return port;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return 0;
  }
  // Starts the SMTP sink; its port, 0 when it did not start.
  int StartSink() {
    return StartHelper("smtp_sink.py", dir_ / "smtp", {}, sink_);
  }
  // Starts the SMS gateway; its port, 0 when it did not start.
  int StartGateway() {
    return StartHelper("sms_gateway.py", dir_ / "sms",
                       {"--token", kGatewayToken}, gateway_);
  }
  int Received() {
    int n = 0;
    while (std::filesystem::exists(dir_ / "smtp" /
                                   (std::to_string(n + 1) + ".json"))) {
      ++n;
    }
    return n;
  }

  json EmailChannel(int port) {
    return {{"name", "Shop mail"},
            {"kind", "email"},
            {"per_minute", 0},
            {"secret", kSecret},
            {"email",
             {{"host", "127.0.0.1"},
              {"port", port},
              {"security", "none"},
              {"from_address", "shop@example.com"},
              {"from_name", "فروشگاه"},
              {"unsubscribe_url", "http://127.0.0.1/unsubscribe/{token}"},
              {"price", 30}}}};
  }
  int64_t AddEmailChannel(int port) {
    HttpResult made = Call("POST", ws + "/message-channels", Owner(),
                           EmailChannel(port).dump());
    EXPECT_EQ(made.status, 201) << made.body;
    return made.Json()["channel"].value("id", int64_t{0});
  }
  int64_t AddTemplate(const json& body) {
    HttpResult made =
        Call("POST", ws + "/message-templates", Owner(), body.dump());
    EXPECT_EQ(made.status, 201) << made.body;
    return made.Json()["template"].value("id", int64_t{0});
  }
  json MarketingEmail() {
    return {{"name", "Yalda"},
            {"kind", "email"},
            {"purpose", "marketing"},
            {"subject_fa", "شب یلدا، {first_name}"},
            {"body_fa", "{first_name} عزیز، {points} امتیاز دارید."},
            {"subject_en", "Yalda night, {first_name}"},
            {"body_en", "Dear {first_name}, you have {points} points."}};
  }
  // A drawn campaign over customers with at least one order.
  int64_t DrawnCampaign() {
    HttpResult segment = Call("POST", ws + "/segments", Owner(),
                              R"({"name":"Buyers","rules":{"conditions":[
                 {"field":"orders_count","op":">=","value":1}]}})");
    EXPECT_EQ(segment.status, 201) << segment.body;
    HttpResult campaign =
        Call("POST", ws + "/campaigns", Owner(),
             json{{"name", "Yalda"},
                  {"channel", "email"},
                  {"goal", "retention"},
                  {"segment_id", segment.Json()["segment"]["id"]},
                  {"starts_at", "2026-12-01"},
                  {"ends_at", "2026-12-31"},
                  {"control_percent", 20}}
                 .dump());
    EXPECT_EQ(campaign.status, 201) << campaign.body;
    const int64_t id = campaign.Json()["campaign"].value("id", int64_t{0});
    EXPECT_EQ(Call("POST", ws + "/campaigns/" + std::to_string(id) + "/draw",
                   Owner(), "")
                  .status,
              200);
    return id;
  }

  // An SMS channel to the gateway on `port`, reading delivery reports
  // {"id": ..., "status": ..., "error": ...} when `reports`.
  json SmsChannel(int port, bool reports) {
    json sms = {
        {"url", "http://127.0.0.1:" + std::to_string(port) + "/send"},
        {"method", "POST"},
        {"headers",
         json::array({json::array({"Authorization", "Bearer {secret}"}),
                      json::array({"Content-Type", "application/json"})})},
        {"body", R"({"to":"{to}","text":"{text}","key":"{key}"})"},
        {"id_pointer", "/messages/0/id"},
        {"status_pointer", "/messages/0/status"},
        {"accepted_statuses", json::array({"queued"})},
        {"timeout_seconds", 5}};
    if (reports) {
      sms["report_id_pointer"] = "/id";
      sms["report_status_pointer"] = "/status";
      sms["report_reason_pointer"] = "/error";
      sms["delivered_statuses"] = json::array({"DELIVERED", "2"});
      sms["failed_statuses"] = json::array({"UNDELIVERABLE"});
    }
    return {{"name", "SMS"},
            {"kind", "sms"},
            {"secret", kGatewayToken},
            {"sms", sms}};
  }
  // A satisfaction request by SMS queued for a new customer with `phone`;
  // the customer's id.
  int64_t SatisfactionSms(int64_t channel, int64_t template_id,
                          const std::string& phone) {
    HttpResult customer = Call("POST", ws + "/customers", Owner(),
                               json{{"first_name", "Nima"},
                                    {"external_id", "S-" + phone},
                                    {"phone", phone}}
                                   .dump());
    EXPECT_EQ(customer.status, 201) << customer.body;
    const int64_t customer_id = customer.Json()["customer"]["id"];
    HttpResult ticket = Call("POST", ws + "/tickets", Owner(),
                             json{{"customer_id", customer_id},
                                  {"subject", "Late parcel"},
                                  {"type", "complaint"}}
                                 .dump());
    EXPECT_EQ(ticket.status, 201) << ticket.body;
    HttpResult queued = Call(
        "POST",
        ws + "/tickets/" +
            std::to_string(ticket.Json()["ticket"]["id"].get<int64_t>()) +
            "/satisfaction-request",
        Owner(),
        json{{"template_id", template_id}, {"channel_id", channel}}.dump());
    EXPECT_EQ(queued.status, 201) << queued.body;
    return customer_id;
  }
  json History(int64_t customer_id) {
    return Get(ws + "/customers/" + std::to_string(customer_id) + "/messages",
               Owner())
        .Json()["items"];
  }

  const std::string ws = "/api/v1/workspaces/demo";
  pid_t sink_ = 0;
  pid_t gateway_ = 0;
};

}  // namespace vafa::testing_api

#endif  // VAFA_TESTS_API_MESSAGING_FIXTURE_H_
