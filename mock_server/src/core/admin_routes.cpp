// The admin API's handlers, one small function per route, and the table that names them.
#include "admin_routes.hpp"

#include "admin_fields.hpp"
#include "core/suggest.hpp"

namespace mockgate::core::admin {
namespace {

using nlohmann::json;

json created_json(const ProviderState& state, const CreatedKey& created) {
  json j = key_json(state, created.record, state.now());
  j["value"] = created.value;  // the one answer that shows it: the one that creates it
  return j;
}

Response health(Call&) { return json_response(200, {{"ok", true}}); }

Response stats(Call& c) {
  return json_response(200, {{"env", c.env},
                             {"connections", c.access.connections ? c.access.connections() : json(nullptr)},
                             {"journal", {{"size", c.state.journal_size()}, {"dropped", c.state.journal_dropped()}}}});
}

Response list_keys(Call& c) {
  const auto now = c.state.now();
  json list = json::array();
  for (const auto& k : c.state.keys()) list.push_back(key_json(c.state, k, now));
  return json_response(200, list);
}

Response create_key(Call& c) {
  const json body = object_body(c.request, {"env", "status", "operations", "owner", "username", "tier",
                                            "expires_at", "value", "attributes"});
  return json_response(201, created_json(c.state, c.state.create_key(key_spec(body), c.env)));
}

Response rotate_key(Call& c) { return json_response(201, created_json(c.state, c.state.rotate_key(c.params["id"]))); }

Response get_key(Call& c) {
  const auto k = c.state.key(c.params["id"]);
  if (!k) return error(404, "no key with id '" + c.params["id"] + "'");
  return json_response(200, key_json(c.state, *k, c.state.now()));
}

Response update_key(Call& c) {
  const json body = object_body(c.request, {"status", "tier"});
  if (!body.contains("status") && !body.contains("tier")) return error(400, "give a status or a tier to change");
  // Parsed before anything changes; then one step, so a concurrent reset cannot remove the key
  // between a check and the change.
  const auto status = body.contains("status") ? std::optional(status_field(body)) : std::nullopt;
  const auto tier = body.contains("tier") ? std::optional(string_field(body, "tier")) : std::nullopt;
  return json_response(200, key_json(c.state, c.state.update_key(c.params["id"], status, tier), c.state.now()));
}

Response delete_key(Call& c) {
  c.state.delete_key(c.params["id"]);
  Response r;
  r.status = 204;
  return r;
}

const std::vector<std::string> kAccountFields = {"username", "password", "ip_whitelist", "tier", "company"};

Response list_accounts(Call& c) {
  json list = json::array();
  for (const auto& a : c.state.accounts()) list.push_back(account_json(c.state, a));
  return json_response(200, list);
}

Response create_account(Call& c) {
  const json body = object_body(c.request, kAccountFields);
  const auto username = string_field(body, "username");
  return json_response(201, account_json(c.state, c.state.create_account(username, account_spec(body))));
}

Response update_account(Call& c) {
  const json body = object_body(c.request, kAccountFields);
  return json_response(200, account_json(c.state, c.state.update_account(c.params["username"], account_spec(body))));
}

Response get_locale(Call& c) { return json_response(200, {{"locale", c.state.locale()}}); }

Response set_locale(Call& c) {
  const auto locale = string_field(object_body(c.request, {"locale"}), "locale");
  if (locale.empty()) return error(400, "locale is required");
  c.state.set_locale(locale);
  return get_locale(c);
}

Response get_clock(Call& c) { return json_response(200, {{"now", format_time(c.state.now())}}); }

Response set_clock(Call& c) {
  const json body = object_body(c.request, {"now"});
  if (!body.contains("now")) return error(400, "now is required (a time, or null for real time)");
  c.state.set_clock(time_field(body, "now"));
  return get_clock(c);
}

/// Read before the events: a client that asks again `since` it misses nothing recorded between.
Response with_journal_headers(Response r, std::uint64_t last_seq, const ProviderState& state) {
  r.headers.push_back({"X-Mockgate-Journal-Dropped", std::to_string(state.journal_dropped())});
  r.headers.push_back({"X-Mockgate-Journal-Last-Seq", std::to_string(last_seq)});
  return r;
}

Response journal(Call& c) {
  const JournalQuery query = parse_journal_query(c.request.query);
  const auto last_seq = c.state.journal_last_seq();
  json list = json::array();
  for (const auto& e : c.state.journal(query)) list.push_back(e);
  return with_journal_headers(json_response(200, list), last_seq, c.state);
}

Response journal_count(Call& c) {
  const JournalQuery query = parse_journal_query(c.request.query);
  const auto last_seq = c.state.journal_last_seq();
  const auto count = c.state.journal_count(query);
  return with_journal_headers(json_response(200, {{"count", count}, {"last_seq", last_seq}}), last_seq, c.state);
}

Response list_faults(Call& c) { return json_response(200, c.state.pending_faults()); }

Response clear_faults(Call& c) {
  c.state.clear_faults();
  return list_faults(c);
}

Response queue_faults(Call& c) {
  const json body = object_body(c.request, {"stage", "responses"});
  const auto stage_text = body.contains("stage") ? string_field(body, "stage") : "before_auth";
  const auto stage = parse_fault_stage(stage_text);
  if (!stage) {
    return error(400, "unknown stage '" + stage_text + "'" + did_you_mean(stage_text, fault_stage_names()) +
                          " (use before_auth, after_auth or connection)");
  }
  if (!body.contains("responses") || !body.at("responses").is_array() || body.at("responses").empty()) {
    return error(400, "responses must be a non-empty list");
  }
  std::vector<Fault> faults;
  for (const auto& r : body.at("responses")) faults.push_back(parse_fault(r));
  const auto queued = c.state.push_faults(*stage, faults);
  // What this call added, not the whole queue (answering the queue made N calls cost N²), in
  // the queue's shape, and how many wait at each stage now.
  json added{{"before_auth", json::array()}, {"after_auth", json::array()}, {"connection", json::array()}};
  for (const auto& f : faults) added[std::string(to_string(*stage))].push_back(to_json(f));
  added["queued"] = {{"before_auth", queued.before_auth},
                     {"after_auth", queued.after_auth},
                     {"connection", queued.connection}};
  return json_response(201, added);
}

Response get_tls(Call& c) { return json_response(200, {{"certificate", c.state.certificate()}}); }

Response set_tls(Call& c) {
  const auto mode = string_field(object_body(c.request, {"certificate"}), "certificate");
  if (mode.empty()) return error(400, "certificate is required");
  c.state.set_certificate(mode);
  return get_tls(c);
}

Response reset(Call& c) {
  c.state.reset();
  return json_response(200, {{"ok", true}});
}

constexpr Route kRoutes[] = {
    {"GET", "/health", health},
    {"HEAD", "/health", health},
    {"GET", "/stats", stats},
    {"GET", "/keys", list_keys},
    {"POST", "/keys", create_key},
    {"POST", "/keys/{id}/rotate", rotate_key},
    {"GET", "/keys/{id}", get_key},
    {"PATCH", "/keys/{id}", update_key},
    {"DELETE", "/keys/{id}", delete_key},
    {"GET", "/accounts", list_accounts},
    {"POST", "/accounts", create_account},
    {"PATCH", "/accounts/{username}", update_account},
    {"GET", "/locale", get_locale},
    {"PUT", "/locale", set_locale},
    {"GET", "/clock", get_clock},
    {"PUT", "/clock", set_clock},
    {"GET", "/journal", journal},
    {"GET", "/journal/count", journal_count},
    {"GET", "/faults", list_faults},
    {"POST", "/faults", queue_faults},
    {"DELETE", "/faults", clear_faults},
    {"GET", "/tls", get_tls},
    {"PUT", "/tls", set_tls},
    {"POST", "/reset", reset},
};

}  // namespace

std::span<const Route> routes() { return kRoutes; }

Response json_response(int status, const json& body) {
  Response r;
  r.status = status;
  r.body = body_text(body);
  return r;
}

Response error(int status, const std::string& message) { return json_response(status, json{{"error", message}}); }

}  // namespace mockgate::core::admin
