// Serialising answers. Statuses without a body (1xx, 204, 304) get no body and no length.
#include "response_writer.hpp"

namespace mockgate::server {

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
  }
}

std::size_t write_response(const core::Response& response, const Framing& framing, std::string& out) {
  const int status = response.status;
  const bool has_body = !(status < 200 || status == 204 || status == 304);
  out.reserve(out.size() + 160 + response.body.size());
  out += "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  out += reason_phrase(status);
  out += "\r\n";
  for (const auto& h : response.headers) {
    if (core::iequals(h.name, "Content-Length") || core::iequals(h.name, "Connection") ||
        core::iequals(h.name, "Transfer-Encoding")) {
      continue;
    }
    out += h.name;
    out += ": ";
    out += h.value;
    out += "\r\n";
  }
  if (has_body) {
    if (!response.content_type.empty() && response.header("Content-Type") == nullptr) {
      out += "Content-Type: ";
      out += response.content_type;
      out += "\r\n";
    }
    out += "Content-Length: ";
    out += std::to_string(response.body.size());
    out += "\r\n";
  }
  if (framing.close) {
    out += "Connection: close\r\n";
  } else if (framing.http10_keep_alive) {
    out += "Connection: keep-alive\r\n";
  }
  out += "\r\n";
  if (!has_body || framing.head_only) return 0;
  out += response.body;
  return response.body.size();
}

}  // namespace mockgate::server
