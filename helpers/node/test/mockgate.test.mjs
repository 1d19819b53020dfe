// The Node helper against a real `mockgate serve`: URLs, CA, admin calls, journal filters, its life.
import assert from "node:assert/strict";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { MockgateAdminError, startMockgate } from "../mockgate.mjs";
import { findMockgateBinary } from "../src/find-binary.mjs";

const kBalance = "/api/v1/lisoloo/sms-api/balance";
const kSend = "/api/v1/lisoloo/sms-api/send";
const kTestTimeout = { timeout: 20000 };

/// One request on its own connection; resolves to {status, body} with body parsed when JSON.
function fetchJson(url, { method = "GET", headers = {}, body, ca } = {}) {
  const target = new URL(url);
  const transport = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(target, { method, headers, ca, agent: false }, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let parsed = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // left as text
        }
        resolve({ status: response.statusCode, body: parsed });
      });
    });
    request.on("error", reject);
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code !== "ESRCH";
  }
}

describe("one provider over HTTPS", () => {
  let mg;
  before(async () => {
    mg = await startMockgate({ providers: ["lisoloo"] });
  });
  after(() => mg?.stop());

  it("url() is HTTPS trusted through mg.ca, and refused without it", kTestTimeout, async () => {
    const url = mg.url("lisoloo", "live");
    assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(mg.ca, /^-----BEGIN CERTIFICATE-----/);
    const answer = await fetchJson(`${url}${kBalance}`, { ca: mg.ca });
    assert.equal(answer.status, 401);
    assert.equal(answer.body.detail, "Missing app-key header. Please provide a valid app-key.");
    await assert.rejects(fetchJson(`${url}${kBalance}`), /self[- ]signed|unable to (get|verify)/i);
  });

  it("plainUrl() is the plain twin, where Lisoloo requires TLS", kTestTimeout, async () => {
    const answer = await fetchJson(`${mg.plainUrl("lisoloo", "live")}${kBalance}`);
    assert.equal(answer.status, 403);
    assert.equal(answer.body.detail, "TLS required");
  });

  it("url() names the environments when asked for an unknown one", () => {
    assert.throws(() => mg.url("lisoloo", "staging"), /no environment 'staging' \(it has: test, live\)/);
    assert.throws(() => mg.url("lisoloo"), /several environments \(test, live\)/);
    assert.throws(() => mg.url("qlara", "live"), /serves no provider 'qlara' \(it serves: lisoloo\)/);
  });

  it("admin calls arrange keys, faults, clock and locale", kTestTimeout, async () => {
    const admin = mg.admin();
    await admin.reset();
    assert.deepEqual(await admin.health(), { ok: true });
    const key = await admin.createKey({ env: "live" });
    assert.match(key.value, /^sk_live_[0-9A-Za-z]{32}$/);
    const listed = await admin.keys();
    assert.deepEqual(listed.map((k) => k.id), [key.id]);
    assert.notEqual(listed[0].value, key.value, "a listed key shows no cleartext");
    await admin.setKeyStatus(key.id, "suspended");
    assert.equal((await admin.key(key.id)).status, "suspended");
    await admin.updateKey(key.id, { status: "allowed", tier: "enterprise" });
    assert.equal((await admin.key(key.id)).tier, "enterprise");

    await admin.queueFaults([{ status: 500 }, { drop: true }], { stage: "after_auth" });
    const queued = await admin.faults();
    assert.equal(queued.after_auth.length, 2);
    await admin.clearFaults();
    assert.equal((await admin.faults()).after_auth.length, 0);

    await admin.setClock(new Date("2026-01-10T00:00:00Z"));
    assert.match(JSON.stringify(await admin.clock()), /2026-01-10T00:00/);
    await admin.setLocale("it");
    const answer = await fetchJson(`${mg.url("lisoloo", "live")}${kBalance}`, { ca: mg.ca });
    assert.equal(answer.body.detail, "Header app-key mancante. Fornisci un app-key valido.");
    await admin.reset();
    assert.deepEqual(await admin.keys(), []);
  });

  it("an admin refusal carries mockgate's own message", kTestTimeout, async () => {
    await assert.rejects(mg.admin().createKey({ statuz: "allowed" }), (error) => {
      assert.ok(error instanceof MockgateAdminError);
      assert.equal(error.status, 400);
      assert.match(error.message, /POST \/keys answered 400: .*did you mean 'status'/);
      return true;
    });
  });

  it("journal filters reach mockgate", kTestTimeout, async () => {
    const admin = mg.admin();
    const journal = mg.journal();
    await admin.reset();
    const key = await admin.createKey({ env: "live" });
    const url = mg.url("lisoloo", "live");
    await fetchJson(`${url}${kBalance}`, { ca: mg.ca });
    const mark = await journal.mark();
    await fetchJson(`${url}${kBalance}`, { ca: mg.ca, headers: { "app-key": key.value } });
    await fetchJson(`${url}${kSend}`, {
      method: "POST",
      ca: mg.ca,
      headers: { "app-key": key.value, "content-type": "application/json" },
      body: { to: "+393331234567", message: "hi" },
    });

    assert.equal(await journal.count(), 3);
    assert.deepEqual((await journal.requests({ status: "4xx" })).map((e) => e.status), [401]);
    assert.deepEqual((await journal.requests({ method: "post" })).map((e) => e.path), [kSend]);
    assert.equal(await journal.count({ path: "/api/v1/lisoloo/*" }), 3);
    assert.equal(await journal.count({ path: kBalance, status: 200, env: "live" }), 1);
    assert.deepEqual((await journal.requests({ since: mark })).map((e) => e.seq), [mark + 1, mark + 2]);
    await assert.rejects(journal.requests({ stauts: 401 }), /unknown journal filter 'stauts'/);
  });

  it("assertNoKeyInUrl lists a request that put the key in its URL, redacted", kTestTimeout, async () => {
    const admin = mg.admin();
    const journal = mg.journal();
    await admin.reset();
    const key = await admin.createKey({ env: "live" });
    await fetchJson(`${mg.url("lisoloo", "live")}${kBalance}?app-key=${key.value}`, { ca: mg.ca });
    await assert.rejects(journal.assertNoKeyInUrl(), (error) => {
      assert.equal(error.name, "AssertionError");
      assert.match(error.message, /1 request\(s\) put a credential in the URL:\n {2}GET \/api\/v1\/lisoloo\/sms-api\/balance\?app-key=/);
      assert.ok(!error.message.includes(key.value), "the listing never holds the cleartext key");
      return true;
    });
  });
});

