#include "import/vcard_reader.h"

#include <array>

#include "core/trim.h"
#include "import/text_encoding.h"

namespace vafa::import {
namespace {

enum Column : size_t {
  kExternalId,
  kKind,
  kFirstName,
  kLastName,
  kOrganisation,
  kPhone,
  kEmail,
  kBirthDate,
  kCity,
  kProvince,
  kColumnCount,
};
constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "external_id", "kind",  "first_name", "last_name", "organisation_name",
    "phone",       "email", "birth_date", "city",      "province"};

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

struct Property {
  std::string name;                 // upper case, without its group
  std::vector<std::string> params;  // upper case: "TYPE=CELL", "PREF=1"
  std::string value;                // quoted-printable decoded, still escaped
  int64_t line = 0;

  bool Has(std::string_view param) const {
    for (const std::string& p : params) {
      if (p == param) return true;
    }
    return false;
  }
  // TYPE=CELL, TYPE=HOME,CELL, TYPE="cell,voice" or 2.1's bare CELL.
  bool HasType(std::string_view type) const {
    for (const std::string& p : params) {
      std::string_view list = p;
      if (list.substr(0, 5) == "TYPE=") list.remove_prefix(5);
      for (size_t start = 0; start <= list.size();) {
        size_t comma = list.find(',', start);
        if (comma == std::string_view::npos) comma = list.size();
        std::string_view item = list.substr(start, comma - start);
        if (!item.empty() && item.front() == '"') item.remove_prefix(1);
        if (!item.empty() && item.back() == '"') item.remove_suffix(1);
        if (item == type) return true;
        start = comma + 1;
      }
    }
    return false;
  }
  bool Preferred() const {
    return Has("PREF") || HasType("PREF") || Has("PREF=1");
  }
};

std::string DecodeQuotedPrintable(std::string_view text) {
  auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '=' && i + 2 < text.size() + 0 && hex(text[i + 1]) >= 0 &&
        hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Splits a structured value at unescaped ';' and undoes the escapes.
std::vector<std::string> Components(std::string_view value) {
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '\\' && i + 1 < value.size()) {
      const char next = value[++i];
      parts.back() += next == 'n' || next == 'N' ? ' ' : next;
    } else if (c == ';') {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  for (std::string& part : parts) part = std::string(TrimBlanks(part));
  return parts;
}

std::string Text(std::string_view value) {
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size()) {
      const char next = value[++i];
      out += next == 'n' || next == 'N' ? ' ' : next;
    } else {
      out += value[i];
    }
  }
  return std::string(TrimBlanks(out));
}

// One content line "[group.]NAME;PARAM=V;...:VALUE"; false when it has no ':'.
bool ParseProperty(std::string_view line, int64_t number, Property& out) {
  bool quoted = false;
  size_t colon = std::string_view::npos;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    if (line[i] == ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon == std::string_view::npos) return false;
  std::string_view head = line.substr(0, colon);
  out = {};
  out.line = number;
  size_t semicolon = head.find(';');
  std::string_view name = head.substr(0, semicolon);
  if (size_t dot = name.rfind('.'); dot != std::string_view::npos) {
    name.remove_prefix(dot + 1);
  }
  out.name = Upper(TrimBlanks(name));
  while (semicolon != std::string_view::npos) {
    const size_t start = semicolon + 1;
    semicolon = head.find(';', start);
    out.params.push_back(
        Upper(TrimBlanks(head.substr(start, semicolon - start))));
  }
  std::string_view value = line.substr(colon + 1);
  out.value =
      out.Has("ENCODING=QUOTED-PRINTABLE") || out.Has("QUOTED-PRINTABLE")
          ? DecodeQuotedPrintable(value)
          : std::string(value);
  return true;
}

// The file's content lines, unfolded, with the line each begins on.
std::vector<std::pair<int64_t, std::string>> Unfold(std::string_view text) {
  std::vector<std::pair<int64_t, std::string>> lines;
  int64_t number = 0;
  bool soft_break = false;  // a quoted-printable line ending in '='
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (soft_break) {
      lines.back().second.pop_back();
      lines.back().second += line;
    } else if (!lines.empty() && !line.empty() &&
               (line.front() == ' ' || line.front() == '\t')) {
      lines.back().second += line.substr(1);
    } else if (!TrimBlanks(line).empty()) {
      lines.emplace_back(number, std::string(line));
    } else {
      continue;
    }
    const std::string& last = lines.back().second;
    soft_break =
        !last.empty() && last.back() == '=' &&
        Upper(last.substr(0, last.find(':'))).find("QUOTED-PRINTABLE") !=
            std::string::npos;
  }
  return lines;
}

