// Fuzzes XlsxReader (import/xlsx_reader.h). The first byte picks the mode:
// even, the rest is a whole .xlsx package (mutated zips: bad headers, bad
// deflate streams, lying sizes); odd, the rest is split at NUL bytes into
// the sheet, shared strings, styles and workbook XML, packed into a valid
// package here, so the XML handlers see well-formed zips with hostile XML.
// Limits are small so the limit paths run. Properties: every record is at
// least as wide as the header, valid UTF-8, and on a row Excel can have.
#include <zip.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/persian_text.h"
#include "fuzz/fuzz_check.h"
#include "import/xlsx_reader.h"

namespace {

constexpr char kRelationships[] =
    "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" "
    "Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship "
    "Id=\"rId3\" Type=\"x/styles\" Target=\"styles.xml\"/></Relationships>";

// A package of the given parts, stored without compression.
std::string Package(
    const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  VAFA_FUZZ_CHECK(buffer != nullptr, "zip_source_buffer_create");
  zip_source_keep(buffer);
  zip_t* zip = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  VAFA_FUZZ_CHECK(zip != nullptr, "zip_open_from_source");
  for (const auto& [name, text] : parts) {
    zip_source_t* source = zip_source_buffer(zip, text.data(), text.size(), 0);
    zip_int64_t index = zip_file_add(zip, name.c_str(), source, 0);
    VAFA_FUZZ_CHECK(index >= 0, "zip_file_add");
    zip_set_file_compression(zip, index, ZIP_CM_STORE, 0);
  }
  VAFA_FUZZ_CHECK(zip_close(zip) == 0, "zip_close");
  std::string out;
  zip_stat_t stat;
  if (zip_source_stat(buffer, &stat) == 0 && zip_source_open(buffer) == 0) {
    out.resize(stat.size);
    zip_int64_t n = zip_source_read(buffer, out.data(), out.size());
    out.resize(n > 0 ? static_cast<size_t>(n) : 0);
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string package;
  if ((data[0] & 1) == 0) {
    package.assign(rest);
  } else {
    std::vector<std::string> xml(4);
    for (size_t part = 0; part < 4 && !rest.empty(); ++part) {
      const size_t end = part < 3 ? rest.find('\0') : std::string_view::npos;
      xml[part] = std::string(rest.substr(0, end));
      rest = end == std::string_view::npos ? "" : rest.substr(end + 1);
    }
    if (xml[3].empty()) {
      xml[3] =
          "<workbook><sheets><sheet name=\"S\" r:id=\"rId1\" "
          "xmlns:r=\"r\"/></sheets></workbook>";
    }
    package = Package({{"xl/worksheets/sheet1.xml", xml[0]},
                       {"xl/sharedStrings.xml", xml[1]},
                       {"xl/styles.xml", xml[2]},
                       {"xl/workbook.xml", xml[3]},
                       {"xl/_rels/workbook.xml.rels", kRelationships}});
  }
  vafa::import::XlsxOptions options;
  options.max_shared_strings = 1000;
  options.max_shared_string_bytes = 1 << 16;
  options.max_cell_bytes = 4096;
  options.part_limits = {1 << 20, 100, 64 << 10};
  options.sheet_limits = {4 << 20, 100, 64 << 10};
  options.shared_string_limits = {1 << 20, 100, 64 << 10};
  auto reader =
      vafa::import::XlsxReader::FromBuffer(package, "fuzz.xlsx", options);
  if (!reader.ok()) return 0;
  std::vector<std::string_view> fields;
  size_t header = 0;
  for (int records = 0; records < 100000; ++records) {
    auto more = (*reader)->Next(fields);
    if (!more.ok() || !*more) return 0;
    if (records == 0) header = fields.size();
    VAFA_FUZZ_CHECK(fields.size() >= header,
                    "a record narrower than the header");
    VAFA_FUZZ_CHECK((*reader)->line() >= 1 && (*reader)->line() <= 1048576,
                    "a row Excel cannot have");
    for (std::string_view field : fields) {
      VAFA_FUZZ_CHECK(vafa::IsValidUtf8(field), "a field that is not UTF-8");
    }
  }
  return 0;
}
