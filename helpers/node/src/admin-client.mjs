// The /__mockgate/ calls that arrange a provider's state: keys, accounts, faults, clock, locale, TLS.
import { adminRequest } from "./admin-transport.mjs";

function segment(value) {
  return encodeURIComponent(String(value));
}

export class MockgateAdmin {
  #target;

  /// `target` is {baseUrl, ca, adminToken} of any listener of the provider: they share one state.
  constructor(target) {
    this.#target = target;
  }

  async #call(method, path, body) {
    return (await adminRequest(this.#target, method, path, body)).body;
  }

  health() {
    return this.#call("GET", "/health");
  }

  stats() {
    return this.#call("GET", "/stats");
  }

  /// Resolves to the new key, with its cleartext `value`: mockgate shows it only here.
  createKey(fields = {}) {
    return this.#call("POST", "/keys", fields);
  }

  keys() {
    return this.#call("GET", "/keys");
  }

  key(id) {
    return this.#call("GET", `/keys/${segment(id)}`);
  }

  /// `fields` is {status, tier}.
  updateKey(id, fields) {
    return this.#call("PATCH", `/keys/${segment(id)}`, fields);
  }

  setKeyStatus(id, status) {
    return this.updateKey(id, { status });
  }

  /// A soft delete: the key gets 401 from now on.
  deleteKey(id) {
    return this.#call("DELETE", `/keys/${segment(id)}`);
  }

  /// Resolves to the new key with its cleartext `value`; the old key dies per the profile's overlap.
  rotateKey(id) {
    return this.#call("POST", `/keys/${segment(id)}/rotate`);
  }

  createAccount(fields) {
    return this.#call("POST", "/accounts", fields);
  }

  updateAccount(username, fields) {
    return this.#call("PATCH", `/accounts/${segment(username)}`, fields);
  }

  accounts() {
    return this.#call("GET", "/accounts");
  }

  /// Queues `responses` for the next provider requests, in order; `stage` before_auth or after_auth.
  queueFaults(responses, { stage = "before_auth" } = {}) {
    return this.#call("POST", "/faults", { stage, responses });
  }

  faults() {
    return this.#call("GET", "/faults");
  }

  clearFaults() {
    return this.#call("DELETE", "/faults");
  }

  /// `now` is a Date, an RFC 3339 text, or null for real time again.
  setClock(now) {
    return this.#call("PUT", "/clock", { now: now instanceof Date ? now.toISOString() : now });
  }

  clock() {
    return this.#call("GET", "/clock");
  }

  setLocale(locale) {
    return this.#call("PUT", "/locale", { locale });
  }

  locale() {
    return this.#call("GET", "/locale");
  }

  /// `mode` is trusted, untrusted, wrong_host or expired.
  setCertificate(mode) {
    return this.#call("PUT", "/tls", { certificate: mode });
  }

  reset() {
    return this.#call("POST", "/reset");
  }
}
