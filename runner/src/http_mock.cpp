// MockControl over a running mockgate's admin API (design.md, /__mockgate/...), through a Transport.
#include "mockgate/core/spec_json.hpp"
#include "mockgate/runner/mock_control.hpp"

namespace mockgate::runner {
namespace {

using nlohmann::json;

/// The journal's JSON as serve events (elapsed-time stamps from the journal's times).
core::ServeEvent event_from(const json& e) {
  core::ServeEvent ev;
  ev.seq = e.value("seq", 0u);
  ev.method = e.value("method", "");
  ev.path = e.value("path", "");
  ev.env = e.value("env", "");
  ev.body = e.value("body", "");
  // Named, not iterated as temporaries: GCC 12 then warns falsely (maybe-uninitialized).
  const json query = e.value("query", json::object());
  for (const auto& [k, v] : query.items()) ev.query.emplace_back(k, v.get<std::string>());
  const json headers = e.value("headers", json::object());
  for (const auto& [k, v] : headers.items()) ev.headers.push_back({k, v.get<std::string>()});
  if (e.contains("status") && e.at("status").is_number_integer()) ev.status = e.at("status").get<int>();
  for (const auto& name : e.value("flags", std::vector<std::string>{})) {
    // A flag this runner does not know (a newer server's) is no expectation of ours.
    if (const auto flag = core::parse_journal_flag(name)) ev.flags.push_back(*flag);
  }
  const json response = e.value("response", json::object());
  const json response_headers = response.value("headers", json::object());
  for (const auto& [k, v] : response_headers.items()) ev.response_headers.push_back({k, v.get<std::string>()});
  ev.response_body = response.value("body", "");
  if (const auto t = core::parse_time(e.value("time", ""))) {
    ev.time = *t;
    ev.steady = core::SteadyTime(std::chrono::duration_cast<core::SteadyTime::duration>(t->time_since_epoch()));
  }
  return ev;
}

class HttpMock final : public MockControl {
 public:
  explicit HttpMock(std::unique_ptr<Transport> transport) : transport_(std::move(transport)) {}

  void reset() override { call("POST", "/__mockgate/reset"); }
  void set_clock(core::SystemTime now) override {
    call("PUT", "/__mockgate/clock", {{"now", core::format_time(now)}});
  }
  void set_locale(const std::string& locale) override { call("PUT", "/__mockgate/locale", {{"locale", locale}}); }
  void set_certificate(const std::string& mode) override {
    call("PUT", "/__mockgate/tls", {{"certificate", mode}});
  }
  void create_account(const std::string& username, const core::AccountSpec& spec) override {
    json body = spec;
    body["username"] = username;
    call("POST", "/__mockgate/accounts", body);
  }
  core::CreatedKey create_key(const core::KeySpec& spec, std::string_view env) override {
    json body = spec;
    if (!spec.env) body["env"] = env;
    return call("POST", "/__mockgate/keys", body).get<core::CreatedKey>();
  }
  void delete_key(const std::string& id) override { call("DELETE", "/__mockgate/keys/" + id); }
  core::CreatedKey rotate_key(const std::string& id) override {
    return call("POST", "/__mockgate/keys/" + id + "/rotate").get<core::CreatedKey>();
  }
  void push_faults(core::FaultStage stage, const std::vector<core::Fault>& faults) override {
    json responses = json::array();
    for (const auto& f : faults) responses.push_back(core::to_json(f));
    call("POST", "/__mockgate/faults", {{"stage", std::string(core::to_string(stage))}, {"responses", responses}});
  }

  std::vector<core::ServeEvent> journal() override {
    std::vector<core::ServeEvent> out;
    for (const auto& e : call("GET", "/__mockgate/journal")) out.push_back(event_from(e));
    return out;
  }
  std::map<std::string, bool> keys_used() override {
    std::map<std::string, bool> used;
    for (const auto& k : call("GET", "/__mockgate/keys")) {
      used[k.value("id", "")] = k.contains("last_used_at") && !k.at("last_used_at").is_null();
    }
    return used;
  }
  std::string exported() override {
    return call("GET", "/__mockgate/journal").dump() + call("GET", "/__mockgate/keys").dump();
  }
  // The target's redaction is not lent over HTTP: only the scenario's own secrets are known.
  Redaction::MockRedaction redaction() override { return {}; }

 private:
  /// An admin call that must succeed; throws with the target's answer otherwise.
  json call(const std::string& method, const std::string& path, const json& body = nullptr) {
    HttpRequest request{method, path, {}, body.is_null() ? std::string{} : body.dump()};
    if (!body.is_null()) request.headers.push_back({"Content-Type", "application/json"});
    const Sent sent = transport_->send(request);
    if (!sent.answer) throw std::runtime_error(method + " " + path + ": " + sent.error);
    if (sent.answer->status >= 300) {
      throw std::runtime_error(method + " " + path + ": " + std::to_string(sent.answer->status) + " " + sent.answer->body);
    }
    return sent.answer->body.empty() ? json(nullptr) : json::parse(sent.answer->body, nullptr, false);
  }

  std::unique_ptr<Transport> transport_;
};

}  // namespace

TransportOptions admin_transport_options(const std::string& base_url) {
  TransportOptions options;
  options.base_url = base_url;
  options.verify_tls = false;
  return options;
}

std::unique_ptr<MockControl> http_mock(std::unique_ptr<Transport> transport) {
  return std::make_unique<HttpMock>(std::move(transport));
}

std::unique_ptr<MockControl> http_mock(const std::string& base_url) {
  return http_mock(http_transport(admin_transport_options(base_url)));
}

bool is_mockgate(Transport& transport) {
  const Sent sent = transport.send(HttpRequest{"GET", "/__mockgate/health", {}, {}});
  if (!sent.answer || sent.answer->status != 200) return false;
  const auto body = json::parse(sent.answer->body, nullptr, false);
  return body.is_object() && body.value("ok", false);
}

}  // namespace mockgate::runner
