// Response-model training started through the API (POST …/response/jobs):
// each trains on its own thread and connection. The jobs are rows of the
// store's job table (kind "response", pipeline/analysis_job_table.h), run
// by the same kind of registry as analyses (analysis_jobs.h): every `vafa
// serve` process of one store answers for any job, one job of either kind
// runs per workspace whichever process was asked (409 naming the running
// one), and a training whose process stops renewing its lease is taken
// over by another process and trained again from the start. A job that
// ends in a refusal keeps the field the refusal names (campaigns,
// responders, buyers) for the UI to translate; what a finished job wrote
// is the response run in the store.
#ifndef VAFA_API_RESPONSE_JOBS_H_
#define VAFA_API_RESPONSE_JOBS_H_

#include "api/analysis_jobs.h"

namespace vafa::api {

// The process's registry of training jobs; a job's `model` is the campaign
// type it trains for (empty: every campaign). The first call makes it with
// `lease_seconds` (serve calls it first, with --job-lease-seconds); later
// calls return it whatever they pass. serve stops it before it returns
// (AnalysisJobs::RequestStop, AwaitStop); otherwise it waits for running
// jobs when the process exits.
AnalysisJobs& ResponseJobs(int lease_seconds = 30);

}  // namespace vafa::api

#endif  // VAFA_API_RESPONSE_JOBS_H_
