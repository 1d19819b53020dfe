// The example Lisoloo SDK against mockgate: key statuses, environments, rotation, 429s, lost connections.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { startMockgate } from "../../../helpers/node/mockgate.mjs";
import { LisolooClient, LisolooConnectionError, LisolooError } from "../lisoloo-sdk.mjs";

const kBalance = "/api/v1/lisoloo/sms-api/balance";
const kSend = "/api/v1/lisoloo/sms-api/send";
const kTestTimeout = { timeout: 20000 };

describe("the Lisoloo SDK against mockgate", () => {
  let mg;
  let admin;
  let journal;

  before(async () => {
    mg = await startMockgate({ providers: ["lisoloo"] });
    admin = mg.admin();
    journal = mg.journal();
  });
  after(() => mg?.stop());
  // One server for the file; each test starts from its initial state: no keys, faults or journal.
  beforeEach(() => admin.reset());

  function clientFor(key, env = key.env, options = {}) {
    return new LisolooClient({ baseUrl: mg.url("lisoloo", env), apiKey: key.value, ca: mg.ca, ...options });
  }

  describe("key statuses", () => {
    it("an allowed live key reads the live balance", kTestTimeout, async () => {
      const key = await admin.createKey({ env: "live" });
      assert.equal(await clientFor(key).balance(), 250);
    });

    for (const [status, detail] of [
      ["suspended", "Gateway app is suspended. Please contact support."],
      ["revoked", "Gateway app has been revoked. Please contact support."],
    ]) {
      it(`a ${status} key gets 403 with Lisoloo's message`, kTestTimeout, async () => {
        const key = await admin.createKey({ env: "live" });
        await admin.setKeyStatus(key.id, status);
        await assert.rejects(clientFor(key).balance(), (error) => {
          assert.ok(error instanceof LisolooError);
          assert.equal(error.status, 403);
          assert.equal(error.detail, detail);
          assert.ok(error.message.includes(detail), "the message surfaces the provider's text");
          assert.ok(!error.message.includes(key.value), "the message never holds the cleartext key");
          return true;
        });
      });
    }

    it("a deleted key gets 401", kTestTimeout, async () => {
      const key = await admin.createKey({ env: "live" });
      await admin.deleteKey(key.id);
      await assert.rejects(clientFor(key).balance(), { name: "LisolooError", status: 401 });
    });
  });

  describe("environments", () => {
    it("a test key works at the sandbox and is refused at production", kTestTimeout, async () => {
      const key = await admin.createKey({ env: "test" });
      assert.equal(await clientFor(key, "test").balance(), 1000);
      await assert.rejects(clientFor(key, "live").balance(), { name: "LisolooError", status: 401 });
    });
  });

  describe("rotation", () => {
    it("after a rotation the old key is refused and the new one works", kTestTimeout, async () => {
      const oldKey = await admin.createKey({ env: "live" });
      assert.equal(await clientFor(oldKey).balance(), 250);
      const newKey = await admin.rotateKey(oldKey.id);
      assert.notEqual(newKey.value, oldKey.value);
      await assert.rejects(clientFor(oldKey).balance(), { name: "LisolooError", status: 401 });
      assert.equal(await clientFor(newKey).balance(), 250);
    });
  });

  describe("rate limiting", () => {
    it("a 429 is retried after its Retry-After", kTestTimeout, async () => {
      const key = await admin.createKey({ env: "live" });
      await admin.queueFaults([{ status: 429, retry_after: 1, repeat: 2 }]);
      const started = Date.now();
      assert.equal(await clientFor(key).balance(), 250);
      const waitedMs = Date.now() - started;
      assert.equal(await journal.count({ path: kBalance, status: 429 }), 2);
      assert.equal(await journal.count({ path: kBalance, status: 200 }), 1);
      // Two Retry-After: 1 waits; well under 2 s would mean the header was ignored.
      assert.ok(waitedMs >= 1800, `retried after ${waitedMs} ms in all, expected about 2000`);
    });

    it("a Retry-After longer than the client's cap is thrown, not waited", kTestTimeout, async () => {
      const key = await admin.createKey({ env: "live" });
      await admin.queueFaults([{ status: 429, retry_after: 60 }]);
      const started = Date.now();
      await assert.rejects(clientFor(key, "live", { maxRetryWaitMs: 2000 }).balance(), {
        name: "LisolooError",
        status: 429,
      });
      // A generous bound, far below the 60 s asked: a loaded machine must not fail it.
      assert.ok(Date.now() - started < 30000, "the client did not sit out the 60 s");
      assert.equal(await journal.count({ path: kBalance }), 1);
    });
  });

  describe("lost connections", () => {
    it("a balance read is retried once after a dropped connection", kTestTimeout, async () => {
      const key = await admin.createKey({ env: "live" });
      await admin.queueFaults([{ drop: true }]);
      assert.equal(await clientFor(key).balance(), 250);
      assert.equal(await journal.count({ path: kBalance, status: "none" }), 1);
      assert.equal(await journal.count({ path: kBalance }), 2);
    });

    it("a send is not re-sent after a dropped connection", kTestTimeout, async () => {
      const key = await admin.createKey({ env: "live" });
      await admin.queueFaults([{ drop: true }]);
      const sending = clientFor(key).send({ to: "+393331234567", message: "hello" });
      await assert.rejects(sending, LisolooConnectionError);
      assert.equal(await journal.count({ path: kSend, method: "post" }), 1);
    });

    it("a balance read is retried once after a reset before the answer", kTestTimeout, async () => {
      const key = await admin.createKey({ env: "live" });
      await admin.queueFaults([{ network: "reset" }]);
      assert.equal(await clientFor(key).balance(), 250);
      assert.equal(await journal.count({ path: kBalance }), 2);
    });
  });

  describe("credential placement", () => {
    it("no request carries the key in its URL", kTestTimeout, async () => {
      const key = await admin.createKey({ env: "live" });
      const client = clientFor(key);
      await client.balance();
      await client.send({ to: "+393331234567", message: "hello" });
      assert.equal(await journal.count({ path: "/api/v1/lisoloo/*" }), 2, "both calls reached the mock");
      await journal.assertNoKeyInUrl();
    });
  });
});
