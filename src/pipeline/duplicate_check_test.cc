#include "pipeline/duplicate_check.h"

#include <gtest/gtest.h>

#include "store/customer_repository.h"
#include "store/store_test_support.h"

namespace vafa::pipeline {
namespace {

class DuplicateCheckTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workspace_ = AddWorkspace("a");
  }

  int64_t Add(const std::string& first, const std::string& last,
              const std::string& phone, const std::string& email = "") {
    store::Customer c;
    c.workspace_id = workspace_;
    c.first_name = first;
    c.last_name = last;
    c.phone = phone;
    c.email = email;
    c.display_name = store::DisplayNameOf(c);
    EXPECT_TRUE(store::CustomerRepository(db()).Insert(c).ok());
    return c.id;
  }

  store::Customer Draft(const std::string& first, const std::string& last,
                        const std::string& phone) const {
    store::Customer c;
    c.workspace_id = workspace_;
    c.first_name = first;
    c.last_name = last;
    c.phone = phone;
    return c;
  }

  int64_t workspace_ = 0;
};

TEST_P(DuplicateCheckTest, FindsTwinsByPhoneAndByTheWholeNameInEitherOrder) {
  const int64_t same_phone = Add("علی", "کریمی", "+989121234567");
  const int64_t swapped = Add("کریمی", "علی", "+989127654321");
  Add("Reza", "Ahmadi", "+989120000000", "reza@example.com");
  const int64_t deleted = Add("علی", "کریمی", "+989121234567");
  ASSERT_TRUE(store::CustomerRepository(db())
                  .SoftDelete(workspace_, deleted, 1764000000)
                  .ok());
  // Arabic yeh and kaf, as a keyboard may type them.
  auto found = FindLikelyDuplicates(
      db(), Draft("علي", "كريمي", "+989121234567"), 0.5, 5);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].customer.id, same_phone);
  EXPECT_NE((*found)[0].reasons.find("phone equal"), std::string::npos);
  EXPECT_GT((*found)[0].score, (*found)[1].score);
  EXPECT_EQ((*found)[1].customer.id, swapped);

  auto best = FindLikelyDuplicates(db(), Draft("علي", "كريمي", "+989121234567"),
                                   0.5, 1);
  ASSERT_TRUE(best.ok());
  EXPECT_EQ(best->size(), 1u);
  auto strict = FindLikelyDuplicates(
      db(), Draft("علي", "كريمي", "+989121234567"), 0.95, 5);
  ASSERT_TRUE(strict.ok());
  for (const LikelyDuplicate& twin : *strict) EXPECT_GE(twin.score, 0.95);
}

TEST_P(DuplicateCheckTest, LeavesOutTheDraftItselfAndStrangers) {
  const int64_t self = Add("Sara", "Amini", "+989121110000");
  store::Customer draft = Draft("Sara", "Amini", "+989121110000");
  draft.id = self;
  auto found = FindLikelyDuplicates(db(), draft, 0.5, 5);
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->empty());
  auto stranger =
      FindLikelyDuplicates(db(), Draft("Nima", "Rad", "+989350000000"), 0.5, 5);
  ASSERT_TRUE(stranger.ok());
  EXPECT_TRUE(stranger->empty());
}

VAFA_INSTANTIATE_BACKEND_TEST(DuplicateCheckTest);

}  // namespace
}  // namespace vafa::pipeline
