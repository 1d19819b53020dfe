// Sends one JSON request to a mockgate listener's /__mockgate/ API and reads the JSON answer.
import http from "node:http";
import https from "node:https";

const kAdminTimeoutMs = 10000;

/// Thrown for any 4xx/5xx admin answer; `message` carries mockgate's own {"error"} text.
export class MockgateAdminError extends Error {
  constructor(method, path, status, serverMessage) {
    super(`mockgate admin ${method} ${path} answered ${status}: ${serverMessage}`);
    this.name = "MockgateAdminError";
    this.status = status;
    this.serverMessage = serverMessage;
  }
}

function parseBody(text) {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/// `target` is {baseUrl, ca, adminToken}. Resolves to {status, headers, body}; rejects on 4xx/5xx.
export function adminRequest(target, method, path, body) {
  const url = new URL(`/__mockgate${path}`, target.baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  // A fresh connection per call: no idle keep-alive socket outlives a test or races the server's close.
  const headers = { accept: "application/json", connection: "close" };
  if (payload !== undefined) headers["content-type"] = "application/json";
  if (target.adminToken !== undefined) headers["x-mockgate-admin-token"] = target.adminToken;
  const transport = url.protocol === "https:" ? https : http;
  const shownPath = path.split("?")[0];

  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      { method, headers, ca: target.ca ?? undefined, agent: false, timeout: kAdminTimeoutMs },
      (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const parsed = parseBody(Buffer.concat(chunks).toString("utf8"));
          if (response.statusCode >= 400) {
            const serverMessage = parsed?.error ?? JSON.stringify(parsed);
            reject(new MockgateAdminError(method, shownPath, response.statusCode, serverMessage));
          } else {
            resolve({ status: response.statusCode, headers: response.headers, body: parsed });
          }
        });
      },
    );
    request.on("timeout", () => {
      request.destroy(new Error(`no answer within ${kAdminTimeoutMs} ms`));
    });
    request.on("error", (error) => {
      reject(new Error(`mockgate admin ${method} ${shownPath} failed: ${error.message}`, { cause: error }));
    });
    request.end(payload);
  });
}
