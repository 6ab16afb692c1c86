// The records of a CSV file read on several threads, each over its own
// range of lines: the file is memory-mapped and, when it has no quote (so
// that every line break ends a record), cut at line breaks into one range
// per thread. Each record is split into fields as import::CsvReader splits
// it (CsvRecordScanner), each cell read as ImportSource::NextRecord reads
// it (UnprotectCsvText when the source says so), and handed to `take` with
// the index of its range; records of one range come in file order, so
// ranges concatenated in index order are the file.
//
// It refuses rather than explains: a file it cannot read this way (not a
// plain UTF-8 CSV file, a quote anywhere, a record whose field count is not
// the header's, a record that is not UTF-8, a record `take` refuses) makes
// it return false, and the caller reads the file with the import's reader,
// whose messages name the file, line and column. `take` is called from
// several threads at once, never twice at once with the same range.
#ifndef VAFA_PIPELINE_PARALLEL_CSV_RANGES_H_
#define VAFA_PIPELINE_PARALLEL_CSV_RANGES_H_

#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "import/import_source.h"

namespace vafa::pipeline {

using TakeRecord =
    std::function<bool(int range, std::span<const std::string_view> fields)>;

// `source` is the file opened by import::OpenImportSource (its header
// read); `ranges` threads, at least 1.
bool ReadCsvRangesInParallel(const std::string& path,
                             const import::ImportSource& source, int ranges,
                             const TakeRecord& take);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_PARALLEL_CSV_RANGES_H_
