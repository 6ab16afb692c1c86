#include "import/vcard_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "import/vcard_writer.h"

namespace vafa::import {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> Records(std::string_view text) {
  auto reader = VcardReader::FromText(text, "c.vcf");
  if (!reader.ok()) return {reader.status().message()};
  std::vector<std::string> out;
  std::vector<std::string_view> fields;
  while (*(*reader)->Next(fields)) {
    std::string line = std::to_string((*reader)->line()) + ":";
    for (size_t i = 0; i < fields.size(); ++i) {
      line += (i > 0 ? "|" : "") + std::string(fields[i]);
    }
    out.push_back(line);
  }
  return out;
}

TEST(VcardReader, Version4And3CardsBecomeCustomerRows) {
  const char* text =
      "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:1\r\nFN:Ali Rezaei\r\n"
      "N:Rezaei;Ali;;;\r\nTEL;TYPE=home:+98 21 1234 5678\r\n"
      "TEL;TYPE=cell;PREF=1:tel:+989121234567\r\n"
      "EMAIL;PREF=1:ali@example.com\r\nEMAIL:other@example.com\r\n"
      "BDAY:19900517\r\nADR:;;Valiasr St\\, 12;Tehran;Tehran;;Iran\r\n"
      "END:VCARD\r\n"
      "BEGIN:VCARD\nVERSION:3.0\nitem1.ORG:Acme\\, Ltd;Sales\nFN:Acme\\, Ltd\n"
      "X-ABShowAs:COMPANY\nEMAIL;TYPE=INTERNET,pref:info@acme.example\n"
      "NOTE:a long note that is\n  folded over two lines\nEND:VCARD\n"
      "BEGIN:VCARD\nVERSION:4.0\nFN:پریسا چگینی\nTEL;VALUE=uri:tel:0935111\n"
      " 2233\nEND:VCARD\n";
  EXPECT_THAT(
      Records(text),
      ElementsAre(
          "1:external_id|kind|first_name|last_name|organisation_name|phone|"
          "email|birth_date|city|province",
          "1:urn:uuid:1|person|Ali|Rezaei||+989121234567|ali@example.com|"
          "19900517|Tehran|Tehran",
          "13:|organisation|||Acme, Ltd||info@acme.example|||",
          "22:|person|پریسا|چگینی||09351112233||||"));
}

TEST(VcardReader, Version21QuotedPrintableIsDecoded) {
  const char* text =
      "BEGIN:VCARD\nVERSION:2.1\n"
      "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D8=B1=D8=B6=D8=A7;=D8=B9=\n"
      "=D9=84=DB=8C\nTEL;CELL;PREF:09121234567\nEND:VCARD\n";
  EXPECT_THAT(Records(text), ElementsAre("1:first_name|last_name|phone",
                                         "1:علی|رضا|09121234567"));
}

TEST(VcardReader, BrokenFilesAreRefusedByLine) {
  EXPECT_THAT(Records("BEGIN:VCARD\nFN:a\n"),
              ElementsAre("c.vcf:1: the card has no END:VCARD"));
  EXPECT_THAT(Records("FN:a\n"),
              ElementsAre("c.vcf:1: outside a card (expected BEGIN:VCARD)"));
  EXPECT_THAT(Records("BEGIN:VCARD\nno colon\nEND:VCARD\n"),
              ElementsAre("c.vcf:2: not a vCard line (no ':')"));
  EXPECT_THAT(Records("BEGIN:VCARD\nFN:Jos\xE9\nEND:VCARD\n"),
              ElementsAre(HasSubstr("c.vcf:2: invalid UTF-8")));
  EXPECT_TRUE(Records("").empty());
}

}  // namespace
}  // namespace vafa::import

namespace vafa::import {
namespace {

TEST(VcardWriter, CardsReadBackIntoTheSameFields) {
  VcardContact person{"C-1",   "person",        "Ali; Reza",       "Rezaei, Jr",
                      "Acme",  "+989121234567", "ali@example.com", "1990-05-17",
                      "تهران", "استان تهران"};
  VcardContact company{"C-2",
                       "organisation",
                       "",
                       "",
                       "شرکت بازرگانی با نامی بسیار بسیار بسیار طولانی که "
                       "باید تا شود",
                       "",
                       "",
                       "",
                       "",
                       ""};
  const std::string text = VcardOf(person) + VcardOf(company);
  for (size_t start = 0, end; start < text.size(); start = end + 2) {
    end = text.find("\r\n", start);
    EXPECT_LE(end - start, 75u) << text.substr(start, end - start);
  }
  EXPECT_THAT(Records(text),
              ElementsAre("1:external_id|kind|first_name|last_name|"
                          "organisation_name|phone|email|birth_date|city|"
                          "province",
                          "1:C-1|person|Ali; Reza|Rezaei, Jr|Acme|"
                          "+989121234567|ali@example.com|19900517|تهران|"
                          "استان تهران",
                          "12:C-2|organisation|||" + company.organisation_name +
                              "|||||"));
}

}  // namespace
}  // namespace vafa::import
