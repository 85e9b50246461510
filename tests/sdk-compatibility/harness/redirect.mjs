// The SDKs hard-code the providers' hosts (https://sandbox.safaricom.co.ke, https://api.paystack.co, ...). This sends those
// hosts to the simulator's plain-HTTP loopback base URLs, as a hosts-file entry plus a TLS-terminating proxy in front of the
// simulator would: node's http/https request functions and fetch are wrapped, nothing in the SDKs is changed.
import http from 'node:http';
import https from 'node:https';

const routes = new Map(); // host -> URL of the simulator
const original = { httpsRequest: https.request, httpsGet: https.get, httpRequest: http.request, httpGet: http.get, fetch: globalThis.fetch };
let installed = false;

/** Routes requests for each host of `map` ({ 'sandbox.safaricom.co.ke': 'http://127.0.0.1:41234/' }) to its URL. */
export function redirectHosts(map) {
  for (const [host, target] of Object.entries(map)) routes.set(host.toLowerCase(), new URL(target));
  if (installed) return;
  installed = true;
  https.request = (...args) => route(args, original.httpsRequest, 'https:');
  https.get = (...args) => { const req = https.request(...args); req.end(); return req; };
  http.request = (...args) => route(args, original.httpRequest, 'http:');
  http.get = (...args) => { const req = http.request(...args); req.end(); return req; };
  if (original.fetch) {
    globalThis.fetch = (input, init) => {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      const target = routes.get(url.hostname.toLowerCase());
      if (!target) return original.fetch(input, init);
      const rewritten = new URL(url.pathname + url.search, target);
      return input instanceof Request ? original.fetch(new Request(rewritten, input), init) : original.fetch(rewritten, init);
    };
  }
}

/** Forgets every route (requests go where the SDK meant them to). */
export function clearRedirects() { routes.clear(); }

function route(args, fallback, defaultProtocol) {
  // Node accepts (url[, options][, callback]) and (options[, callback]).
  let [first, second, third] = args;
  let options;
  let callback;
  if (typeof first === 'string' || first instanceof URL) {
    const url = new URL(first);
    options = { protocol: url.protocol, hostname: url.hostname, port: url.port, path: url.pathname + url.search, ...(typeof second === 'object' && second ? second : {}) };
    callback = typeof second === 'function' ? second : third;
  } else {
    options = { ...(first ?? {}) };
    callback = second;
  }
  const hostname = String(options.hostname ?? options.host ?? '').replace(/:\d+$/, '').toLowerCase();
  const target = routes.get(hostname);
  if (!target) return fallback(...args);
  const headers = { ...(options.headers ?? {}) };
  const redirected = {
    ...options,
    protocol: 'http:',
    hostname: target.hostname,
    host: undefined,
    port: Number(target.port),
    agent: undefined,
    _defaultAgent: undefined,
    headers,
    // Secure-connection options mean nothing on the loopback's plain HTTP.
    servername: undefined,
    rejectUnauthorized: undefined,
  };
  void defaultProtocol;
  return original.httpRequest(redirected, callback);
}
