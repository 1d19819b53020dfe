// Starts `mockgate serve` for a Node test and hands back its URLs, CA, admin API and journal.
import { readFile } from "node:fs/promises";
import { MockgateAdmin } from "./src/admin-client.mjs";
import { findMockgateBinary } from "./src/find-binary.mjs";
import { MockgateJournal } from "./src/journal-client.mjs";
import { serveArgs } from "./src/serve-args.mjs";
import { ServerProcess } from "./src/server-process.mjs";

export { MockgateAdminError } from "./src/admin-transport.mjs";

/// Resolves once mockgate printed its ready line; rejects with the server's stderr if it never does.
/// Options: providers (required), binary, tls (default true), now, locale, adminToken, args, readyTimeoutMs.
export async function startMockgate(options = {}) {
  const { binary, readyTimeoutMs = 30000, adminToken } = options;
  const args = serveArgs(options);
  const server = new ServerProcess(findMockgateBinary(binary), args);
  await server.waitReady(readyTimeoutMs);
  try {
    const caFile = server.listeners[0]?.ca_file ?? null;
    // Read now: without --ca-out mockgate removes its CA file when it exits.
    const ca = caFile ? await readFile(caFile, "utf8") : null;
    return new Mockgate(server, { caFile, ca, adminToken });
  } catch (error) {
    await server.stop().catch(() => {}); // the read error is the one worth reporting
    throw error;
  }
}

class Mockgate {
  #server;
  #byProvider = new Map(); // provider id -> Map(env -> listening event)
  #admins = new Map();
  #journals = new Map();
  #adminToken;

  constructor(server, { caFile, ca, adminToken }) {
    this.#server = server;
    this.caFile = caFile;
    this.ca = ca;
    this.#adminToken = adminToken;
    for (const listener of server.listeners) {
      if (!this.#byProvider.has(listener.provider)) this.#byProvider.set(listener.provider, new Map());
      this.#byProvider.get(listener.provider).set(listener.env, listener);
    }
  }

  /// Provider ids as mockgate reported them (a profile file is known by its id).
  get providers() {
    return [...this.#byProvider.keys()];
  }

  get pid() {
    return this.#server.pid;
  }

  /// True once the server exited without stop(); `exited` resolves to {code, signal} then.
  get died() {
    return this.#server.died;
  }

  get exited() {
    return this.#server.exited;
  }

  get stderr() {
    return this.#server.stderr;
  }

  /// The HTTPS URL (plain with tls:false) of a provider's environment; env may be left out when
  /// the provider has only one.
  url(provider, env) {
    return this.#listener(provider, env).url;
  }

  /// The plain-HTTP twin, where the provider's plain-HTTP policy applies; null with tls:false.
  plainUrl(provider, env) {
    return this.#listener(provider, env).plain_url ?? null;
  }

  /// The admin API of `provider` (which may be left out when mockgate serves only one).
  admin(provider) {
    const id = this.#providerId(provider);
    if (!this.#admins.has(id)) this.#admins.set(id, new MockgateAdmin(this.#adminTarget(id)));
    return this.#admins.get(id);
  }

  journal(provider) {
    const id = this.#providerId(provider);
    if (!this.#journals.has(id)) this.#journals.set(id, new MockgateJournal(this.#adminTarget(id)));
    return this.#journals.get(id);
  }

  /// SIGTERM, SIGKILL after 5 s; rejects with stderr when the server had died or stopped badly.
  stop() {
    return this.#server.stop();
  }

  #adminTarget(provider) {
    const [first] = this.#byProvider.get(provider).values();
    // Plain HTTP when there is a twin: no CA to pass, and the admin API answers there too.
    return { baseUrl: first.plain_url ?? first.url, ca: this.ca, adminToken: this.#adminToken };
  }

  #providerId(provider) {
    if (provider !== undefined) {
      if (!this.#byProvider.has(provider)) {
        throw new Error(`mockgate serves no provider '${provider}' (it serves: ${this.providers.join(", ")})`);
      }
      return provider;
    }
    if (this.#byProvider.size !== 1) {
      throw new Error(`mockgate serves several providers (${this.providers.join(", ")}): name one`);
    }
    return this.providers[0];
  }

  #listener(provider, env) {
    const id = this.#providerId(provider);
    const envs = this.#byProvider.get(id);
    if (env === undefined) {
      if (envs.size === 1) return [...envs.values()][0];
      throw new Error(`provider '${id}' has several environments (${[...envs.keys()].join(", ")}): name one`);
    }
    if (!envs.has(env)) {
      throw new Error(`provider '${id}' has no environment '${env}' (it has: ${[...envs.keys()].join(", ")})`);
    }
    return envs.get(env);
  }
}
