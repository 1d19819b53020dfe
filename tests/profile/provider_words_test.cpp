// "No provider name or provider field name in C++": the mock and the runner know providers
// only through their profiles. Scans mock_server/ and runner/ (not tests/, not the reference
// clients in fixtures/clients/, which are provider-specific by design) and names file:line.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "mockgate/server/profile_loader.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kRoot = fs::path(MOCKGATE_TEST_FIXTURES).parent_path();

/// Field names (and a value) of the shipped profiles' documents, as the profiles spell them.
/// camelCase names a profile's data adds later are found by `camel_case_names` below.
const std::vector<std::string> kDocumentFields = {
    "userId", "trafficType", "creationDate", "phoneNumber", "messageId", "message_id",
    "available_sms", "destinations", "TRANSACTIONAL"};

/// Words that are provider fields and also mockgate's own public names, so C++ must use them.
/// Reviewed; keep this short, each with its reason.
struct Exemption {
  std::string word;
  std::string why;
};
const std::vector<Exemption> kMockgateWords = {
    {"company",
     "an account's company is mockgate's own admin-API and scenario field (design.md: POST "
     "/__mockgate/accounts takes company); a key API shows it only where a profile writes "
     "{key.company}"},
};

/// Every camelCase name (a lower-case letter, then an upper-case one) that a profile uses as a
/// JSON field of an endpoint's request or answer, or of its key API: provider spellings that
/// no mockgate name has (mockgate's own are snake_case).
void camel_case_names(const nlohmann::ordered_json& j, std::set<std::string>& out) {
  if (!j.is_object() && !j.is_array()) return;
  for (const auto& [k, v] : j.items()) {
    if (j.is_object()) {
      for (std::size_t i = 1; i < k.size(); ++i) {
        if (std::islower(static_cast<unsigned char>(k[i - 1])) &&
            std::isupper(static_cast<unsigned char>(k[i]))) {
          out.insert(k);
          break;
        }
      }
    }
    camel_case_names(v, out);
  }
}

void schema_names(const mockgate::core::BodySchema& s, std::set<std::string>& out) {
  for (const auto& [name, sub] : s.properties) {
    nlohmann::ordered_json probe = nlohmann::ordered_json::object();
    probe[name] = nullptr;
    camel_case_names(probe, out);
    schema_names(sub, out);
  }
  if (s.items) schema_names(*s.items, out);
}

struct Hit {
  std::string where;
  std::string word;
};

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/// Where `word` occurs in `text` as a whole word (`ignore_case` for provider ids, which also
/// hide inside env-var names such as ACME_API_KEY, so they match inside words too).
std::vector<std::size_t> occurrences(const std::string& text, const std::string& word,
                                     bool ignore_case) {
  std::vector<std::size_t> at;
  const auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  };
  const std::string hay = ignore_case ? lower(text) : text;
  const std::string needle = ignore_case ? lower(word) : word;
  for (auto pos = hay.find(needle); pos != std::string::npos; pos = hay.find(needle, pos + 1)) {
    const bool starts = pos == 0 || !is_word_char(hay[pos - 1]);
    const bool ends = pos + needle.size() >= hay.size() || !is_word_char(hay[pos + needle.size()]);
    if (ignore_case || (starts && ends)) at.push_back(pos);
  }
  return at;
}

/// The C++ sources the rule covers.
std::vector<fs::path> cpp_sources() {
  std::vector<fs::path> files;
  for (const auto* dir : {"mock_server", "runner"}) {
    for (const auto& e : fs::recursive_directory_iterator(kRoot / dir)) {
      const auto ext = e.path().extension();
      if (e.is_regular_file() && (ext == ".cpp" || ext == ".hpp" || ext == ".h")) {
        files.push_back(e.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<Hit> scan(const fs::path& file, const std::vector<std::string>& ids,
                      const std::set<std::string>& fields) {
  std::ifstream in(file);
  std::vector<Hit> hits;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const auto where = fs::relative(file, kRoot).string() + ":" + std::to_string(number);
    for (const auto& id : ids) {
      if (!occurrences(line, id, true).empty()) hits.push_back({where, id});
    }
    for (const auto& f : fields) {
      if (!occurrences(line, f, false).empty()) hits.push_back({where, f});
    }
  }
  return hits;
}

}  // namespace

TEST_SUITE("provider words") {
  TEST_CASE("the scan finds ids in any case and inside names, fields as whole words only") {
    CHECK(occurrences("// e.g. ACME_API_KEY", "acme", true).size() == 1);
    CHECK(occurrences(R"(j["userId"] = x;)", "userId", false).size() == 1);
    CHECK(occurrences("userIds, theuserId", "userId", false).empty());
  }

  TEST_CASE("no provider id or provider field name appears in the mock's or the runner's C++") {
    std::vector<std::string> ids;
    std::set<std::string> fields(kDocumentFields.begin(), kDocumentFields.end());
    for (const auto& e : fs::directory_iterator(kRoot / "scenarios" / "providers")) {
      if (e.path().extension() != ".yaml") continue;
      const auto profile = mockgate::server::load_profile(e.path().string());
      ids.push_back(profile.id);
      // "agile-wholesale" as a C++ identifier would be agile_wholesale.
      auto snake = profile.id;
      std::replace(snake.begin(), snake.end(), '-', '_');
      if (snake != profile.id) ids.push_back(snake);
      for (const auto& endpoint : profile.endpoints) {
        camel_case_names(endpoint.response, fields);
        for (const auto& [env, body] : endpoint.response_by_key_env) camel_case_names(body, fields);
        if (endpoint.body) schema_names(*endpoint.body, fields);
      }
      const auto& km = profile.key_management;
      for (const auto* shape : {&km.listed, &km.found, &km.created}) camel_case_names(*shape, fields);
      for (const auto& [query, field] : km.list_filters) fields.insert(query);
      for (const auto& [name, field] : km.create_fields) fields.insert(name);
    }
    REQUIRE(ids.size() >= 4);
    // Mockgate's own names among those a profile also uses (mockgate's words, not theirs).
    for (const auto* own : {"operations", "username"}) fields.erase(own);
    for (const auto& e : kMockgateWords) fields.erase(e.word);

    std::vector<Hit> hits;
    for (const auto& file : cpp_sources()) {
      for (auto& h : scan(file, ids, fields)) hits.push_back(std::move(h));
    }
    std::string report;
    for (const auto& h : hits) report += h.where + ": '" + h.word + "' is provider data\n";
    INFO("move these into the profiles (scenarios/providers/*.yaml):\n" << report);
    CHECK(hits.empty());
  }
}
