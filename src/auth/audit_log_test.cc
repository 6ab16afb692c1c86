#include "auth/audit_log.h"

#include <gmock/gmock.h>
#include <soci/soci.h>

#include <thread>

#include "auth/audit_chain.h"
#include "store/store_test_support.h"

namespace vafa::auth {
namespace {

using ::testing::HasSubstr;

class AuditLogTest : public store::BackendTest {
 protected:
  AuditEntry Entry(std::optional<int64_t> workspace, int n) {
    AuditEntry entry;
    entry.workspace_id = workspace;
    entry.user_id = 7;
    entry.actor = "sara@x.ir";
    entry.at = 1000 + n;
    entry.action = "update";
    entry.entity = "customer";
    entry.entity_id = n;
    entry.after_json = "{\"v\":" + std::to_string(n) + "}";
    entry.client_address = "203.0.113.9";
    return entry;
  }
  void Append(int count) {
    for (int n = 1; n <= count; ++n) {
      ASSERT_TRUE(
          RecordAudit(
              db(), Entry(n % 2 ? std::optional<int64_t>(3) : std::nullopt, n))
              .ok());
    }
  }
  AuditVerification Verify() {
    auto verified = VerifyAuditChain(db());
    EXPECT_TRUE(verified.ok()) << verified.status().message();
    return verified.value_or(AuditVerification{});
  }
};

TEST_P(AuditLogTest, EntriesChainInIdOrderAndVerify) {
  Append(5);
  AuditVerification verified = Verify();
  EXPECT_TRUE(verified.intact) << verified.problem;
  EXPECT_EQ(verified.entries, 5);
  auto account = ListAudit(db(), std::nullopt, {});
  ASSERT_TRUE(account.ok()) << account.status().message();
  ASSERT_EQ(account->size(), 2u);  // entries 2 and 4
  EXPECT_EQ((*account)[0].id, 4);
  EXPECT_EQ((*account)[0].client_address, "203.0.113.9");
  EXPECT_EQ((*account)[0].workspace_id, std::nullopt);
  auto workspace = ListAudit(db(), 3, {});
  ASSERT_EQ(workspace->size(), 3u);
  EXPECT_EQ((*workspace)[0].hash, verified.head_hash);
  EXPECT_EQ((*workspace)[1].hash, (*account)[0].previous_hash);
  EXPECT_EQ((*workspace)[0].hash,
            AuditEntryHash((*account)[0].hash, (*workspace)[0]));
}

TEST_P(AuditLogTest, CanonicalFormTellsNullFromEmptyAndFieldsApart) {
  AuditEntry a = Entry(3, 1);
  AuditEntry b = a;
  b.workspace_id.reset();
  EXPECT_NE(CanonicalAuditEntry(a), CanonicalAuditEntry(b));
  // Moving bytes from one field to the next changes the form.
  AuditEntry c = a, d = a;
  c.action = "ab";
  c.entity = "c";
  d.action = "a";
  d.entity = "bc";
  EXPECT_NE(CanonicalAuditEntry(c), CanonicalAuditEntry(d));
  EXPECT_NE(AuditEntryHash("", a), AuditEntryHash("00", a));
  EXPECT_EQ(AuditEntryHash("", a).size(), 64u);
}

TEST_P(AuditLogTest, AnEditedEntryIsTheFirstBrokenLink) {
  Append(4);
  db().sql() << "UPDATE audit_log SET after_json = '{\"v\":99}' WHERE id = 2";
  AuditVerification verified = Verify();
  EXPECT_FALSE(verified.intact);
  EXPECT_EQ(verified.broken_id, 2);
  EXPECT_THAT(verified.problem, HasSubstr("audit_log entry 2"));
  EXPECT_THAT(verified.problem, HasSubstr("do not match its hash"));
  EXPECT_EQ(verified.entries, 1);
}

TEST_P(AuditLogTest, ARemovedEntryBreaksTheLinkOfTheNext) {
  Append(4);
  db().sql() << "DELETE FROM audit_log WHERE id = 2";
  AuditVerification verified = Verify();
  EXPECT_FALSE(verified.intact);
  EXPECT_EQ(verified.broken_id, 3);
  EXPECT_THAT(verified.problem, HasSubstr("previous_hash"));
}

TEST_P(AuditLogTest, ACutOffEndDisagreesWithTheHead) {
  Append(4);
  db().sql() << "DELETE FROM audit_log WHERE id = 4";
  AuditVerification verified = Verify();
  EXPECT_FALSE(verified.intact);
  EXPECT_EQ(verified.broken_id, 4);
  EXPECT_THAT(verified.problem, HasSubstr("entries at the end were removed"));
}

TEST_P(AuditLogTest, AnEntryWrittenAroundTheChainIsFound) {
  Append(2);
  db().sql() << "INSERT INTO audit_log (id, actor, at, action, entity) "
                "VALUES (3, 'x', 1, 'create', 'user')";
  AuditVerification verified = Verify();
  EXPECT_FALSE(verified.intact);
  EXPECT_EQ(verified.broken_id, 3);
  EXPECT_THAT(verified.problem, HasSubstr("no hash"));
}

TEST_P(AuditLogTest, ConcurrentWritersDoNotForkTheChain) {
  constexpr int kWriters = 4, kEach = 25;
  std::vector<std::thread> writers;
  std::vector<std::string> errors(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto own = scratch_->OpenAnother();
      if (!own.ok()) {
        errors[w] = own.status().message();
        return;
      }
      for (int n = 0; n < kEach && errors[w].empty(); ++n) {
        Status status = RecordAudit(**own, Entry(w + 1, n));
        if (!status.ok()) errors[w] = status.message();
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  for (const std::string& error : errors) EXPECT_EQ(error, "");
  AuditVerification verified = Verify();
  EXPECT_TRUE(verified.intact) << verified.problem;
  EXPECT_EQ(verified.entries, kWriters * kEach);
}

TEST_P(AuditLogTest, EntriesOfAnEarlierReleaseAreSealedInIdOrder) {
  // As migration 0011 leaves them: ids with gaps, no hashes.
  db().sql() << "INSERT INTO audit_log (id, workspace_id, actor, at, action, "
                "entity) VALUES (5, 3, 'a', 1, 'create', 'customer')";
  db().sql() << "INSERT INTO audit_log (id, actor, at, action, entity) VALUES "
                "(9, 'b', 2, 'update', 'user')";
  db().sql() << "UPDATE audit_chain SET legacy_through = 9 WHERE id = 1";
  AuditVerification before = Verify();
  EXPECT_TRUE(before.intact) << before.problem;
  EXPECT_EQ(before.unsealed, 2);
  EXPECT_EQ(before.entries, 0);
  auto sealed = SealLegacyAuditEntries(db());
  ASSERT_TRUE(sealed.ok()) << sealed.status().message();
  EXPECT_EQ(*sealed, 2);
  EXPECT_EQ(*SealLegacyAuditEntries(db()), 0);
  ASSERT_TRUE(RecordAudit(db(), Entry(3, 1)).ok());
  AuditVerification after = Verify();
  EXPECT_TRUE(after.intact) << after.problem;
  EXPECT_EQ(after.entries, 3);
  EXPECT_EQ(ListAudit(db(), 3, {})->front().id, 10);
}

VAFA_INSTANTIATE_BACKEND_TEST(AuditLogTest);

}  // namespace
}  // namespace vafa::auth
