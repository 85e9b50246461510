// Pesapal API 3.0 through a client written here from Pesapal's published documentation alone: no npm SDK for API 3.0 is
// served by this machine's registry (pesapal-v3, pesapal-node-sdk, pesapal3: 404; pesapaljs speaks the old OAuth1/XML API 2.0),
// so the suite is its own client: plain fetch, exactly the documented URLs, headers and bodies, against the sandbox base URL
// (https://cybqa.pesapal.com/pesapalv3, routed to the standalone simulator by the harness). Nothing here reuses the choices of
// our C# adapter. Each request names its documentation page under https://developer.pesapal.com/how-to-integrate/e-commerce/api-30-json/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startSimulator, eventually } from '../harness/simulator.mjs';

const CLIENT = 'pesapal API 3.0 documented client';
const BASE = 'https://cybqa.pesapal.com/pesapalv3'; // "Sandbox URL" (api-reference)

let sim;
let token;
let postIpnId;
let getIpnId;

before(async () => {
  sim = await startSimulator();
  // The standalone's simulated payer pays every order 300 ms after it is submitted; here the payer is the test (the checkout
  // page, or the control port), so it is switched off.
  await sim.post('/pesapal/payer?autoPay=false');
});
after(async () => { await sim?.stop(); });

// Authentication: POST {BASE}/api/Auth/RequestToken (page "authentication").
async function requestToken(consumerKey, consumerSecret) {
  const response = await fetch(`${BASE}/api/Auth/RequestToken`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify({ consumer_key: consumerKey, consumer_secret: consumerSecret }),
  });
  return { http: response.status, body: await response.json() };
}

// Register IPN URL: POST {BASE}/api/URLSetup/RegisterIPN (page "registeripnurl").
async function registerIpn(url, ipnNotificationType) {
  const response = await fetch(`${BASE}/api/URLSetup/RegisterIPN`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ url, ipn_notification_type: ipnNotificationType }),
  });
  return response.json();
}

// Get registered IPNs: GET {BASE}/api/URLSetup/GetIpnList (page "getipnlist").
async function getIpnList() {
  const response = await fetch(`${BASE}/api/URLSetup/GetIpnList`, {
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
  });
  return { http: response.status, body: await response.json() };
}

// Submit order request: POST {BASE}/api/Transactions/SubmitOrderRequest (page "submitorderrequest"), the documented sample
// body: billing_address with every documented part, most of them empty.
async function submitOrder({ id = randomUUID(), amount = 100.0, notificationId = postIpnId, cancellationUrl } = {}) {
  const order = {
    id,
    currency: 'KES',
    amount,
    description: 'Payment description goes here',
    callback_url: new URL('pesapal/return', sim.callbacks.url).href,
    ...(cancellationUrl ? { cancellation_url: cancellationUrl } : {}),
    redirect_mode: '',
    notification_id: notificationId,
    branch: 'Store Name - HQ',
    billing_address: {
      email_address: 'john.doe@example.com',
      phone_number: '0723xxxxxx',
      country_code: 'KE',
      first_name: 'John',
      middle_name: '',
      last_name: 'Doe',
      line_1: 'Pesapal Limited',
      line_2: '',
      city: '',
      state: '',
      postal_code: '',
      zip_code: '',
    },
  };
  const response = await fetch(`${BASE}/api/Transactions/SubmitOrderRequest`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(order),
  });
  const text = await response.text();
  return { http: response.status, body: text.startsWith('{') ? JSON.parse(text) : text, id };
}

// Get transaction status: GET {BASE}/api/Transactions/GetTransactionStatus?orderTrackingId=... (page "gettransactionstatus").
async function getTransactionStatus(orderTrackingId) {
  const response = await fetch(`${BASE}/api/Transactions/GetTransactionStatus?orderTrackingId=${encodeURIComponent(orderTrackingId)}`, {
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
  });
  return response.json();
}

