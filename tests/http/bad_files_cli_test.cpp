// `mockgate lint` and `mockgate run DIR` on folders with bad files: lint reports every file and
// goes on, run names every file it cannot load and runs nothing, and neither blocks on a FIFO.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "http/support_serve.hpp"
#include "profile/yaml_reader.hpp"
#include "support/scratch_dir.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using mockgate::testing::run;

namespace {

const std::string kScenario = MOCKGATE_TEST_FIXTURES "/../scenarios/lisoloo/suspended-key.yaml";

using mockgate::testing::ScratchDir;

using mockgate::testing::read_file;

/// The same YAML as JSON: every key quoted, every collection in flow style.
std::string as_flow(const std::string& path) {
  using mockgate::server::YamlDocument;
  using mockgate::server::YamlNode;
  return YamlNode::root(YamlDocument::load_file(path)).as_json().dump(2) + "\n";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_SUITE("http: bad files on the command line") {
  TEST_CASE("lint reports every bad file with its path and goes on to the next") {
    ScratchDir dir;
    const auto good = dir.write("a-good.yaml", read_file(MOCKGATE_TEST_PROFILES "/lisoloo.yaml"));
    const auto flow = dir.write("b-flow.yaml", as_flow(kScenario));
    const auto complex = dir.write("c-complex.yaml", "? [a, b]\n: c\n");
    const auto dup = dir.write("d-dup.yaml", "id: x\nid: y\n");
    REQUIRE(::mkfifo(dir.at("e-fifo.yaml").c_str(), 0600) == 0);
    fs::create_symlink(dir.at("nowhere.yaml"), dir.at("f-dangling.yaml"));

    const auto r = run({"lint", dir.path.string()});
    CHECK(r.exit == "exit 2");
    CHECK_MESSAGE(has(r.out, "ok     " + good + "\n"), r.out);
    CHECK_MESSAGE(has(r.out, "ok     " + flow + "\n"), r.out << r.err);
    CHECK_MESSAGE(has(r.err, complex + ":1:3: 'document' must be a mapping whose keys are strings"), r.err);
    CHECK_MESSAGE(has(r.err, dup + ":2:1: duplicate key 'id'"), r.err);
    CHECK_MESSAGE(has(r.err, dir.at("e-fifo.yaml") + ": cannot read the file: it is a FIFO"), r.err);
    CHECK_MESSAGE(has(r.err, dir.at("f-dangling.yaml") + ": cannot read the file: it is a symbolic link to nothing"), r.err);
    CHECK_MESSAGE(has(r.out, "6 files checked, 4 with errors"), r.out);
  }

  TEST_CASE("lint refuses a FIFO, a directory and a dangling link named on its command line at once") {
    ScratchDir dir;
    REQUIRE(::mkfifo(dir.at("fifo.yaml").c_str(), 0600) == 0);
    fs::create_symlink(dir.at("nowhere.yaml"), dir.at("dangling.yaml"));
    const auto r = run({"lint", dir.at("fifo.yaml")}, std::chrono::seconds(10));
    CHECK(r.exit == "exit 2");
    CHECK(has(r.err, dir.at("fifo.yaml") + ": cannot read the file: it is a FIFO (named pipe), not a regular file"));
  }

  TEST_CASE("run DIR names a file it cannot load and runs nothing, a flow-style scenario is run") {
    ScratchDir dir;
    dir.write("flow.yaml", as_flow(kScenario));
    const auto second = dir.write("second.yaml", read_file(kScenario) + "---\nid: lisoloo/other\n");

    const auto bad = run({"run", "--client", "builtin:profile", dir.path.string()}, std::chrono::seconds(60));
    CHECK(bad.exit == "exit 2");
    CHECK_MESSAGE(has(bad.err, second + ":19:1: a second YAML document"), bad.err);
    CHECK_MESSAGE(has(bad.err, "1 scenario file with errors; nothing was run"), bad.err);

    fs::remove(second);
    const auto ok = run({"run", "--client", "builtin:profile", dir.path.string()}, std::chrono::seconds(60));
    CHECK_MESSAGE(ok.exit == "exit 0", ok.out << ok.err);
    CHECK_MESSAGE(has(ok.out, "PASS  lisoloo/suspended-key"), ok.out);
  }

  TEST_CASE("run DIR reports a FIFO or a dangling link in the folder instead of blocking or skipping it") {
    ScratchDir dir;
    dir.write("flow.yaml", as_flow(kScenario));
    REQUIRE(::mkfifo(dir.at("fifo.yaml").c_str(), 0600) == 0);
    fs::create_symlink(dir.at("nowhere.yaml"), dir.at("dangling.yaml"));
    const auto r = run({"run", "--client", "builtin:profile", dir.path.string()}, std::chrono::seconds(20));
    CHECK(r.exit == "exit 2");
    CHECK_MESSAGE(has(r.err, dir.at("fifo.yaml") + ": cannot read the file: it is a FIFO"), r.err);
    CHECK_MESSAGE(has(r.err, dir.at("dangling.yaml") + ": cannot read the file: it is a symbolic link to nothing"), r.err);
    CHECK_MESSAGE(has(r.err, "2 scenario files with errors; nothing was run"), r.err);
  }
}
