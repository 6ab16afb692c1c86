// VcardReader: a contacts file (.vcf, vCard 2.1, 3.0 or 4.0; RFC 6350) as
// customer records, for the customers import. Each card is one record; the
// header names the customer columns (import/customer_row.h) that at least
// one card fills:
//   UID -> external_id; KIND:org (or an ORG without N) -> kind organisation
//   N -> last_name (family), first_name (given and additional names);
//     without N, FN's last word is the last name and the rest the first
//   ORG -> organisation_name (its first unit); TEL -> phone (the first
//   cell/mobile number, else the preferred one, else the first); EMAIL ->
//   email (preferred, else first); BDAY -> birth_date; ADR -> city
//   (locality) and province (region).
// Folded lines are unfolded; text escapes (\n \, \; \\) are undone; vCard
// 2.1's quoted-printable values are decoded. The file is UTF-8 unless the
// caller decodes it otherwise (text_encoding.h). Cards are read whole on
// opening (a contacts file is small; at most 64 MiB). line() is the line of
// the card's BEGIN:VCARD.
#ifndef VAFA_IMPORT_VCARD_READER_H_
#define VAFA_IMPORT_VCARD_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "import/record_reader.h"

namespace vafa::import {

class VcardReader : public RecordReader {
 public:
  static constexpr size_t kMaxBytes = size_t{64} << 20;

  // `text` is the whole file in UTF-8; `name` names it in messages.
  static Result<std::unique_ptr<VcardReader>> FromText(std::string_view text,
                                                       std::string name);

  Result<bool> Next(std::vector<std::string_view>& fields) override;
  int64_t line() const override { return line_; }
  const std::string& name() const override { return name_; }

 private:
  explicit VcardReader(std::string name) : name_(std::move(name)) {}

  std::string name_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> cards_;
  std::vector<int64_t> card_lines_;
  size_t next_ = 0;  // 0: the header
  int64_t line_ = 0;
};

}  // namespace vafa::import

#endif  // VAFA_IMPORT_VCARD_READER_H_
