// Link rewriting and the tracking addresses, on hand-written texts.
#include "services/messaging/link_tracking.h"

#include <gtest/gtest.h>

namespace vafa::services::messaging {
namespace {

constexpr char kBase[] = "https://crm.example.com";
constexpr char kToken[] = "0123456789abcdef0123456789abcdef";

std::string Tracked(int index) {
  return std::string(kBase) + "/link/" + kToken + "/" + std::to_string(index);
}

std::string Rewrite(const std::string& text, LinkTable& links) {
  auto out = RewriteLinks(text, kBase, kToken, links, "body_fa");
  EXPECT_TRUE(out.ok()) << out.status().message();
  return out.ok() ? *out : "";
}

TEST(LinkTrackingTest, ThePublicBaseIsTheUnsubscribeUrlWithoutItsEnd) {
  EXPECT_EQ(PublicBaseOf("https://crm.example.com/unsubscribe/{token}"),
            "https://crm.example.com");
  EXPECT_EQ(PublicBaseOf("http://10.0.0.5:8080/vafa/unsubscribe/{token}"),
            "http://10.0.0.5:8080/vafa");
  // Another shape: the server's own pages are not there, nothing tracked.
  EXPECT_EQ(PublicBaseOf("https://crm.example.com/u?t={token}"), "");
  EXPECT_EQ(PublicBaseOf("/unsubscribe/{token}"), "");
  EXPECT_EQ(PublicBaseOf(""), "");
}

TEST(LinkTrackingTest, TokensAreThirtyTwoLowercaseHexDigits) {
  EXPECT_TRUE(IsTrackingToken(kToken));
  EXPECT_FALSE(IsTrackingToken("0123456789ABCDEF0123456789ABCDEF"));
  EXPECT_FALSE(IsTrackingToken("0123456789abcdef0123456789abcde"));
  EXPECT_FALSE(IsTrackingToken("0123456789abcdef0123456789abcdeg"));
  EXPECT_FALSE(IsTrackingToken("../../etc/passwd"));
  EXPECT_FALSE(IsTrackingToken(""));
  const std::string a = NewTrackingToken(), b = NewTrackingToken();
  EXPECT_TRUE(IsTrackingToken(a));
  EXPECT_NE(a, b);
}

TEST(LinkTrackingTest, LinksInPlainTextAreRewrittenAndNumberedOnce) {
  LinkTable links;
  const std::string text =
      "سارا عزیز، ۲۰٪ تخفیف: https://shop.example/autumn?c=1. "
      "Also (see http://shop.example/a_(b)) and "
      "https://shop.example/autumn?c=1";
  EXPECT_EQ(Rewrite(text, links), "سارا عزیز، ۲۰٪ تخفیف: " + Tracked(0) +
                                      ". Also (see " + Tracked(1) + ") and " +
                                      Tracked(0));
  ASSERT_EQ(links.added.size(), 2u);
  EXPECT_EQ(links.added[0].second, "https://shop.example/autumn?c=1");
  EXPECT_EQ(links.added[1].second, "http://shop.example/a_(b)");
  // The next message of the batch reuses the numbers.
  EXPECT_EQ(Rewrite("https://shop.example/autumn?c=1", links), Tracked(0));
  EXPECT_EQ(links.added.size(), 2u);
}

TEST(LinkTrackingTest, PersianPunctuationEndsALink) {
  LinkTable links;
  EXPECT_EQ(Rewrite("ببینید https://shop.example/x، و «https://shop.example/y»",
                    links),
            "ببینید " + Tracked(0) + "، و «" + Tracked(1) + "»");
  EXPECT_EQ(links.added[0].second, "https://shop.example/x");
  EXPECT_EQ(links.added[1].second, "https://shop.example/y");
}

TEST(LinkTrackingTest, LinksInsideAttributesAreRewrittenWithTheirAmpersands) {
  LinkTable links;
  const std::string html =
      "<a href=\"https://shop.example/p?a=1&amp;b=2\">buy</a> "
      "<img src='https://cdn.example/x.png' alt=\"\">";
  EXPECT_EQ(Rewrite(html, links), "<a href=\"" + Tracked(0) +
                                      "\">buy</a> <img src='" + Tracked(1) +
                                      "' alt=\"\">");
  EXPECT_EQ(links.added[0].second, "https://shop.example/p?a=1&b=2");
  EXPECT_EQ(links.added[1].second, "https://cdn.example/x.png");
}

TEST(LinkTrackingTest, MailtoTelAndOurOwnLinksAreLeftAlone) {
  LinkTable links;
  const std::string text =
      "<a href=\"mailto:help@shop.example\">mail</a> tel:+982188776655 "
      "https://crm.example.com/link/" +
      std::string(kToken) +
      "/3 https://crm.example.com/unsubscribe/abc "
      "https://crm.example.com/open/" +
      kToken + " ftp://files.example/x xhttps://not.a.link";
  EXPECT_EQ(Rewrite(text, links), text);
  EXPECT_TRUE(links.added.empty());
}

TEST(LinkTrackingTest, LinksThatCannotBeTargetsAreLeftAsWritten) {
  LinkTable links;
  // Credentials in the host (a phishing trick), no host at all.
  const std::string text =
      "https://bank.example@evil.example/login and https:// and http://?x";
  EXPECT_EQ(Rewrite(text, links), text);
  EXPECT_TRUE(links.added.empty());
  EXPECT_FALSE(IsTrackableTarget("javascript:alert(1)"));
  EXPECT_FALSE(IsTrackableTarget("https://a.example/\x01"));
  EXPECT_FALSE(IsTrackableTarget("https:\\\\evil.example"));
  EXPECT_TRUE(IsTrackableTarget("https://shop.example/پاییز"));
  EXPECT_FALSE(IsTrackableTarget("https://shop.example/" +
                                 std::string(kMaxLinkTarget, 'a')));
}

TEST(LinkTrackingTest, HostileAddressesInLinksAreRefusedNamingTheField) {
  LinkTable links;
  for (const char* hostile : {"<a href=\"javascript:alert(1)\">x</a>",
                              "<a HREF = 'JavaScript:alert(1)'>x</a>",
                              "<a href=\"java\tscript:alert(1)\">x</a>",
                              "<img src=data:text/html;base64,PHNjcmlwdD4=>",
                              "<a href=\" vbscript:msgbox(1)\">x</a>"}) {
    auto out = RewriteLinks(hostile, kBase, kToken, links, "body_en");
    ASSERT_FALSE(out.ok()) << hostile;
    EXPECT_EQ(out.status().field(), "body_en");
    EXPECT_NE(out.status().message().find("is refused"), std::string::npos);
    EXPECT_FALSE(CheckLinks(hostile, "body_fa").ok());
  }
  // Refused even where nothing is tracked (no public address).
  EXPECT_FALSE(
      RewriteLinks("<a href=\"javascript:x\">", "", kToken, links, "body_fa")
          .ok());
  // The word in prose is not a link.
  EXPECT_TRUE(CheckLinks("javascript: the language", "body_fa").ok());
  EXPECT_TRUE(CheckLinks("<a href=\"https://shop.example\">", "body_fa").ok());
}

TEST(LinkTrackingTest, WithoutAPublicAddressTextGoesAsWritten) {
  LinkTable links;
  auto out = RewriteLinks("https://shop.example/x", "", kToken, links, "b");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "https://shop.example/x");
  EXPECT_TRUE(links.added.empty());
}

TEST(LinkTrackingTest, TheHtmlPartEscapesTheTextAndEndsWithThePixel) {
  const std::string html = EmailHtmlPart(
      "<b>سلام</b> & https://shop.example/x?a=1&b=2\nخط دوم",
      "https://crm.example.com/unsubscribe/u1", OpenPixelUrl(kBase, kToken));
  EXPECT_NE(html.find("&lt;b&gt;سلام&lt;/b&gt; &amp; <a "
                      "href=\"https://shop.example/x?a=1&amp;b=2\">"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("\nخط دوم"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"https://crm.example.com/unsubscribe/u1\">"),
            std::string::npos);
  EXPECT_NE(html.find("<img src=\"https://crm.example.com/open/" +
                      std::string(kToken) + "\" width=\"1\" height=\"1\""),
            std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
}

}  // namespace
}  // namespace vafa::services::messaging
