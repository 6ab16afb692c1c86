#include "import/vcard_writer.h"

namespace vafa::import {
namespace {

std::string Escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == ',' || c == ';') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

// Appends `line` folded at 75 bytes (RFC 6350 3.2), with CRLF.
void AddLine(std::string& card, const std::string& line) {
  size_t start = 0;
  size_t limit = 75;
  while (line.size() - start > limit) {
    size_t cut = start + limit;
    // Back off UTF-8 continuation bytes so a character stays whole.
    while (cut > start &&
           (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    card.append(line, start, cut - start);
    card += "\r\n ";
    start = cut;
    limit = 74;  // the continuation's leading space counts
  }
  card.append(line, start, std::string::npos);
  card += "\r\n";
}

}  // namespace

std::string VcardOf(const VcardContact& c) {
  std::string card = "BEGIN:VCARD\r\nVERSION:4.0\r\n";
  const bool organisation = c.kind == "organisation";
  if (!c.external_id.empty()) AddLine(card, "UID:" + Escaped(c.external_id));
  if (organisation) AddLine(card, "KIND:org");
  std::string full = c.first_name;
  if (!c.last_name.empty()) full += (full.empty() ? "" : " ") + c.last_name;
  if (organisation || full.empty()) full = c.organisation_name;
  if (full.empty()) full = c.external_id;
  AddLine(card, "FN:" + Escaped(full));
  if (!organisation && (!c.first_name.empty() || !c.last_name.empty())) {
    AddLine(card,
            "N:" + Escaped(c.last_name) + ";" + Escaped(c.first_name) + ";;;");
  }
  if (!c.organisation_name.empty()) {
    AddLine(card, "ORG:" + Escaped(c.organisation_name));
  }
  if (!c.phone.empty()) {
    AddLine(card, "TEL;VALUE=uri;TYPE=cell:tel:" + c.phone);
  }
  if (!c.email.empty()) AddLine(card, "EMAIL:" + Escaped(c.email));
  if (c.birth_date.size() == 10) {
    AddLine(card, "BDAY:" + c.birth_date.substr(0, 4) +
                      c.birth_date.substr(5, 2) + c.birth_date.substr(8, 2));
  }
  if (!c.city.empty() || !c.province.empty()) {
    AddLine(card,
            "ADR:;;;" + Escaped(c.city) + ";" + Escaped(c.province) + ";;");
  }
  card += "END:VCARD\r\n";
  return card;
}

}  // namespace vafa::import
