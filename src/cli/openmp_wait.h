// How OpenMP's idle threads wait: passively, unless the environment says
// otherwise.
//
// XGBoost (the boosted trees of `vafa churn`) runs on libgomp, whose
// threads by default spin for some milliseconds at the end of every
// parallel region, waiting for the next one. Training starts thousands of
// short regions, so on this project's 2 shared cores the spinning took
// half of `vafa churn --contracts`'s CPU time and slowed whatever else ran
// (docs/BENCHMARKS.md, "The bank at scale"). Passive threads sleep at once;
// the results do not change.
#ifndef VAFA_CLI_OPENMP_WAIT_H_
#define VAFA_CLI_OPENMP_WAIT_H_

namespace vafa::cli {

// libgomp reads OMP_WAIT_POLICY once, in its initialiser, before main (and
// before anything main can set: libc's own initialiser resets the
// environment after the executable's preinit functions run). So when the
// variable is not set, this sets it to "passive" and executes the same
// program again with the same arguments (/proc/self/exe; the process
// keeps its id and open files). When that fails it returns and the
// program runs with libgomp's default. Only the commands that train
// models on OpenMP restart (churn, response, serve, demo, analyze): a
// second start of the program costs tens of milliseconds, which a quick
// command such as `vafa basket` on a small file would feel. Call first
// thing in main.
void RestartWithPassiveOpenMpWait(int argc, char** argv);

}  // namespace vafa::cli

#endif  // VAFA_CLI_OPENMP_WAIT_H_
