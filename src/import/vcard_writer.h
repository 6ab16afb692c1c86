// Customers as vCard 4.0 (RFC 6350) text, for `vafa export --format vcf`.
// What VcardReader (vcard_reader.h) reads back into the same customer
// fields: UID, KIND:org, FN, N, ORG, TEL (as a tel: URI), EMAIL, BDAY and
// the locality and region of ADR. Text is escaped (\\ \, \; \n) and lines
// are folded at 75 bytes, never inside a UTF-8 sequence. Pure; thread-safe.
#ifndef VAFA_IMPORT_VCARD_WRITER_H_
#define VAFA_IMPORT_VCARD_WRITER_H_

#include <string>

namespace vafa::import {

struct VcardContact {
  std::string external_id;
  std::string kind;  // person | organisation
  std::string first_name;
  std::string last_name;
  std::string organisation_name;
  std::string phone;  // E.164
  std::string email;
  std::string birth_date;  // YYYY-MM-DD
  std::string city;
  std::string province;
};

// One card, lines ending in CRLF.
std::string VcardOf(const VcardContact& contact);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_VCARD_WRITER_H_