describe("several providers, plain HTTP, an admin token and start-up flags", () => {
  let mg;
  before(async () => {
    mg = await startMockgate({
      providers: ["lisoloo", "qlara"],
      tls: false,
      adminToken: "node-helper-token",
      now: "2026-01-10T00:00:00Z",
      locale: "it",
    });
  });
  after(() => mg?.stop());

  it("admin() needs a provider name when there are several", () => {
    assert.deepEqual(mg.providers, ["lisoloo", "qlara"]);
    assert.throws(() => mg.admin(), /several providers \(lisoloo, qlara\): name one/);
  });

  it("admin calls send the token, which mockgate then requires", kTestTimeout, async () => {
    assert.deepEqual(await mg.admin("qlara").health(), { ok: true });
    const bare = await fetchJson(`${mg.url("lisoloo", "live")}/__mockgate/health`);
    assert.equal(bare.status, 401);
  });

  it("tls:false serves plain HTTP with no CA; now and locale reach the server", kTestTimeout, async () => {
    assert.match(mg.url("lisoloo", "live"), /^http:\/\//);
    assert.equal(mg.plainUrl("lisoloo", "live"), null);
    assert.equal(mg.ca, null);
    assert.match(JSON.stringify(await mg.admin("lisoloo").clock()), /2026-01-10/);
    const answer = await fetchJson(`${mg.url("lisoloo", "live")}${kBalance}`);
    assert.equal(answer.body.detail, "Header app-key mancante. Fornisci un app-key valido.");
  });
});

describe("the server's life", () => {
  it("stop() ends the process and leaves none behind", kTestTimeout, async () => {
    const mg = await startMockgate({ providers: ["lisoloo"] });
    const pid = mg.pid;
    assert.ok(isRunning(pid));
    await mg.stop();
    assert.equal(isRunning(pid), false);
    assert.equal(mg.died, false);
  });

  it("a server that died makes stop() reject, saying how", kTestTimeout, async () => {
    const mg = await startMockgate({ providers: ["lisoloo"] });
    process.kill(mg.pid, "SIGKILL");
    assert.deepEqual(await mg.exited, { code: null, signal: "SIGKILL" });
    assert.equal(mg.died, true);
    await assert.rejects(mg.stop(), /had exited on its own \(signal SIGKILL\) before stop\(\)/);
  });

  it("a bad provider rejects start with the server's stderr", kTestTimeout, async () => {
    await assert.rejects(
      startMockgate({ providers: ["no-such-provider"] }),
      /exited \(code 2\) before it was ready; its stderr:\n.*no-such-provider/s,
    );
  });

  it("a server that never gets ready is killed after readyTimeoutMs", kTestTimeout, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "mockgate-node-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const silent = join(dir, "silent-server");
    await writeFile(silent, "#!/bin/sh\necho 'starting' >&2\nexec sleep 30\n");
    await chmod(silent, 0o755);
    const started = Date.now();
    await assert.rejects(
      startMockgate({ providers: ["lisoloo"], binary: silent, readyTimeoutMs: 300 }),
      /no ready line within 300 ms; its stderr:\nstarting/,
    );
    assert.ok(Date.now() - started < 20000);  // generous: the fake server would sleep 30 s
  });

  it("a missing binary is named, wherever it came from", () => {
    assert.throws(() => findMockgateBinary("/nonexistent/mockgate"), /from the binary option is not an executable/);
    assert.throws(() => findMockgateBinary(undefined, { MOCKGATE_BINARY: "/nonexistent/mockgate" }), /from MOCKGATE_BINARY/);
    assert.throws(() => findMockgateBinary(undefined, { PATH: "" }), /mockgate binary not found/);
  });
});
