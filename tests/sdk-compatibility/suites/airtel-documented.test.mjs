// Airtel Money Open API through a client written here from Airtel's published documentation alone: no npm SDK for the Open
// API is served by this machine's registry (airtel-money, @osenco/airtel, airtel-money-sdk: 404), so the suite is its own
// client: plain fetch, exactly the documented URLs, headers and bodies, against the UAT base URL
// (https://openapiuat.airtel.africa, routed to the standalone simulator by the harness). Nothing here reuses the choices of our
// C# adapter. Each request names its page of https://developers.airtel.africa/documentation (Authorization; Collection APIs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startSimulator, eventually } from '../harness/simulator.mjs';

const CLIENT = 'airtel Open API documented client';
const BASE = 'https://openapiuat.airtel.africa'; // "Staging" base URL
const COUNTRY = 'KE';
const CURRENCY = 'KES';
const MSISDN = '733123456'; // "MSISDN without the country code"

let sim;
let token;

before(async () => { sim = await startSimulator(); });
after(async () => { await sim?.stop(); });

// Authorization > Generate token: POST /auth/oauth2/token.
async function generateToken(clientId, clientSecret) {
  const response = await fetch(`${BASE}/auth/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: '*/*' },
    body: JSON.stringify({ client_id: clientId, client_secret: clientSecret, grant_type: 'client_credentials' }),
  });
  return { http: response.status, body: await response.json() };
}

const headers = () => ({ 'Content-Type': 'application/json', Accept: '*/*', 'X-Country': COUNTRY, 'X-Currency': CURRENCY, Authorization: `Bearer ${token}` });

// Collection APIs > USSD Push: POST /merchant/v1/payments/ (the documented sample body).
async function ussdPush(id, amount = 150) {
  const response = await fetch(`${BASE}/merchant/v1/payments/`, {
    method: 'POST',
    headers: headers(),
    body: JSON.stringify({
      reference: 'Testing transaction',
      subscriber: { country: COUNTRY, currency: CURRENCY, msisdn: MSISDN },
      transaction: { amount, country: COUNTRY, currency: CURRENCY, id },
    }),
  });
  const text = await response.text();
  return { http: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

// Collection APIs > Transaction Enquiry: GET /standard/v1/payments/{id}.
async function enquiry(id) {
  const response = await fetch(`${BASE}/standard/v1/payments/${encodeURIComponent(id)}`, { headers: headers() });
  return response.json();
}

// The callback (Collection APIs > Callback, v1 without authentication) arrives at the standalone's --callbacks URL + "airtel".
const callbackFor = (id, what) => sim.callbacks.waitFor((c) => c.path === '/airtel' && c.json?.transaction?.id === id, { what });

test(`${CLIENT}: a wrong client secret gets no token`, async () => {
  const { http, body } = await generateToken(sim.apis.airtel.clientId, 'not-the-secret');
  assert.equal(http, 401);
  assert.equal(body.access_token, undefined);
});

test(`${CLIENT}: token, USSD push approved: callback TS, enquiry TS, one charge`, async () => {
  const granted = await generateToken(sim.apis.airtel.clientId, sim.apis.airtel.clientSecret);
  assert.equal(granted.http, 200);
  assert.equal(granted.body.token_type.toLowerCase(), 'bearer');
  assert.ok(Number(granted.body.expires_in) > 0);
  token = granted.body.access_token;

  const id = randomUUID();
  const push = await ussdPush(id, 150);
  assert.equal(push.http, 200);
  assert.equal(push.body.status.success, true);
  assert.equal(push.body.status.result_code, 'ESB000010');
  assert.equal(push.body.data.transaction.id, id);
  assert.equal((await enquiry(id)).data.transaction.status, 'TIP'); // the prompt is on the phone

  const callback = await callbackFor(id, 'the callback');
  assert.equal(callback.method, 'POST');
  assert.equal(callback.json.transaction.status_code, 'TS');
  assert.ok(callback.json.transaction.airtel_money_id);

  const answer = await enquiry(id); // the callback is unsigned: confirm it
  assert.equal(answer.status.success, true);
  assert.equal(answer.data.transaction.status, 'TS');
  assert.equal(answer.data.transaction.airtel_money_id, callback.json.transaction.airtel_money_id);
  const charges = (await sim.ledger('airtel')).filter((c) => c.merchantReference === id);
  assert.equal(charges.length, 1);
  assert.equal(charges[0].amount, 150);
});

test(`${CLIENT}: the same transaction id sent again is refused (ESB000041), never charged twice`, async () => {
  const id = randomUUID();
  await ussdPush(id);
  const again = await ussdPush(id);
  assert.equal(again.body.status.success, false);
  assert.equal(again.body.status.result_code, 'ESB000041');
  await callbackFor(id, 'the callback');
  assert.equal((await sim.ledger('airtel')).filter((c) => c.merchantReference === id).length, 1);
});

test(`${CLIENT}: the payer declines (insufficient funds): callback TF, enquiry TF, nothing charged`, async () => {
  await sim.addFault('airtel', { kind: 'Decline', code: 'DP00800001007' });
  const id = randomUUID();
  try {
    const push = await ussdPush(id);
    assert.equal(push.body.status.success, true); // accepted: the payer answers on the phone
    const callback = await callbackFor(id, 'the decline callback');
    assert.equal(callback.json.transaction.status_code, 'TF');
  } finally {
    await sim.clearFaults('airtel');
  }
  const answer = await enquiry(id);
  assert.equal(answer.data.transaction.status, 'TF');
  assert.equal(answer.status.response_code, 'DP00800001007');
  assert.ok(!(await sim.ledger('airtel')).some((c) => c.merchantReference === id));
});

test(`${CLIENT}: the payer refuses the prompt (control port): callback TF, enquiry TF with DP00800001008`, async () => {
  await sim.post('/airtel/payer?delayMs=600000'); // the simulated payer waits; the test answers
  const id = randomUUID();
  try {
    assert.equal((await ussdPush(id)).body.status.success, true);
    assert.equal((await enquiry(id)).data.transaction.status, 'TIP');
    await sim.post(`/airtel/transactions/${id}/decline?code=DP00800001008`);
  } finally {
    await sim.post('/airtel/payer?delayMs=300');
  }
  assert.equal((await callbackFor(id, 'the refusal callback')).json.transaction.status_code, 'TF');
  const answer = await enquiry(id);
  assert.equal(answer.data.transaction.status, 'TF');
  assert.equal(answer.status.response_code, 'DP00800001008');
});

test(`${CLIENT}: an unknown transaction id is not found (ESB000045)`, async () => {
  const answer = await enquiry(randomUUID());
  assert.equal(answer.status.success, false);
  assert.equal(answer.status.result_code, 'ESB000045');
});

test(`${CLIENT}: Airtel answering 503: nothing created, enquiry says not found`, async () => {
  const id = randomUUID();
  await sim.addFault('airtel', { kind: 'Http503' });
  try {
    assert.equal((await ussdPush(id)).http, 503);
  } finally {
    await sim.clearFaults('airtel');
  }
  assert.equal((await enquiry(id)).status.result_code, 'ESB000045');
});

test(`${CLIENT}: Airtel down refuses connections until it is up`, async () => {
  await sim.down('airtel');
  try {
    await assert.rejects(ussdPush(randomUUID()), (error) => /fetch failed/.test(error.message) && /ECONNREFUSED/.test(String(error.cause?.code ?? error.cause)));
  } finally {
    await sim.up('airtel');
  }
  await eventually(async () => (await ussdPush(randomUUID())).body.status?.success === true, { what: 'Airtel back up' });
});
