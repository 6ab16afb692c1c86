// The transactions CSV read on several threads: the file is memory-mapped;
// a file without quotes is cut at line breaks into one range per thread,
// each thread sorts its range's records into customer shares
// (PartitionOfCustomer), and the threads parse the shares into one
// TransactionLogBuilder each; a file with quotes is walked whole by every
// thread (CsvRecordScanner), each parsing the records of its own share. The
// shares are merged (MergeTransactionLogs). The header is matched, and every
// line parsed, by the import's own code (import::OpenImportSource; plain
// records through import::PlainTransactionReader, every other through
// import::ParseTransactionRecord, which read a plain record alike), so column
// names, currencies, amounts, refunds and dates follow the same rules. A file
// without quotes is first read taking a change of order id from one line of a
// share to the next as a new order (OrderLookup::kAdjacentLines); when an order
// id starts two runs of lines, it is read again with a dictionary of order ids.
//
// Promise: the result is the one LoadTransactionsCsvSerially gives, byte for
// byte. Anything this reading does not do itself (a workbook or vCard, a
// file that is not UTF-8, standard input) and any problem in the file (a bad
// value, a malformed record, an order id shared by two customers, a sum past
// 64 bits) sends the whole file to LoadTransactionsCsvSerially, whose
// messages name the file, line and column. Memory: the builders' columns and
// dictionaries, one 8-byte hash per order (grouped by top byte for the
// check that no order id is in two shares), 8 bytes per line for the sort
// by share, and the file's pages as read.
#ifndef VAFA_PIPELINE_PARALLEL_TRANSACTION_CSV_H_
#define VAFA_PIPELINE_PARALLEL_TRANSACTION_CSV_H_

#include <string>

#include "core/result.h"
#include "pipeline/transaction_source.h"

namespace vafa::pipeline {

struct ParallelCsvLoad {
  Result<LoadedLog> loaded = Status::Internal("not loaded");
  // Why the file was read on one thread instead; empty when it was read on
  // `partitions` threads.
  std::string fallback_reason;
  // Whether orders were found through a dictionary of order ids (a file
  // with quotes, or whose lines of one order are apart).
  bool order_dictionary = false;
};

// `partitions` threads, as many as asked (the caller bounds them).
ParallelCsvLoad LoadTransactionsCsvInParallel(const std::string& path,
                                              const std::string& currency,
                                              char delimiter, int partitions);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_PARALLEL_TRANSACTION_CSV_H_
