// The baseline for load benchmarks: cpp-httplib tuned as issue 7 and cpp-httplib-notes.md say
// (TCP_NODELAY, 64 threads, long keep-alive, backlog 1024), checking one header and answering a
// constant JSON body (the balance), or, for the send, also parsing the JSON body with
// nlohmann::json and checking "to" and "message" are non-empty strings (400 otherwise). mockgate's
// auth path is measured against this in the same run.
// Usage: bare_responder PORT KEY   (prints "ready" once listening; stops on SIGINT/SIGTERM)
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s PORT KEY\n", argv[0]);
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const std::string key = argv[2];
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  httplib::Server server;
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000000);
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
  int fd = -1;
  server.set_socket_options([&fd](socket_t s) {
    int yes = 1;
    ::setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    fd = s;
  });
  server.Get("/api/v1/lisoloo/sms-api/balance", [&key](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("app-key") == key) {
      res.set_content(R"({"data":{"available_sms":250}})", "application/json");
    } else {
      res.status = 401;
      res.set_content(R"({"detail":"Missing app-key header. Please provide a valid app-key."})", "application/json");
    }
  });
  // The answer's message_id is uuid-shaped, its last 12 digits a counter.
  std::atomic<unsigned long long> sent{0};
  server.Post("/api/v1/lisoloo/sms-api/send", [&key, &sent](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("app-key") != key) {
      res.status = 401;
      res.set_content(R"({"detail":"Missing app-key header. Please provide a valid app-key."})", "application/json");
      return;
    }
    const auto body = nlohmann::json::parse(req.body, nullptr, false);
    auto non_empty = [&body](const char* field) {
      const auto it = body.find(field);
      return it != body.end() && it->is_string() && !it->get_ref<const std::string&>().empty();
    };
    if (!body.is_object() || !non_empty("to") || !non_empty("message")) {
      res.status = 400;
      res.set_content(R"({"detail":"Invalid request body"})", "application/json");
      return;
    }
    char id[64];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012llx", sent.fetch_add(1) & 0xffffffffffffULL);
    res.set_content(std::string(R"({"data":{"message_id":")") + id + R"(","status":"queued"}})", "application/json");
  });
  if (!server.bind_to_port("127.0.0.1", port)) {
    std::fprintf(stderr, "cannot bind 127.0.0.1:%d\n", port);
    return 1;
  }
  ::listen(fd, 1024);
  std::thread t([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::yield();
  std::printf("ready\n");
  std::fflush(stdout);
  int sig = 0;
  sigwait(&stop, &sig);
  server.stop();
  t.join();
  return 0;
}
