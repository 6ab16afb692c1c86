#include "analytics/churn/boosted_trees.h"

#include <xgboost/c_api.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <thread>

namespace vafa::analytics::churn {
namespace {

Status XgbError(const char* what) {
  return Status::Internal(std::string("xgboost: ") + what + ": " +
                          XGBGetLastError());
}

int ThreadCount(int threads) {
  return threads > 0 ? threads
                     : static_cast<int>(
                           std::max(1u, std::thread::hardware_concurrency()));
}

// A DMatrix freed when it goes out of scope.
class Matrix {
 public:
  ~Matrix() {
    if (handle_ != nullptr) XGDMatrixFree(handle_);
  }
  Status Create(const std::vector<float>& x, int64_t rows, int cols,
                int threads) {
    if (XGDMatrixCreateFromMat_omp(x.data(), static_cast<bst_ulong>(rows),
                                   static_cast<bst_ulong>(cols), NAN, &handle_,
                                   threads) != 0) {
      handle_ = nullptr;
      return XgbError("building the matrix");
    }
    return Status::Ok();
  }
  DMatrixHandle get() const { return handle_; }

 private:
  DMatrixHandle handle_ = nullptr;
};

}  // namespace

BoostedTrees::~BoostedTrees() {
  if (booster_ != nullptr) XGBoosterFree(booster_);
}

BoostedTrees::BoostedTrees(BoostedTrees&& other) noexcept
    : booster_(other.booster_), cols_(other.cols_), threads_(other.threads_) {
  other.booster_ = nullptr;
}

BoostedTrees& BoostedTrees::operator=(BoostedTrees&& other) noexcept {
  if (this != &other) {
    if (booster_ != nullptr) XGBoosterFree(booster_);
    booster_ = other.booster_;
    cols_ = other.cols_;
    threads_ = other.threads_;
    other.booster_ = nullptr;
  }
  return *this;
}

Result<BoostedTrees> BoostedTrees::Train(const std::vector<float>& x,
                                         int64_t rows, int cols,
                                         const std::vector<uint8_t>& label,
                                         const BoostedTreesOptions& options,
                                         const std::vector<float>& weight) {
  if (rows <= 0) return Status::Invalid("no examples to train on");
  const int threads = ThreadCount(options.threads);
  Matrix train;
  VAFA_RETURN_IF_ERROR(train.Create(x, rows, cols, threads));
  std::vector<float> y(label.begin(), label.begin() + rows);
  if (XGDMatrixSetFloatInfo(train.get(), "label", y.data(),
                            static_cast<bst_ulong>(rows)) != 0) {
    return XgbError("setting the labels");
  }
  if (!weight.empty() &&
      XGDMatrixSetFloatInfo(train.get(), "weight", weight.data(),
                            static_cast<bst_ulong>(rows)) != 0) {
    return XgbError("setting the row weights");
  }
  BoostedTrees model;
  model.cols_ = cols;
  model.threads_ = threads;
  DMatrixHandle matrices[] = {train.get()};
  if (XGBoosterCreate(matrices, 1, &model.booster_) != 0) {
    model.booster_ = nullptr;
    return XgbError("creating the booster");
  }
  const std::pair<const char*, std::string> params[] = {
      {"objective", "binary:logistic"},
      {"eval_metric", "auc"},
      {"tree_method", "hist"},
      {"max_depth", std::to_string(options.max_depth)},
      {"eta", std::to_string(options.learning_rate)},
      {"subsample", std::to_string(options.subsample)},
      {"min_child_weight", std::to_string(options.min_child_weight)},
      {"nthread", std::to_string(threads)},
      {"seed", std::to_string(options.seed)},
      {"verbosity", "0"},
  };
  for (const auto& [name, value] : params) {
    if (XGBoosterSetParam(model.booster_, name, value.c_str()) != 0)
      return XgbError(name);
  }
  for (int round = 0; round < options.rounds; ++round) {
    if (XGBoosterUpdateOneIter(model.booster_, round, train.get()) != 0)
      return XgbError("training");
  }
  return model;
}

Result<std::vector<float>> BoostedTrees::Run(const std::vector<float>& x,
                                             int64_t rows,
                                             int option_mask) const {
  std::vector<float> out;
  if (rows <= 0) return out;
  Matrix matrix;
  VAFA_RETURN_IF_ERROR(matrix.Create(x, rows, cols_, threads_));
  bst_ulong length = 0;
  const float* result = nullptr;
  if (XGBoosterPredict(booster_, matrix.get(), option_mask, 0, 0, &length,
                       &result) != 0) {
    return XgbError(option_mask == 0 ? "predicting" : "explaining");
  }
  out.assign(result, result + length);
  return out;
}

Result<std::vector<double>> BoostedTrees::Predict(const std::vector<float>& x,
                                                  int64_t rows) const {
  std::vector<double> out;
  if (rows <= 0) return out;
  // In-place prediction on the dense rows: no DMatrix copy of a million
  // rows first. The rows are described by NumPy's array interface.
  const std::string values =
      "{\"data\": [" +
      std::to_string(reinterpret_cast<std::uintptr_t>(x.data())) +
      ", true], \"shape\": [" + std::to_string(rows) + ", " +
      std::to_string(cols_) + "], \"typestr\": \"<f4\", \"version\": 3}";
  const char* config =
      "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, "
      "\"iteration_end\": 0, \"strict_shape\": false, \"missing\": NaN, "
      "\"cache_id\": 0}";
  const bst_ulong* shape = nullptr;
  bst_ulong dimensions = 0;
  const float* result = nullptr;
  if (XGBoosterPredictFromDense(booster_, values.c_str(), config, nullptr,
                                &shape, &dimensions, &result) != 0) {
    return XgbError("predicting");
  }
  out.assign(result, result + rows);
  return out;
}

Result<std::vector<float>> BoostedTrees::Contributions(
    const std::vector<float>& x, int64_t rows) const {
  return Run(x, rows, 4);  // option 4: feature contributions
}

}  // namespace vafa::analytics::churn
