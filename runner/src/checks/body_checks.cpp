// The request bodies: the documented JSON fields (a subset) and Content-Type (CLI-BODY).
#include "check_families.hpp"

namespace mockgate::runner::checks {

Results body_checks(const std::optional<nlohmann::json>& fields, const std::optional<std::string>& content_type,
                    const Evidence& e) {
  Results out;
  const auto& journal = e.journal;
  if (fields) {
    bool passed = !journal.empty();
    std::string actual = journal.empty() ? "no request was sent" : "as expected";
    for (std::size_t i = 0; i < journal.size() && passed; ++i) {
      const auto body = nlohmann::json::parse(journal[i].body, nullptr, false);
      if (body.is_discarded() || !json_contains(body, *fields)) {
        passed = false;
        actual = "request " + std::to_string(i + 1) + ": " +
                 (journal[i].body.empty() ? std::string("no body") : journal[i].body);
      }
    }
    out.push_back(result({"CLI-BODY"}, "request body", passed, "fields " + fields->dump(), actual));
  }
  if (content_type) {
    bool passed = !journal.empty();
    std::string actual = journal.empty() ? "no request was sent" : "as expected";
    for (std::size_t i = 0; i < journal.size() && passed; ++i) {
      if (journal[i].body.empty()) continue;
      const core::Header* h = core::find_header(journal[i].headers, "Content-Type");
      // Parameters (charset=utf-8) are the client library's business.
      const std::string value = h == nullptr ? std::string{} : h->value.substr(0, h->value.find(';'));
      std::string_view trimmed = value;
      while (!trimmed.empty() && trimmed.back() == ' ') trimmed.remove_suffix(1);
      if (!core::iequals(trimmed, *content_type)) {
        passed = false;
        actual = "request " + std::to_string(i + 1) + ": " + (h == nullptr ? std::string("none") : "'" + h->value + "'");
      }
    }
    out.push_back(result({"CLI-BODY"}, "Content-Type", passed, *content_type, actual));
  }
  return out;
}

}  // namespace mockgate::runner::checks
