// Reads what a provider's listeners received: filtered events, counts, and the key-in-URL check.
import { AssertionError } from "node:assert";
import { adminRequest } from "./admin-transport.mjs";

/// Filters go to mockgate as given, so an unknown one is refused with mockgate's "did you mean".
function queryString(filters) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    params.set(name, value instanceof Date ? value.toISOString() : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export class MockgateJournal {
  #target;

  constructor(target) {
    this.#target = target;
  }

  /// Events oldest first. Filters: path (exact or `*` glob), method, status (401, 4xx, none), env,
  /// since (a seq from mark(), or a Date/RFC 3339 time), flag (key_in_url, dropped, fault, …).
  async requests(filters = {}) {
    return (await adminRequest(this.#target, "GET", `/journal${queryString(filters)}`)).body;
  }

  /// How many events match the same filters as requests().
  async count(filters = {}) {
    return (await adminRequest(this.#target, "GET", `/journal/count${queryString(filters)}`)).body.count;
  }

  /// The journal's last seq now: pass it as `since` to see only what happens after this point.
  async mark() {
    return (await adminRequest(this.#target, "GET", "/journal/count")).body.last_seq;
  }

  /// Throws an AssertionError listing each request that carried a key in its URL.
  async assertNoKeyInUrl(filters = {}) {
    const offending = await this.requests({ ...filters, flag: "key_in_url" });
    if (offending.length === 0) return;
    // mockgate redacts in `target` every key it holds and every credential-named parameter's value.
    const lines = offending.map((e) => `  ${e.method} ${e.target}`);
    throw new AssertionError({
      message: `${offending.length} request(s) put a credential in the URL:\n${lines.join("\n")}`,
      actual: offending.map((e) => `${e.method} ${e.target}`),
      expected: [],
      operator: "assertNoKeyInUrl",
    });
  }
}
