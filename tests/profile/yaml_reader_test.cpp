// The YAML reader under every loader: one document, each key once, bounded work and size, and
// files that are no files (a FIFO, a directory, a dangling or looping link) refused at once.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "mockgate/server/profile_loader.hpp"
#include "profile/yaml_reader.hpp"
#include "support/scratch_dir.hpp"

namespace fs = std::filesystem;
using mockgate::InputError;
using mockgate::server::YamlDocument;
using mockgate::server::YamlLimits;
using mockgate::server::YamlNode;

namespace {

std::string error_of(const std::string& text, const YamlLimits& limits = {}) {
  try {
    (void)YamlDocument::load_text("t.yaml", text, limits);
  } catch (const InputError& e) {
    return e.location_line();
  }
  return "loaded";
}

using mockgate::testing::ScratchDir;

using Clock = std::chrono::steady_clock;

}  // namespace

TEST_SUITE("yaml_reader") {
  TEST_CASE("a key given twice in one mapping is refused at the second, naming the first") {
    CHECK(error_of("id: a\ntitle: x\nid: b\n") ==
          "t.yaml:3:1: duplicate key 'id': first given at line 1, column 1 (a mapping may give a key once)");
    SUBCASE("written differently, the same key") {
      CHECK(error_of("id: a\n\"id\": b\n").rfind("t.yaml:2:1: duplicate key 'id'", 0) == 0);
      CHECK(error_of("{id: a, 'id': b}").rfind("t.yaml:1:9: duplicate key 'id'", 0) == 0);
    }
    SUBCASE("through an alias of a scalar") {
      CHECK(error_of("a: &k id\nm: {id: 1, *k : 2}\n").rfind("t.yaml:2:12: duplicate key 'id'", 0) == 0);
    }
    SUBCASE("the same key in two mappings is fine") {
      CHECK(error_of("a: {id: 1}\nb: {id: 2}\nc: [{id: 1}, {id: 2}]\n") == "loaded");
    }
  }

  TEST_CASE("a second document is refused where it starts") {
    CHECK(error_of("id: a\n---\nid: b\n") ==
          "t.yaml:2:1: a second YAML document: a file holds one (remove the '---' and what follows, or split the file)");
    CHECK(error_of("id: a\n---\n") != "loaded");
    CHECK(error_of("---\nid: a\n...\n") == "loaded");
  }

  TEST_CASE("quoted keys and flow style read exactly as plain block style") {
    const auto block = YamlNode::root(YamlDocument::load_text("b.yaml", "id: x\nlist:\n  - a\nmap:\n  k: 1\n"));
    const auto quoted = YamlNode::root(YamlDocument::load_text("q.yaml", "\"id\": x\n'list': [a]\n\"map\": {\"k\": 1}\n"));
    const auto flow = YamlNode::root(YamlDocument::load_text("f.yaml", "{id: x, list: [a], map: {k: 1}}"));
    CHECK(quoted.as_json() == block.as_json());
    CHECK(flow.as_json() == block.as_json());
    CHECK(quoted.has("id"));
    CHECK(flow.required("map").required("k").as_int(0, 9) == 1);
    CHECK_NOTHROW(quoted.expect_keys({"id", "list", "map"}));
  }

  TEST_CASE("an alias bomb is refused at the alias that passes the node budget, at once") {
    std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 10; ++i) {
      bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
      for (int j = 0; j < 10; ++j) bomb += (j ? ", *a" : "*a") + std::to_string(i - 1);
      bomb += "]\n";
    }
    CHECK(bomb.size() < 1024);
    const auto start = Clock::now();
    CHECK(error_of(bomb) ==
          "t.yaml:5:45: more than 100000 YAML nodes, the most a file may have (each alias counts as "
          "the whole node it names); reached at alias '*a3'");
    CHECK(Clock::now() - start < std::chrono::milliseconds(500));
  }

  TEST_CASE("aliases within the budget are read, each as the node it names") {
    const auto doc = YamlDocument::load_text("t.yaml", "base: &b {x: 1}\nuse: [*b, *b]\n");
    CHECK(YamlNode::root(doc).as_json().dump() == R"({"base":{"x":1},"use":[{"x":1},{"x":1}]})");
    YamlLimits tight;
    // The root, base: {x: 1} (4), use: [...] (2), then 3 for each alias: 13 in all.
    tight.max_nodes = 12;
    CHECK(error_of("base: &b {x: 1}\nuse: [*b, *b]\n", tight).rfind("t.yaml:2:11: more than 12 YAML nodes", 0) == 0);
    tight.max_nodes = 13;
    CHECK(error_of("base: &b {x: 1}\nuse: [*b, *b]\n", tight) == "loaded");
  }

  TEST_CASE("an alias inside the node it names is refused") {
    CHECK(error_of("a: &x [1, *x]\n") == "t.yaml:1:11: alias '*x' names a node that contains it, which would never end");
  }

  TEST_CASE("nesting past the depth limit is refused, through aliases too") {
    YamlLimits limits;
    limits.max_depth = 3;
    CHECK(error_of("[[[1]]]", limits) == "loaded");
    CHECK(error_of("[[[[1]]]]", limits) ==
          "t.yaml:1:4: lists and mappings nested more than 3 levels deep, the most a file may have");
    CHECK(error_of("a: &d [[1]]\nb: [[*d]]\n", limits).rfind("t.yaml:2:6: lists and mappings nested", 0) == 0);
  }

  TEST_CASE("text over the size limit is refused before it is parsed") {
    YamlLimits limits;
    limits.max_file_bytes = 16;
    CHECK(error_of("a: 1234567890123\n", limits) == "t.yaml: the file is 17 bytes; a YAML file may have at most 16 bytes");
  }

  TEST_CASE("a 50 MB file is refused at once, without reading it") {
    ScratchDir dir;
    const auto big = (dir.path / "big.yaml").string();
    std::ofstream(big).close();
    fs::resize_file(big, 50u * 1024 * 1024);  // sparse: nothing to read, only its size
    const auto start = Clock::now();
    CHECK_THROWS_WITH_AS(YamlDocument::load_file(big),
                         (big + ": the file is 52428800 bytes; a YAML file may have at most 1 MiB").c_str(),
                         InputError);
    CHECK(Clock::now() - start < std::chrono::milliseconds(200));
  }

  TEST_CASE("what is no regular file is refused at once with its path, and nothing blocks") {
    ScratchDir dir;
    const auto at = [&](const char* name) { return (dir.path / name).string(); };
    REQUIRE(::mkfifo(at("fifo.yaml").c_str(), 0600) == 0);
    fs::create_directory(at("dir.yaml"));
    fs::create_symlink(at("nowhere.yaml"), at("dangling.yaml"));
    fs::create_symlink(at("loop2.yaml"), at("loop1.yaml"));
    fs::create_symlink(at("loop1.yaml"), at("loop2.yaml"));
    const auto start = Clock::now();
    const auto refused = [](const std::string& path, const std::string& why) {
      CHECK_THROWS_WITH_AS(YamlDocument::load_file(path), (path + ": cannot read the file: " + why).c_str(), InputError);
    };
    refused(at("fifo.yaml"), "it is a FIFO (named pipe), not a regular file");
    refused(at("dir.yaml"), "it is a directory");
    refused(at("dangling.yaml"), "it is a symbolic link to nothing (dangling)");
    refused(at("loop1.yaml"), "its symbolic links loop");
    refused(at("missing.yaml"), "no such file");
    refused("/dev/zero", "it is a device, not a regular file");
    CHECK(Clock::now() - start < std::chrono::seconds(2));
  }

  TEST_CASE("a symbolic link to a regular file is read through") {
    ScratchDir dir;
    std::ofstream(dir.path / "real.yaml") << "id: x\n";
    fs::create_symlink(dir.path / "real.yaml", dir.path / "link.yaml");
    CHECK(YamlNode::root(YamlDocument::load_file((dir.path / "link.yaml").string())).required("id").as_string() == "x");
  }

  TEST_CASE("a shipped profile written as JSON (quoted keys, flow style) loads the same") {
    const std::string path = MOCKGATE_TEST_PROFILES "/lisoloo.yaml";
    const auto json = YamlNode::root(YamlDocument::load_file(path)).as_json().dump(2);
    const auto block = mockgate::server::load_profile(path);
    const auto flow = mockgate::server::load_profile_text("lisoloo.json", json);
    CHECK(flow.id == block.id);
    CHECK(flow.environments.size() == block.environments.size());
    CHECK(flow.endpoints.size() == block.endpoints.size());
    CHECK(flow.key_format.prefix == block.key_format.prefix);
    CHECK(flow.error_body == block.error_body);
    CHECK(flow.messages == block.messages);
  }
}
