// Injected faults rendered in the provider's shape.
#include "fault_answer.hpp"

#include "core/renderer.hpp"

namespace mockgate::core {
namespace {

std::string_view reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return status >= 500 ? "Server Error" : "Error";
  }
}

/// A fault's own retry_after wins even over a profile's fixed Retry-After (e.g. an always-"1").
Response with_retry_after(Response answer, const Fault& fault) {
  if (!fault.retry_after) return answer;
  bool set = false;
  for (auto& h : answer.headers) {
    if (iequals(h.name, "Retry-After")) {
      h.value = std::to_string(*fault.retry_after);
      set = true;
    }
  }
  if (!set) answer.headers.push_back({"Retry-After", std::to_string(*fault.retry_after)});
  return answer;
}

}  // namespace

Response fault_answer(const Profile& profile, std::string_view locale, const Fault& fault) {
  Response r;
  if (fault.drop) {
    r.drop = true;
    return r;
  }
  const TemplateVars vars{{"retry_after", fault.retry_after.value_or(1)}};
  if (fault.answer) return with_retry_after(render_answer(profile, *fault.answer, locale, vars), fault);
  for (const auto name : {answer::kInternalError, answer::kRateLimited, answer::kInvalidCredential,
                          answer::kBadRequest, answer::kNotFound, answer::kMethodNotAllowed}) {
    if (profile.answer(name).status == *fault.status) {
      return with_retry_after(render_answer(profile, name, locale, vars), fault);
    }
  }
  r = with_retry_after(std::move(r), fault);
  r.status = *fault.status;
  r.body = body_text(fill_template(profile.error_body, {{"message", std::string(reason_phrase(*fault.status))},
                                                       {"status", *fault.status}}));
  return r;
}

}  // namespace mockgate::core
