// Feeds raw bytes through the whole core pipeline as the HTTP layer would: head end, head parse,
// body (Content-Length or chunked), core::Request::make, then the admin API or the provider
// state's handler for a bundled profile, up to a few pipelined requests per input. Beyond "no
// crash" (nor an exception: the HTTP layer would turn one into a 500, hiding a bug) it asserts:
// - every answer has a status in 100..599, and a JSON body where its content type says JSON;
// - the refusal the HTTP layer renders for a malformed head is JSON in the provider's shape;
// - afterwards GET /__mockgate/journal still answers 200 with JSON that nlohmann can dump, and no
//   stored key's cleartext value (arranged, or created by the input) appears in it as a word.
// Input: byte 0 picks provider (bits 0-1), environment (2-3), transport (4-5) and caller (6);
// the rest is what the client sent on one connection.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "http/chunked_body.hpp"
#include "http/request_head.hpp"
#include "mockgate/core/admin_api.hpp"
#include "core/base64.hpp"
#include "core/renderer.hpp"

namespace {

namespace core = mockgate::core;
namespace server = mockgate::server;
using mockgate::fuzz::require;

constexpr std::size_t kMaxBody = 64 * 1024;
constexpr int kMaxRequests = 4;

void check_response(const core::Response& r, const char* what) {
  require(r.status >= 100 && r.status <= 599, what);
  if (r.content_type == "application/json" && !r.body.empty()) {
    require(mockgate::fuzz::is_dumpable_json(r.body), "a JSON answer's body is JSON");
  }
}

/// The provider's answer for a status the HTTP layer refuses with (as Listener::refusal).
void check_refusal(const core::ProviderState& state, int status) {
  const std::string_view name = status == 404   ? core::answer::kNotFound
                                : status == 405 ? core::answer::kMethodNotAllowed
                                : status == 500 ? core::answer::kInternalError
                                                : core::answer::kBadRequest;
  auto r = core::render_answer(state.profile(), name, state.locale(), {{"status", status}});
  r.status = status;
  check_response(r, "a refusal's status in 100..599");
}

/// A key the input made through the admin API is a stored key too: the journal must hide it.
void remember_created_key(const std::string& body, std::vector<core::CreatedKey>& keys) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("value") && j.at("value").is_string()) {
    keys.push_back({{}, j.at("value").get<std::string>()});
  }
}

/// `key` occurs anywhere in `text`, inside a longer token too: redaction is by value.
bool appears_in(std::string_view text, std::string_view key) { return text.find(key) != std::string_view::npos; }

/// The exact bytes the journal shows in base64 (`body_base64`, `headers_base64`: [name, value]
/// pairs) for fields that are not UTF-8: a key there is as exposed as in the text.
void decoded_copies(const nlohmann::json& j, bool encoded, std::vector<std::string>& out) {
  if (j.is_string() && encoded) {
    if (auto bytes = core::base64_decode(j.get<std::string>())) out.push_back(std::move(*bytes));
  } else if (j.is_array()) {
    for (const auto& item : j) decoded_copies(item, encoded, out);
  } else if (j.is_object()) {
    for (const auto& [name, value] : j.items()) {
      const std::string_view suffix = "_base64";
      const bool named = name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
      decoded_copies(value, encoded || named, out);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto& profiles = mockgate::fuzz::bundled_profiles();
  const auto& profile = profiles[data[0] % profiles.size()];
  auto& provider = mockgate::fuzz::arranged_provider(data[0] % profiles.size());
  auto& state = *provider.state;
  const auto& envs = profile.environments;
  const std::string env = envs[static_cast<std::size_t>((data[0] >> 2) & 3) % envs.size()].name;
  const core::Transport transports[] = {core::Transport::Tls, core::Transport::Plain,
                                        core::Transport::PlainUnchecked};
  const auto transport = transports[((data[0] >> 4) & 3) % 3];
  const std::string peer = (data[0] & 0x40) != 0 ? "203.0.113.7" : "127.0.0.1";
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  static const bool trace = std::getenv("MOCKGATE_FUZZ_TRACE") != nullptr;

  for (int n = 0; n < kMaxRequests; ++n) {
    const auto end = server::find_head_end(bytes);
    if (end == std::string_view::npos) break;
    auto parsed = server::parse_request_head(bytes.substr(0, end));
    bytes.remove_prefix(end);
    if (const auto* error = std::get_if<server::HeadError>(&parsed)) {
      check_refusal(state, error->status);
      break;
    }
    auto& head = std::get<server::RequestHead>(parsed);
    std::string body;
    if (head.chunked) {
      server::ChunkedBody chunked(kMaxBody);
      if (chunked.feed(bytes) != server::ChunkedBody::State::Done) break;
      body = chunked.take_body();
    } else if (head.content_length) {
      if (*head.content_length > bytes.size()) break;  // the connection would wait, then close
      body = std::string(bytes.substr(0, *head.content_length));
      bytes.remove_prefix(*head.content_length);
    }
    const auto request =
        core::Request::make(std::move(head.method), std::move(head.target), std::move(head.headers),
                            std::move(body), peer, transport);
    const auto response = core::is_admin_path(request.path)
                              ? core::handle_admin(state, request, env, {})
                              : state.handle(request, env);
    check_response(response, "an answer's status in 100..599");
    // For whoever writes a seed: does it get as deep as meant? (fuzz/README.md)
    if (trace)
      std::fprintf(stderr, "%s %d %s %s\n", profile.id.c_str(), response.status,
                   request.method.c_str(), request.target.c_str());
    if (response.status == 201) remember_created_key(response.body, provider.keys);
    if (response.drop || !head.keep_alive) break;
  }

  const auto journal =
      core::handle_admin(state, core::Request::make("GET", "/__mockgate/journal"), env, {});
  require(journal.status == 200, "GET /__mockgate/journal answers 200");
  require(mockgate::fuzz::is_dumpable_json(journal.body), "the journal is JSON nlohmann can dump");
  std::vector<std::string> exact_bytes;
  decoded_copies(nlohmann::json::parse(journal.body, nullptr, false), false, exact_bytes);
  for (const auto& key : provider.keys) {
    require(!appears_in(journal.body, key.value), "no key in cleartext in the journal");
    for (const auto& copy : exact_bytes) {
      require(!appears_in(copy, key.value), "no key in the journal's base64 copies of non-UTF-8 fields");
    }
  }
  return 0;
}
