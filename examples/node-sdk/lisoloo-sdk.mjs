// A small Lisoloo SMS client: the app-key header, the provider's own error text, and safe retries.
import http from "node:http";
import https from "node:https";
import { setTimeout as sleep } from "node:timers/promises";

const kBalancePath = "/api/v1/lisoloo/sms-api/balance";
const kSendPath = "/api/v1/lisoloo/sms-api/send";
// Lisoloo sends Retry-After on 429 (seconds); without one, a second is a polite guess.
const kDefaultRetryAfterMs = 1000;

/// sk_live_…oU0i: enough to tell keys apart in a log, never enough to use one.
export function redactKey(key) {
  const prefix = /^sk_[a-z]+_/.exec(key)?.[0] ?? "";
  return key.length >= prefix.length + 12 ? `${prefix}…${key.slice(-4)}` : `${prefix}…`;
}

/// Lisoloo answered with an error; `detail` is its own message ({"detail": "<text>"}).
export class LisolooError extends Error {
  constructor({ method, path, status, detail, key }) {
    super(`Lisoloo ${method} ${path} answered ${status}: ${detail} (key ${redactKey(key)})`);
    this.name = "LisolooError";
    this.status = status;
    this.detail = detail;
  }
}

/// The connection ended before an answer; for a send, the message may or may not have gone out.
export class LisolooConnectionError extends Error {
  constructor(message, cause) {
    super(message, { cause });
    this.name = "LisolooConnectionError";
  }
}

function isConnectionLost(error) {
  return error.code === "ECONNRESET" || error.code === "EPIPE";
}

function retryAfterMs(header) {
  if (header === undefined) return kDefaultRetryAfterMs;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header); // Retry-After may also be an HTTP date
  return Number.isNaN(date) ? kDefaultRetryAfterMs : Math.max(0, date - Date.now());
}

function detailOf(body, status) {
  if (typeof body?.detail === "string") return body.detail;
  if (body?.detail !== undefined) return JSON.stringify(body.detail); // FastAPI validation lists
  return `HTTP ${status}`;
}

export class LisolooClient {
  #baseUrl;
  #apiKey;
  #ca;
  #timeoutMs;
  #maxRateLimitRetries;
  #maxRetryWaitMs;

  /// `ca`: PEM text to trust (e.g. mockgate's CA). A 429 is retried up to `maxRateLimitRetries`
  /// times, each wait as Retry-After says unless it passes `maxRetryWaitMs`: then it is thrown.
  constructor({ baseUrl, apiKey, ca, timeoutMs = 10000, maxRateLimitRetries = 3, maxRetryWaitMs = 10000 }) {
    if (!apiKey) throw new Error("LisolooClient needs an apiKey (LISOLOO_API_KEY)");
    this.#baseUrl = baseUrl;
    this.#apiKey = apiKey;
    this.#ca = ca;
    this.#timeoutMs = timeoutMs;
    this.#maxRateLimitRetries = maxRateLimitRetries;
    this.#maxRetryWaitMs = maxRetryWaitMs;
  }

  /// SMS left on the account.
  async balance() {
    const body = await this.#request("GET", kBalancePath);
    return body.data.available_sms;
  }

  /// Queues one SMS; resolves to {message_id, status}.
  async send({ to, message, sender }) {
    const body = await this.#request("POST", kSendPath, { to, message, sender });
    return body.data;
  }

  async #request(method, path, body) {
    // Only a GET may be sent again after a lost connection: a send that reached Lisoloo would go
    // out twice. A 429 is safe to retry for both, since a refused request was not processed.
    const idempotent = method === "GET";
    let rateLimitRetries = 0;
    let resentAfterReset = false;
    for (;;) {
      let response;
      try {
        response = await this.#exchange(method, path, body);
      } catch (error) {
        if (!isConnectionLost(error)) throw error;
        if (idempotent && !resentAfterReset) {
          resentAfterReset = true;
          continue;
        }
        throw new LisolooConnectionError(
          idempotent
            ? `Lisoloo ${method} ${path}: the connection was lost again on the retry`
            : `Lisoloo ${method} ${path}: the connection was lost before an answer; not re-sent, it may have gone out`,
          error,
        );
      }
      if (response.status === 429 && rateLimitRetries < this.#maxRateLimitRetries) {
        const waitMs = retryAfterMs(response.headers["retry-after"]);
        if (waitMs <= this.#maxRetryWaitMs) {
          rateLimitRetries += 1;
          await sleep(waitMs);
          continue;
        }
      }
      if (response.status >= 400) {
        throw new LisolooError({
          method,
          path,
          status: response.status,
          detail: detailOf(response.body, response.status),
          key: this.#apiKey,
        });
      }
      return response.body;
    }
  }

  /// One request on its own connection: a kept-alive socket the server had closed would fail like
  /// a lost connection, and a send must not be thrown for that.
  #exchange(method, path, body) {
    const url = new URL(path, this.#baseUrl);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = { "app-key": this.#apiKey, accept: "application/json" };
    if (payload !== undefined) headers["content-type"] = "application/json";
    const transport = url.protocol === "https:" ? https : http;
    return new Promise((resolve, reject) => {
      const request = transport.request(
        url,
        { method, headers, ca: this.#ca, agent: false, timeout: this.#timeoutMs },
        (response) => {
          const chunks = [];
          response.on("data", (chunk) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed = null;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              parsed = { detail: text }; // a proxy's HTML page still says what went wrong
            }
            resolve({ status: response.statusCode, headers: response.headers, body: parsed });
          });
        },
      );
      request.on("timeout", () => {
        request.destroy(new Error(`Lisoloo ${method} ${path}: no answer within ${this.#timeoutMs} ms`));
      });
      request.on("error", reject);
      request.end(payload);
    });
  }
}
