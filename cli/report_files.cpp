#include "report_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "exit_codes.hpp"
#include "flag_values.hpp"

namespace mockgate::cli {
namespace {

namespace fs = std::filesystem;

/// Writes all of `text` to `fd`; false on any error.
bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string same_file_key(const std::string& path) {
  std::error_code ec;
  const auto p = fs::weakly_canonical(fs::absolute(path), ec);
  return ec ? path : p.string();
}

}  // namespace

void ReportFiles::add(const std::string& flag, const std::string& path, RenderReport render) {
  if (!path.empty()) files_.push_back({flag, path, std::move(render)});
}

void ReportFiles::check() const {
  for (std::size_t i = 0; i < files_.size(); ++i) {
    const auto& f = files_[i];
    for (std::size_t j = 0; j < i; ++j) {
      if (same_file_key(files_[j].path) == same_file_key(f.path)) {
        bad_flag(command_, files_[j].flag + " and " + f.flag + " name the same file: " + f.path);
      }
    }
    std::error_code ec;
    const fs::path p(f.path);
    const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
    if (fs::is_directory(p, ec)) bad_flag(command_, f.flag + ": " + f.path + " is a folder");
    if (!fs::is_directory(dir, ec)) bad_flag(command_, f.flag + ": no such folder: " + dir.string());
    const bool exists = fs::exists(p, ec);
    if (exists && !force_) {
      bad_flag(command_, f.flag + ": " + f.path +
                             " exists (an earlier run's report?); --force replaces it, or give each run its own file");
    }
    if (::access(exists ? p.c_str() : dir.c_str(), W_OK) != 0) bad_flag(command_, f.flag + ": cannot write " + f.path);
  }
}

void ReportFiles::claim(const runner::RunInfo& info) const {
  for (const auto& f : files_) {
    const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (force_ ? O_TRUNC : O_EXCL);
    const int fd = ::open(f.path.c_str(), flags, 0644);
    if (fd < 0 && errno == EEXIST) {
      bad_flag(command_, f.flag + ": " + f.path + " was just created by someone else (another run writing the same "
                                                  "report?); give each run its own file");
    }
    if (fd < 0) bad_flag(command_, f.flag + ": cannot write " + f.path + ": " + std::strerror(errno));
    const bool ok = write_all(fd, f.render({}, info));
    ::close(fd);
    if (!ok) bad_flag(command_, f.flag + ": cannot write " + f.path + ": " + std::strerror(errno));
  }
}

void ReportFiles::write(const std::vector<runner::ScenarioResult>& results, const runner::RunInfo& info) const {
  for (const auto& f : files_) {
    const std::string temporary = f.path + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const bool ok = fd >= 0 && write_all(fd, f.render(results, info)) && ::fsync(fd) == 0;
    if (fd >= 0) ::close(fd);
    if (!ok || std::rename(temporary.c_str(), f.path.c_str()) != 0) {
      const std::string why = std::strerror(errno);
      ::unlink(temporary.c_str());
      throw Failure(kExitToolFailed, "mockgate " + command_ + ": " + f.flag + ": cannot write " + f.path + ": " + why);
    }
  }
}

std::string junit_file(const std::vector<runner::ScenarioResult>& results, const runner::RunInfo& info) {
  return runner::junit_report(results, info);
}

std::string json_file(const std::vector<runner::ScenarioResult>& results, const runner::RunInfo& info) {
  // Replace, not throw: a client's output may hold bytes that are not UTF-8 (U+FFFD for each).
  return runner::json_report(results, info).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string markdown_file(const std::vector<runner::ScenarioResult>& results, const runner::RunInfo& info) {
  return runner::markdown_report(results, info);
}

std::string html_file(const std::vector<runner::ScenarioResult>& results, const runner::RunInfo& info) {
  return runner::html_report(results, info);
}

}  // namespace mockgate::cli
