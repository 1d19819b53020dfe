// A fresh folder under the temporary directory for one test, removed with everything in it.
#pragma once

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

namespace mockgate::testing {

struct ScratchDir {
  std::filesystem::path path;

  explicit ScratchDir(const std::string& name = "mockgate-test") {
    std::string p = (std::filesystem::temp_directory_path() / (name + "-XXXXXX")).string();
    REQUIRE(::mkdtemp(p.data()) != nullptr);
    path = p;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string at(const std::string& name) const { return (path / name).string(); }
  /// Writes `text` to `name` in the folder, byte for byte; returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return at(name);
  }
};

}  // namespace mockgate::testing
