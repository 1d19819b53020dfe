// The scenario loader: every shipped scenario loads, and every bad one fails with its exact,
// pinned message (fixtures/yaml/scenarios/<case>.yaml → <case>.expected).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "mockgate/runner/catalogue.hpp"
#include "mockgate/runner/scenario_loader.hpp"
#include "mockgate/server/profile_loader.hpp"

namespace fs = std::filesystem;
using namespace mockgate;

namespace {

const std::string kScenarios = MOCKGATE_TEST_FIXTURES "/../scenarios";

struct Loader {
  std::map<std::string, core::Profile> profiles;
  runner::LoadOptions options;

  Loader() {
    const auto catalogue = runner::load_catalogue(kScenarios + "/catalogue.yaml");
    options.known_behaviours = catalogue.ids();
    options.should_behaviours = catalogue.should_ids();
  }

  runner::Scenario load(const std::string& file) {
    return runner::load_scenario(file, [&](const std::string& id) -> const core::Profile& {
      auto it = profiles.find(id);
      if (it == profiles.end()) it = profiles.emplace(id, server::find_profile(id)).first;
      return it->second;
    }, options);
  }
};

std::string error_of(Loader& loader, const fs::path& file) {
  try {
    (void)loader.load(file.string());
  } catch (const InputError& e) {
    std::string text = e.what();
    const std::string dir = file.parent_path().string() + "/";
    for (auto pos = text.find(dir); pos != std::string::npos; pos = text.find(dir)) text.erase(pos, dir.size());
    return text + "\n";
  }
  return "loaded without error\n";
}

}  // namespace

TEST_SUITE("scenario_loader") {
  TEST_CASE("every scenario of the catalogue loads, with a unique id matching its file name") {
    Loader loader;
    std::map<std::string, std::string> ids;
    const auto files = runner::find_scenario_files({kScenarios});
    CHECK(files.size() > 100);
    for (const auto& file : files) {
      CAPTURE(file);
      const auto s = loader.load(file);
      CHECK(ids.emplace(s.id, file).second);
      CHECK(s.id == s.provider + "/" + fs::path(file).stem().string());
    }
  }

  TEST_CASE("profiles and the catalogue are not taken for scenarios") {
    CHECK_FALSE(runner::is_scenario_file(kScenarios + "/providers/lisoloo.yaml"));
    CHECK_FALSE(runner::is_scenario_file(kScenarios + "/catalogue.yaml"));
    CHECK(runner::is_scenario_file(kScenarios + "/lisoloo/suspended-key.yaml"));
  }

  TEST_CASE("every bad scenario fixture fails with its pinned message") {
    Loader loader;
    const fs::path dir = fs::path(MOCKGATE_TEST_FIXTURES) / "yaml" / "scenarios";
    const bool update = std::getenv("MOCKGATE_UPDATE_GOLDEN") != nullptr;
    int cases = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".yaml") continue;
      ++cases;
      const auto expected_path = fs::path(entry.path()).replace_extension(".expected");
      const auto actual = error_of(loader, entry.path());
      if (update) {
        std::ofstream(expected_path, std::ios::binary) << actual;
        continue;
      }
      CAPTURE(entry.path().filename().string());
      std::ifstream in(expected_path, std::ios::binary);
      REQUIRE(in.good());
      std::stringstream expected;
      expected << in.rdbuf();
      CHECK(actual == expected.str());
    }
    CHECK(cases >= 10);
  }
}
