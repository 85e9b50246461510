// A small local server that receives every callback the simulators send (Daraja's CallBackURL, Paystack webhooks, Pesapal
// IPNs, Airtel callbacks) and keeps them, raw, for the tests to assert on.
import http from 'node:http';

export async function startCallbackServer() {
  const received = [];
  const waiters = new Set();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json;
      try { json = body ? JSON.parse(body) : undefined; } catch { json = undefined; }
      const url = new URL(req.url, 'http://callbacks.local');
      const callback = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body, json, at: Date.now() };
      received.push(callback);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(callback)) { waiters.delete(waiter); clearTimeout(waiter.timer); waiter.resolve(callback); }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ResultCode: 0, ResultDesc: 'Accepted', status: 200 }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    received,
    /** Resolves with the first callback (already received or coming) that matches, or rejects after timeoutMs. */
    waitFor(predicate, { timeoutMs = 30000, what = 'a callback' } = {}) {
      const found = received.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiter.timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No ${what} within ${timeoutMs} ms; received: ${JSON.stringify(received.map((c) => `${c.method} ${c.path}`))}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close() {
      for (const waiter of waiters) clearTimeout(waiter.timer);
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
