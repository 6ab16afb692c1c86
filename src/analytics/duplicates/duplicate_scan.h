// Finding customers recorded more than once (docs/duplicates.md).
//
// ScanForDuplicates compares only customers that share a blocking key,
// never all pairs: the same phone (E.164), the same checksum-valid national
// id, the same e-mail (case-folded, and without dots for providers that
// ignore them), the same name skeletons in any word order
// (SortedSkeletons), and neighbours in two sorted orders of the skeletons,
// so that a typo in one word still meets its twin. A name key shared by
// more than `max_block` customers (a common name) is not compared within
// itself; such customers still meet through their other keys and the
// neighbourhoods.
//
// Each compared pair is scored 0 to 1 from the fields, and explained field
// by field ("phone equal, name 0.92 similar"). A name alone is not enough:
// two customers with one common name and nothing else in common score
// below the default threshold, as do two people who share a phone (a
// family) but not a name. Pairs at or above `min_score` are returned, best
// first, and joined into groups (connected components). Pure; the caller
// reads the customers and acts on the result.
#ifndef VAFA_ANALYTICS_DUPLICATES_DUPLICATE_SCAN_H_
#define VAFA_ANALYTICS_DUPLICATES_DUPLICATE_SCAN_H_

#include <cstdint>
#include <string>
#include <vector>

namespace vafa::analytics::duplicates {

// One customer as the scan sees it; fields as stored (they are normalised
// here). Empty means unknown.
struct PersonRecord {
  int64_t id = 0;
  std::string name;  // the display name: first and last, or organisation
  std::string national_id;
  std::string phone;
  std::string email;
  std::string birth_date;  // as stored, compared as text
  std::string city;
};

struct DuplicatePair {
  int64_t first = 0;  // ids, first < second
  int64_t second = 0;
  double score = 0;
  double name_similarity = 0;
  std::string reasons;  // "phone equal, name 0.92 similar"
};

struct ScanOptions {
  double min_score = 0.8;
  int max_block = 50;
  int window = 6;  // neighbours compared in each sorted order
};

struct ScanResult {
  std::vector<DuplicatePair> pairs;          // best first
  std::vector<std::vector<int64_t>> groups;  // ids, each group ascending
  int64_t compared = 0;                      // pairs scored
};

ScanResult ScanForDuplicates(const std::vector<PersonRecord>& people,
                             const ScanOptions& options = {});

// The score of one pair, with its explanation (exposed for tests and for
// checking a new customer against likely twins).
DuplicatePair ScorePair(const PersonRecord& a, const PersonRecord& b);

}  // namespace vafa::analytics::duplicates

#endif  // VAFA_ANALYTICS_DUPLICATES_DUPLICATE_SCAN_H_