// The payer's browser on redirect_url: load the page, submit its form with one of its buttons (as a browser does: the form's
// action resolved against the page's URL, its fields url-encoded), and follow the redirect back to the merchant.
async function payerPresses(redirectUrl, button) {
  const page = await fetch(redirectUrl);
  assert.equal(page.status, 200);
  const html = await page.text();
  const form = /<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/.exec(html);
  assert.ok(form, `no form on the checkout page:\n${html}`);
  const unescape = (s) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  const fields = new URLSearchParams();
  for (const [, name, value] of form[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.append(name, unescape(value));
  const chosen = new RegExp(`<button type="submit" name="([^"]+)" value="([^"]+)">${button}</button>`).exec(form[2]);
  assert.ok(chosen, `no ${button} button on the checkout page`);
  fields.append(chosen[1], chosen[2]);
  const posted = await fetch(new URL(unescape(form[1]), redirectUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: fields,
    redirect: 'manual',
  });
  assert.equal(posted.status, 302);
  const location = new URL(posted.headers.get('location'));
  await fetch(location); // the browser lands on the merchant's page
  return location;
}

test(`${CLIENT}: wrong consumer secret gets no token`, async () => {
  const { body } = await requestToken(sim.apis.pesapal.consumerKey, 'not-the-secret');
  assert.equal(body.token, null);
  assert.ok(body.error, 'an error object');
  assert.notEqual(body.status, '200');
});

test(`${CLIENT}: token, then a POST and a GET IPN registered and listed by GetIpnList`, async () => {
  const { body } = await requestToken(sim.apis.pesapal.consumerKey, sim.apis.pesapal.consumerSecret);
  assert.equal(body.status, '200');
  assert.ok(body.token);
  assert.ok(!Number.isNaN(Date.parse(body.expiryDate)));
  token = body.token;

  const post = await registerIpn(new URL('pesapal/ipn', sim.callbacks.url).href, 'POST');
  const get = await registerIpn(new URL('pesapal/ipn-get', sim.callbacks.url).href, 'GET');
  assert.equal(post.status, '200');
  assert.equal(post.ipn_notification_type_description, 'POST');
  postIpnId = post.ipn_id;
  getIpnId = get.ipn_id;

  const list = await getIpnList();
  assert.equal(list.http, 200);
  assert.ok(Array.isArray(list.body));
  const mine = list.body.filter((i) => [postIpnId, getIpnId].includes(i.ipn_id));
  assert.deepEqual(mine.map((i) => i.url), [post.url, get.url]);
  for (const ipn of mine) {
    assert.ok(ipn.created_date);
    assert.equal(ipn.ipn_status_description, 'Active');
  }
});

test(`${CLIENT}: order paid on the redirect_url page: IPN, COMPLETED status, callback_url redirect`, async () => {
  const order = await submitOrder({ amount: 250.0 });
  assert.equal(order.http, 200);
  assert.equal(order.body.status, '200');
  assert.equal(order.body.merchant_reference, order.id);
  const trackingId = order.body.order_tracking_id;

  const before = await getTransactionStatus(trackingId);
  assert.equal(before.status_code, 0); // INVALID: not paid yet

  const back = await payerPresses(order.body.redirect_url, 'Pay');
  assert.equal(back.pathname, '/pesapal/return');
  assert.equal(back.searchParams.get('OrderTrackingId'), trackingId);
  assert.equal(back.searchParams.get('OrderMerchantReference'), order.id);
  assert.equal(back.searchParams.get('OrderNotificationType'), 'CALLBACKURL');
  await sim.callbacks.waitFor((c) => c.path === '/pesapal/return' && c.query.OrderTrackingId === trackingId, { what: 'the browser on callback_url' });

  const ipn = await sim.callbacks.waitFor((c) => c.path === '/pesapal/ipn' && c.json?.OrderTrackingId === trackingId, { what: 'the IPN' });
  assert.equal(ipn.method, 'POST');
  assert.deepEqual(ipn.json, { OrderNotificationType: 'IPNCHANGE', OrderTrackingId: trackingId, OrderMerchantReference: order.id });

  const status = await getTransactionStatus(trackingId); // the IPN carries no status: confirm it
  assert.equal(status.status_code, 1);
  assert.equal(status.payment_status_description, 'Completed');
  assert.equal(status.amount, 250);
  assert.equal(status.merchant_reference, order.id);
  assert.ok(status.confirmation_code);
  const ledger = await sim.ledger('pesapal');
  assert.ok(ledger.some((c) => c.merchantReference === order.id && c.amount === 250));
});

test(`${CLIENT}: the payer cancels on the page: FAILED, IPN, back to cancellation_url`, async () => {
  const cancellationUrl = new URL('pesapal/cancelled', sim.callbacks.url).href;
  const order = await submitOrder({ cancellationUrl });
  const trackingId = order.body.order_tracking_id;

  const back = await payerPresses(order.body.redirect_url, 'Cancel');
  assert.equal(back.pathname, '/pesapal/cancelled');
  assert.equal(back.searchParams.get('OrderTrackingId'), trackingId);

  await sim.callbacks.waitFor((c) => c.path === '/pesapal/ipn' && c.json?.OrderTrackingId === trackingId, { what: 'the IPN' });
  const status = await getTransactionStatus(trackingId);
  assert.equal(status.status_code, 2);
  assert.equal(status.payment_status_description, 'Failed');
  assert.ok(!(await sim.ledger('pesapal')).some((c) => c.merchantReference === order.id));
});

test(`${CLIENT}: a GET IPN carries the documented query`, async () => {
  const order = await submitOrder({ notificationId: getIpnId });
  const trackingId = order.body.order_tracking_id;
  await sim.post(`/pesapal/orders/${trackingId}/pay`); // the payer pays without a browser (control port)

  const ipn = await sim.callbacks.waitFor((c) => c.path === '/pesapal/ipn-get' && c.query.OrderTrackingId === trackingId, { what: 'the GET IPN' });
  assert.equal(ipn.method, 'GET');
  assert.deepEqual(ipn.query, { OrderNotificationType: 'IPNCHANGE', OrderTrackingId: trackingId, OrderMerchantReference: order.id });
  assert.equal((await getTransactionStatus(trackingId)).status_code, 1);
});

test(`${CLIENT}: an unknown order tracking id is reported as an error`, async () => {
  const status = await getTransactionStatus(randomUUID());
  assert.ok(status.error?.code, 'an error object with a code');
  assert.notEqual(status.status, '200');
  assert.notEqual(status.status_code, 1);
});

test(`${CLIENT}: Pesapal answering 503 refuses the order; the client works again once the fault is cleared`, async () => {
  await sim.addFault('pesapal', { kind: 'Http503' });
  try {
    const order = await submitOrder();
    assert.equal(order.http, 503);
  } finally {
    await sim.clearFaults('pesapal');
  }
  const retried = await submitOrder(); // the same client works again once Pesapal is back
  assert.equal(retried.body.status, '200');
});

test(`${CLIENT}: Pesapal down refuses connections until it is up`, async () => {
  await sim.down('pesapal');
  try {
    await assert.rejects(submitOrder(), (error) => /fetch failed/.test(error.message) && /ECONNREFUSED/.test(String(error.cause?.code ?? error.cause)));
  } finally {
    await sim.up('pesapal');
  }
  await eventually(async () => (await submitOrder()).body.status === '200', { what: 'Pesapal back up' });
});