// The customer columns of one card.
std::vector<std::string> CardRow(const std::vector<Property>& card) {
  std::vector<std::string> row(kColumnCount);
  const Property* phone = nullptr;
  const Property* email = nullptr;
  std::string full_name;
  bool has_n = false;
  bool organisation = false;
  for (const Property& p : card) {
    if (p.name == "UID") {
      row[kExternalId] = Text(p.value);
    } else if (p.name == "FN") {
      full_name = Text(p.value);
    } else if (p.name == "N") {
      std::vector<std::string> n = Components(p.value);
      n.resize(3);
      row[kLastName] = n[0];
      row[kFirstName] = std::string(TrimBlanks(n[1] + " " + n[2]));
      has_n = !n[0].empty() || !n[1].empty();
    } else if (p.name == "ORG") {
      row[kOrganisation] = Components(p.value)[0];
    } else if (p.name == "KIND" || p.name == "X-ABSHOWAS") {
      const std::string kind = Upper(Text(p.value));
      organisation = organisation || kind == "ORG" || kind == "COMPANY";
    } else if (p.name == "TEL") {
      const bool mobile = p.HasType("CELL") || p.HasType("MOBILE");
      if (phone == nullptr ||
          (mobile && !(phone->HasType("CELL") || phone->HasType("MOBILE"))) ||
          (p.Preferred() && !phone->Preferred() &&
           !(phone->HasType("CELL") || phone->HasType("MOBILE")))) {
        phone = &p;
      }
    } else if (p.name == "EMAIL") {
      if (email == nullptr || (p.Preferred() && !email->Preferred())) {
        email = &p;
      }
    } else if (p.name == "BDAY") {
      std::string day = Text(p.value);
      if (!p.Has("VALUE=TEXT") && day.substr(0, 2) != "--") {
        row[kBirthDate] = day;
      }
    } else if (p.name == "ADR") {
      std::vector<std::string> adr = Components(p.value);
      adr.resize(5);
      if (row[kCity].empty()) row[kCity] = adr[3];
      if (row[kProvince].empty()) row[kProvince] = adr[4];
    }
  }
  if (phone != nullptr) {
    std::string number = Text(phone->value);
    if (Upper(number.substr(0, 4)) == "TEL:") number.erase(0, 4);
    row[kPhone] = number;
  }
  if (email != nullptr) row[kEmail] = Text(email->value);
  if (!has_n && !organisation && !row[kOrganisation].empty() &&
      (full_name.empty() || full_name == row[kOrganisation])) {
    organisation = true;
  }
  if (organisation) {
    row[kKind] = "organisation";
    if (row[kOrganisation].empty()) row[kOrganisation] = full_name;
  } else {
    row[kKind] = "person";
    if (!has_n && !full_name.empty()) {
      const size_t space = full_name.rfind(' ');
      if (space == std::string::npos) {
        row[kFirstName] = full_name;
      } else {
        row[kFirstName] = std::string(TrimBlanks(full_name.substr(0, space)));
        row[kLastName] = full_name.substr(space + 1);
      }
    }
  }
  return row;
}

}  // namespace

Result<std::unique_ptr<VcardReader>> VcardReader::FromText(
    std::string_view text, std::string name) {
  if (text.size() > kMaxBytes) {
    return Status::Invalid(name + ": larger than " +
                           std::to_string(kMaxBytes >> 20) +
                           " MiB, too large for a contacts file");
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::unique_ptr<VcardReader> reader(new VcardReader(name));
  std::vector<Property> card;
  int64_t card_line = 0;
  int depth = 0;  // vCard 2.1 may nest a card (AGENT)
  for (const auto& [number, line] : Unfold(text)) {
    auto where = [&, number = number] {
      return name + ":" + std::to_string(number) + ": ";
    };
    if (size_t bad = FirstInvalidUtf8(line); bad != std::string::npos) {
      return Status::Invalid(where() + "invalid UTF-8 (" +
                             std::string(EncodingHint()) + ")");
    }
    Property property;
    if (!ParseProperty(line, number, property)) {
      return Status::Invalid(where() + "not a vCard line (no ':')");
    }
    const std::string value = Upper(TrimBlanks(property.value));
    if (property.name == "BEGIN" && value == "VCARD") {
      if (depth++ == 0) {
        card.clear();
        card_line = number;
      }
      continue;
    }
    if (depth == 0) {
      return Status::Invalid(where() + "outside a card (expected BEGIN:VCARD)");
    }
    if (property.name == "END" && value == "VCARD") {
      if (--depth == 0) {
        reader->cards_.push_back(CardRow(card));
        reader->card_lines_.push_back(card_line);
      }
      continue;
    }
    if (depth == 1) card.push_back(std::move(property));
  }
  if (depth > 0) {
    return Status::Invalid(name + ":" + std::to_string(card_line) +
                           ": the card has no END:VCARD");
  }
  // Only the columns some card fills, so an update changes nothing else.
  std::vector<size_t> used;
  for (size_t column = 0; column < kColumnCount; ++column) {
    for (const auto& row : reader->cards_) {
      if (!row[column].empty() &&
          (column != kKind || row[column] != "person")) {
        used.push_back(column);
        break;
      }
    }
  }
  for (size_t column : used) {
    reader->header_.emplace_back(kColumnNames[column]);
  }
  for (auto& row : reader->cards_) {
    std::vector<std::string> kept;
    for (size_t column : used) kept.push_back(std::move(row[column]));
    row = std::move(kept);
  }
  return reader;
}

Result<bool> VcardReader::Next(std::vector<std::string_view>& fields) {
  fields.clear();
  if (cards_.empty() || next_ > cards_.size()) return false;
  const std::vector<std::string>& row =
      next_ == 0 ? header_ : cards_[next_ - 1];
  line_ = next_ == 0 ? card_lines_[0] : card_lines_[next_ - 1];
  ++next_;
  fields.assign(row.begin(), row.end());
  return true;
}

}  // namespace vafa::import
