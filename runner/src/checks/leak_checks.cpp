// Secrets stay secret: the client never prints its key or password (CLI-NO-LEAK); the mock's
// journal and key listings never show a key in cleartext (ALL-NO-CLEARTEXT).
#include "check_families.hpp"

namespace mockgate::runner::checks {

Results leak_check(bool wanted, const Evidence& e) {
  if (!wanted || e.probe) return {};
  std::vector<std::string> secrets;
  if (e.context.credential_key.size() >= 8) secrets.push_back(e.context.credential_key);
  if (e.context.password.size() >= 4) secrets.push_back(e.context.password);
  std::string actual = "not printed";
  for (const auto& secret : secrets) {
    if (e.run.printed_secret_on_stdout || e.run.stdout_text.find(secret) != std::string::npos) actual = "printed on stdout";
    if (e.run.printed_secret_on_stderr || e.run.stderr_text.find(secret) != std::string::npos) actual = "printed on stderr";
  }
  return {result({"CLI-NO-LEAK"}, "no cleartext credential in the client's output", actual == "not printed",
                 "not printed", actual)};
}

Results redaction_check(bool wanted, const Evidence& e) {
  if (!wanted) return {};
  std::string actual = "every key redacted";
  for (const auto& [name, value] : e.context.key_values) {
    if (value.size() >= 8 && e.context.exported.find(value) != std::string::npos) actual = "key '" + name + "' in cleartext";
  }
  return {result({"ALL-NO-CLEARTEXT"}, "journal and listings redact keys", actual == "every key redacted",
                 "every key redacted", actual)};
}

}  // namespace mockgate::runner::checks
