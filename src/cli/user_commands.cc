// vafa user add|list|role|password: accounts from the command line, for the
// first administrator and for scripts. Passwords are read from stdin or a
// file, never from the command line (where `ps` would show them). Every
// change is written to the audit log as "cli:<login>".
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "auth/audit_log.h"
#include "auth/password.h"
#include "auth/user_repository.h"
#include "cli/command.h"

namespace vafa::cli {
namespace {

struct PasswordSource {
  bool from_stdin = false;
  std::string file;
};

// The password from stdin (first line) or a file (first line), checked.
Result<std::string> ReadPassword(const PasswordSource& source) {
  if (source.from_stdin == !source.file.empty()) {
    return Status::Invalid(
        "give the password with --password-stdin or --password-file FILE");
  }
  std::string password;
  if (source.from_stdin) {
    std::getline(std::cin, password);
  } else {
    std::ifstream in(source.file);
    if (!in)
      return Status::Invalid("--password-file " + source.file +
                             ": cannot be read");
    std::getline(in, password);
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  Status strong = auth::CheckNewPassword(password);
  if (!strong.ok()) return Status::Invalid("password: " + strong.message());
  return password;
}

nlohmann::json UserJson(const auth::User& user) {
  return {{"id", user.id},
          {"email", user.email},
          {"name", user.name},
          {"language", user.language},
          {"is_admin", user.is_admin},
          {"disabled", user.disabled}};
}

Status Audit(store::Database& db, std::optional<int64_t> workspace_id,
             std::string action, std::string entity, int64_t entity_id,
             const nlohmann::json& after) {
  auth::AuditEntry entry;
  entry.workspace_id = workspace_id;
  entry.actor = CliActor();
  entry.at = std::time(nullptr);
  entry.action = std::move(action);
  entry.entity = std::move(entity);
  entry.entity_id = entity_id;
  entry.after_json = after.dump();
  return auth::RecordAudit(db, std::move(entry));
}

// Gives `user` `role_name` in the chosen workspace (created if missing).
Status GrantRole(CommandContext& context, store::Database& db,
                 const auth::User& user, const std::string& role_name) {
  std::optional<auth::Role> role = auth::ParseRole(role_name);
  if (!role) {
    return Status::Invalid("--role " + role_name +
                           ": one of owner, manager, sales, support, "
                           "marketing, analyst, viewer");
  }
  VAFA_ASSIGN_OR_RETURN(store::Workspace workspace,
                        context.Workspace(db, /*create=*/true));
  auth::UserRepository users(db);
  VAFA_RETURN_IF_ERROR(users.SetRole(workspace.id, user.id, *role));
  return Audit(db, workspace.id, "set_role", "member", user.id,
               {{"user_id", user.id}, {"role", role_name}});
}

struct UserAddFlags {
  std::string email;
  std::string name;
  std::string role;
  std::string language = "fa";
  bool admin = false;
  PasswordSource password;
};

int RunUserAdd(CommandContext& context, const UserAddFlags& f) {
  auto password = ReadPassword(f.password);
  if (!password.ok()) return Fail(password.status());
  auto email = auth::NormalizeEmail(f.email);
  if (!email.ok()) return Fail(email.status());
  if (f.language != "fa" && f.language != "en") {
    return Fail(Status::Invalid("--language is fa or en"));
  }
  auto hash = auth::HashPassword(*password, FastPasswordHashingForTests());
  if (!hash.ok()) return Fail(hash.status());
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auth::UserRepository users(**db);
  auth::User created;
  Status done = store::InTransaction(**db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(
        created, users.Create(*email, f.name, *hash, f.admin, f.language));
    VAFA_RETURN_IF_ERROR(Audit(**db, std::nullopt, "create", "user", created.id,
                               UserJson(created)));
    if (f.role.empty()) return Status::Ok();
    return GrantRole(context, **db, created, f.role);
  });
  if (!done.ok()) return Fail(done);
  std::cout << "created user " << created.email << " (id " << created.id
            << (created.is_admin ? ", administrator" : "") << ")";
  if (!f.role.empty()) {
    std::cout << ", " << f.role << " of workspace " << context.workspace;
  }
  std::cout << "\n";
  return 0;
}

int RunUserPassword(const CommandContext& context, const std::string& email,
                    const PasswordSource& source) {
  auto text = ReadPassword(source);
  if (!text.ok()) return Fail(text.status());
  auto hash = auth::HashPassword(*text, FastPasswordHashingForTests());
  if (!hash.ok()) return Fail(hash.status());
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auth::UserRepository users(**db);
  auto found = users.FindByEmail(email);
  if (!found.ok()) return Fail(found.status());
  Status done = store::InTransaction(**db, [&]() -> Status {
    VAFA_RETURN_IF_ERROR(users.SetPasswordHash(found->id, *hash));
    VAFA_RETURN_IF_ERROR(users.RevokeAll(found->id, std::time(nullptr)));
    return Audit(**db, std::nullopt, "set_password", "user", found->id,
                 UserJson(*found));
  });
  if (!done.ok()) return Fail(done);
  std::cout << "password of " << found->email
            << " set; their sessions and API keys are revoked\n";
  return 0;
}

}  // namespace

void AddUserCommands(CLI::App& app, CommandContext& context) {
  CLI::App* user = app.add_subcommand("user", "Manage users and their roles");
  user->require_subcommand(1);

  auto add_flags = std::make_shared<UserAddFlags>();
  CLI::App* add = user->add_subcommand(
      "add", "Create a user; with --role, also a member of the workspace");
  add->add_option("email", add_flags->email, "E-mail address (the sign-in)")
      ->required();
  add->add_option("--name", add_flags->name, "Display name");
  add->add_option("--role", add_flags->role,
                  "Role in the workspace (-w): owner, manager, sales, "
                  "support, marketing, analyst or viewer");
  add->add_option("--language", add_flags->language, "fa or en")
      ->capture_default_str();
  add->add_flag("--admin", add_flags->admin,
                "May create users and workspaces on this server");
  add->add_flag("--password-stdin", add_flags->password.from_stdin,
                "Read the password from the first line of stdin");
  add->add_option("--password-file", add_flags->password.file,
                  "Read the password from the first line of this file");
  add->callback([&context, add_flags] {
    context.run = [&context, add_flags] {
      return RunUserAdd(context, *add_flags);
    };
  });

  CLI::App* list = user->add_subcommand("list", "List users");
  list->callback([&context] {
    context.run = [&context] {
      auto db = context.Open();
      if (!db.ok()) return Fail(db.status());
      auth::UserRepository users(**db);
      auto all = users.List();
      if (!all.ok()) return Fail(all.status());
      for (const auth::User& u : *all) {
        std::cout << u.id << "\t" << u.email << "\t" << u.name << "\t"
                  << (u.is_admin ? "admin" : "-") << "\t"
                  << (u.disabled ? "disabled" : "active") << "\n";
      }
      return 0;
    };
  });

  auto role_email = std::make_shared<std::string>();
  auto role_name = std::make_shared<std::string>();
  CLI::App* role =
      user->add_subcommand("role", "Give a user a role in the workspace (-w)");
  role->add_option("email", *role_email, "The user's e-mail")->required();
  role->add_option("role", *role_name,
                   "owner, manager, sales, support, marketing, analyst or "
                   "viewer")
      ->required();
  role->callback([&context, role_email, role_name] {
    context.run = [&context, role_email, role_name] {
      auto db = context.Open();
      if (!db.ok()) return Fail(db.status());
      auth::UserRepository users(**db);
      auto found = users.FindByEmail(*role_email);
      if (!found.ok()) return Fail(found.status());
      Status done = store::InTransaction(
          **db, [&] { return GrantRole(context, **db, *found, *role_name); });
      if (!done.ok()) return Fail(done);
      std::cout << found->email << " is " << *role_name << " of workspace "
                << context.workspace << "\n";
      return 0;
    };
  });

  auto password_email = std::make_shared<std::string>();
  auto password_source = std::make_shared<PasswordSource>();
  CLI::App* password = user->add_subcommand(
      "password", "Set a user's password and sign out all their sessions");
  password->add_option("email", *password_email, "The user's e-mail")
      ->required();
  password->add_flag("--password-stdin", password_source->from_stdin,
                     "Read the password from the first line of stdin");
  password->add_option("--password-file", password_source->file,
                       "Read the password from the first line of this file");
  password->callback([&context, password_email, password_source] {
    context.run = [&context, password_email, password_source] {
      return RunUserPassword(context, *password_email, *password_source);
    };
  });
}

}  // namespace vafa::cli
