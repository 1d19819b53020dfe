// Compiled success templates must write exactly what filling and serialising the JSON writes.
#include "core/compiled_template.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace core = mockgate::core;
using core::Json;

namespace {

std::string by_tree(const Json& tmpl, const core::TemplateVars& vars) {
  return core::body_text(core::fill_template(tmpl, vars));
}

const core::TemplateVars& sample_vars() {
  static const core::TemplateVars vars{
      {"uuid", "991e4ecb-d31a-4e57-b3bf-f345616d67b1"},
      {"env", "live"},
      {"now", "2026-01-10T12:00:00Z"},
      {"rate_limit_limit", 1000},
      {"rate_limit_remaining", 999},
      {"ratio", 0.25},
      {"flag", true},
      {"nothing", nullptr},
      {"list", Json::array({1, "two", Json::object({{"three", 3}})})},
      {"quoted", "say \"hi\"\\ now\n\ttab \x01"},
      {"accented", "caff\xC3\xA8 \xE2\x82\xAC"},
      {"broken", "a\xFF" "b"},
      {"id", "key_123"}};
  return vars;
}

}  // namespace

TEST_SUITE("compiled template") {
  TEST_CASE("renders byte for byte what the filled tree serialises to") {
    const std::vector<Json> templates = {
        Json::parse(R"({"data":{"message_id":"{uuid}","status":"queued"}})"),
        Json::parse(R"({"a":"{rate_limit_limit}","b":"{rate_limit_remaining} left","c":"{ratio}"})"),
        Json::parse(R"({"flag":"{flag}","none":"{nothing}","list":"{list}","in":"x{list}y"})"),
        Json::parse(R"({"q":"{quoted}","q2":"<{quoted}>","acc":"{accented}","bad":"{broken}","bad2":"[{broken}]"})"),
        Json::parse(R"({"unknown":"{nope}","half":"{uuid","brace":"}{uuid}{","double":"{{uuid}}"})"),
        Json::parse(R"([1,2.5,-3,1e300,"{env}",[],{},[[]],{"k":[{"{uuid}":"{uuid}"}]},null,true,false])"),
        Json::parse(R"({"esc\"key\n":"v\u0001","unicode":"\u00e8\u20ac\ud83d\ude00","empty":""})"),
        Json::parse(R"({"id":"{id}","path":"/keys/{id}/x","env":"{env}-{env}","now":"{now}"})"),
        Json("{uuid}"),
        Json("plain"),
        Json(42),
        Json::object(),
        Json::array(),
    };
    for (const auto& tmpl : templates) {
      const core::CompiledTemplate compiled(tmpl);
      CHECK_MESSAGE(compiled.render(sample_vars()) == by_tree(tmpl, sample_vars()), tmpl.dump());
      CHECK_MESSAGE(compiled.render({}) == by_tree(tmpl, {}), tmpl.dump());
    }
  }

  TEST_CASE("knows the placeholders it holds, as template_mentions does") {
    const auto tmpl = Json::parse(R"({"a":"{uuid}","b":["x {now} y"],"{env}":"k","c":"{{id}}","d":"{rate_limit"})");
    const core::CompiledTemplate compiled(tmpl);
    for (const std::string name : {"uuid", "now", "env", "id", "rate_limit", "rate_limit_limit", "nope", ""}) {
      CHECK_MESSAGE(compiled.mentions(name) == core::template_mentions(tmpl, name), name);
    }
  }

  TEST_CASE("every bundled profile's success templates render as the tree does") {
    for (const std::string id : {"lisoloo", "agentclara", "agile-wholesale", "qlara"}) {
      const auto profile = mockgate::testing::profile(id);
      for (const auto& endpoint : profile.endpoints) {
        std::vector<const Json*> all = {&endpoint.response};
        for (const auto& [env, tmpl] : endpoint.response_by_key_env) all.push_back(&tmpl);
        for (const auto* tmpl : all) {
          CHECK_MESSAGE(core::CompiledTemplate(*tmpl).render(sample_vars()) == by_tree(*tmpl, sample_vars()),
                        id << " " << endpoint.method << " " << endpoint.path);
        }
      }
    }
  }
}
