// The demo workspace generator: a realistic, deterministic Iranian retail
// business, written as the CSV files a real business would import, so the
// demo exercises the same importers users run.
//
// Customers follow the BG/NBD story (Fader, Hardie & Lee 2005): while alive
// a customer buys at a personal rate lambda ~ Gamma(r, alpha), and after each
// purchase drops out with a personal probability p ~ Beta(a, b). Purchase
// times are thinned by a seasonal weight (Nowruz, Yalda, the Gregorian year
// end), so December and March peak. Churn is planted by documented rules
// that raise p (see kChurnRules in generator.cc and churn_truth.csv):
// customers who buy from one category only, through one channel only, never
// get a discount, or have complained leave sooner.
//
// Files written into the folder: customers.csv, transactions.csv,
// interactions.csv, churn_truth.csv. Memory is constant in the number of
// customers (rows are streamed).
#ifndef VAFA_DEMO_GENERATOR_H_
#define VAFA_DEMO_GENERATOR_H_

#include <cstdint>
#include <string>

#include "core/dates.h"
#include "core/result.h"

namespace vafa::demo {

struct DemoOptions {
  int64_t customers = 5000;
  uint64_t seed = 1;
  DayNumber end_day = 0;  // the last day with orders ("today" of the demo)
  int years = 3;          // history length
  bool plant_churn = true;
  // The planted rules' factors raised to this power: 2 squares each risk
  // ratio (a sharper signal for testing the churn models), 0 plants none.
  double churn_strength = 1.0;
  // The bank demo's fixed book (issue 28's bar): when products_each > 0,
  // every customer opens exactly that many products in the history's first
  // month and holds them until they close everything; months > 0 gives the
  // history in months instead of years.
  int products_each = 0;
  int months = 0;
};

struct DemoCounts {
  // The buyers: persons and organisations, options.customers of them, each
  // with at least one order.
  int64_t customers = 0;
  // The people who speak for an organisation: rows of customers.csv too,
  // linked to their organisation, buying nothing themselves.
  int64_t contacts = 0;
  int64_t orders = 0;
  int64_t lines = 0;
  int64_t interactions = 0;
  int64_t churned = 0;  // dropped out before end_day (planted truth)
};

Result<DemoCounts> WriteDemoFiles(const DemoOptions& options,
                                  const std::string& folder);

}  // namespace vafa::demo

#endif  // VAFA_DEMO_GENERATOR_H_
