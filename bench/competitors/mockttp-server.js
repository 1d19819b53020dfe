// mockttp 4.6 stand-in for `mockgate serve` in bench/load.py (started by bench/competitors.py).
// Usage: node mockttp-server.js PORT KEY
// GET /api/v1/lisoloo/sms-api/balance answers 200 with the balance when header app-key equals KEY
// exactly, 401 with mockgate's error body otherwise; a real header matcher, not a blind 200.
'use strict';
const net = require('net');
const mockttp = require('mockttp');

const [port, key] = [Number(process.argv[2]), process.argv[3]];
const path = '/api/v1/lisoloo/sms-api/balance';

// mockttp has no bind-address option (it listens on every interface): pin listen() to loopback.
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (p, ...rest) {
  return typeof p === 'number' ? listen.call(this, p, '127.0.0.1', ...rest) : listen.call(this, p, ...rest);
};

(async () => {
  // recordTraffic: false, or every request is kept in memory for getSeenRequests().
  const server = mockttp.getLocal({ recordTraffic: false });
  await server.start(port);
  // .always(): without it mockttp uses each matching rule once in turn, so the 401 rule would
  // answer the second request that carries the right key.
  // thenJson() sets Content-Length; thenReply() with a headers object sends none, and the
  // connection is then closed after every response.
  await server.forGet(path).withHeaders({ 'app-key': key }).always()
    .thenJson(200, { data: { available_sms: 250 } });
  await server.forGet(path).always()
    .thenJson(401, { detail: 'Missing app-key header. Please provide a valid app-key.' });
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
