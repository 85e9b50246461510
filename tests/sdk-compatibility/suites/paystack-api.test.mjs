// paystack-api@2.0.6 (npm "paystack-api", github.com/pariola/paystack), driven as its README shows:
//   const paystack = require("paystack-api")("secret_key"); paystack.{resource}.{method}({ ...params }).then(...)
// and its webhook helper paystack.Events (events.on(name, handler); events.middleware(req, res)), against the standalone
// simulator: initialize with only email and amount, the checkout paid through the simulator's page, the signed webhook
// accepted by the SDK's own Events helper, verify, chargeAuth of the saved card, an M-Pesa charge (charge.charge) checked with
// charge.checkCharge while pending and after, a refund (refund.create, refund.get, refund.list) with its refund.processed
// webhook; failure paths: a wrong secret key, an unknown reference, a duplicate reference, 503 and 429 faults, a declined card,
// an abandoned checkout. This SDK (request-promise) rejects on a non-2xx answer with a StatusCodeError (statusCode, error: body).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import PaystackApi from 'paystack-api';
import { startSimulator, eventually } from '../harness/simulator.mjs';
import { signedWebhook, pressCheckout } from '../harness/paystack.mjs';

const SDK = 'paystack-api@2.0.6';
let sim;
let paystack;
let secret;

before(async () => {
  sim = await startSimulator();
  secret = sim.apis.paystack.secretKey;
  paystack = PaystackApi(secret);
});
after(async () => { await sim?.stop(); });

/** The webhook `event` whose data `matches`, once arrived, its signature checked with the secret key over the raw body. */
const webhook = (event, matches) => signedWebhook(sim, secret, event, matches);

/** What the SDK rejects with on a non-2xx answer: { statusCode, body }. */
async function refusal(promise) {
  try {
    await promise;
  } catch (error) {
    return { statusCode: error.statusCode, body: error.error };
  }
  assert.fail('the SDK resolved; a refusal was expected');
}

let paid; // { reference, id, authorization }

test(`${SDK}: transaction.initialize (amount as a string, metadata, channels, an unknown field), paid on the checkout page; the SDK's Events helper accepts the signed webhook; verify`, async () => {
  const { status, data } = await paystack.transaction.initialize({
    email: 'payer@example.com',
    amount: '50000',
    callback_url: `${sim.callbacks.url}return?order=7&lang=sw`,
    metadata: { note: 'Tom & Jerry <tj@example.com> +254 "ndiyo" é', custom_fields: [{ display_name: 'Plate', variable_name: 'plate', value: 'KCA 123X' }] },
    channels: ['card', 'mobile_money'],
    unknown_field: true,
  });
  assert.equal(status, true);
  const back = await pressCheckout(data.authorization_url, 'pay');
  assert.equal(back.searchParams.get('order'), '7', 'the callback_url keeps its own query');
  assert.equal(back.searchParams.get('trxref'), data.reference);

  const received = await webhook('charge.success', (d) => d.reference === data.reference);
  // The README's webhook helper: it checks the signature over JSON.stringify(req.body), so the simulator's body must be
  // byte for byte what JSON.stringify makes of it. (Bound here: passed unbound, as in the README's Express line, it loses its key.)
  const events = paystack.Events;
  const heard = new Promise((resolve) => { events.on('charge.success', (d) => { if (d.reference === data.reference) resolve(d); }); });
  let sent;
  events.middleware.call(events, { body: JSON.parse(received.body), headers: received.headers }, { sendStatus: (code) => { sent = code; } });
  assert.equal(sent, 200);
  const event = await heard;
  assert.equal(event.amount, 50000);
  assert.equal(event.metadata.note, 'Tom & Jerry <tj@example.com> +254 "ndiyo" é');

  const verified = await paystack.transaction.verify({ reference: data.reference });
  assert.equal(verified.data.status, 'success');
  assert.equal(verified.data.fees, 1450);
  assert.equal(verified.data.channel, 'card');
  paid = { reference: data.reference, id: verified.data.id, authorization: verified.data.authorization.authorization_code };
  assert.equal((await paystack.transaction.get({ id: paid.id })).data.reference, data.reference);
});

test(`${SDK}: transaction.chargeAuth charges the saved card`, async () => {
  const charged = await paystack.transaction.chargeAuth({ authorization_code: paid.authorization, email: 'payer@example.com', amount: 12000, reference: 'renewal-1' });
  assert.equal(charged.data.status, 'success');
  assert.equal(charged.data.reference, 'renewal-1');
  await webhook('charge.success', (d) => d.reference === 'renewal-1');
});

test(`${SDK}: charge.charge by M-Pesa is pay_offline, charge.checkCharge follows it to success`, async () => {
  const charged = await paystack.charge.charge({ email: 'payer@example.com', amount: 20000, mobile_money: { phone: '+254710000000', provider: 'mpesa' } });
  assert.equal(charged.data.status, 'pay_offline');
  assert.match(charged.data.reference, /^[a-z0-9]{15}$/, 'a reference Paystack generated');
  const reference = charged.data.reference;
  const first = await paystack.charge.checkCharge({ reference });
  assert.ok(['pay_offline', 'success'].includes(first.data.status), first.data.status);
  await webhook('charge.success', (d) => d.reference === reference);
  const after = await eventually(async () => { const r = await paystack.charge.checkCharge({ reference }); return r.data.status === 'success' && r; }, { what: 'the charge paid' });
  assert.equal(after.data.authorization.channel, 'mobile_money');
  assert.equal(after.data.authorization.mobile_money_number, '254710000000');
  assert.equal(after.data.fees, 300, "Paystack's Kenyan M-PESA fee: 1.5%");
});

test(`${SDK}: refund.create, refund.get and refund.list, with the refund.processed webhook`, async () => {
  const created = await paystack.refund.create({ transaction: paid.reference, amount: 20000 });
  assert.equal(created.status, true);
  const id = created.data.id;
  await webhook('refund.processed', (d) => d.id === id);
  assert.equal((await paystack.refund.get({ trans_id: id })).data.status, 'processed');
  assert.ok((await paystack.refund.list({ currency: 'KES' })).data.some((r) => r.id === id));
  const excess = await refusal(paystack.refund.create({ transaction: paid.reference, amount: 40000 }));
  assert.equal(excess.statusCode, 400);
});

test(`${SDK}: a wrong secret key is refused 401 "Invalid key"`, async () => {
  // The SDK keeps its resources on the shared prototype: the last instance created holds the key of every instance.
  const wrong = PaystackApi('sk_test_wrong');
  try {
    assert.deepEqual(await refusal(wrong.transaction.initialize({ email: 'payer@example.com', amount: 100 })), { statusCode: 401, body: { status: false, message: 'Invalid key' } });
  } finally {
    paystack = PaystackApi(secret);
  }
});

test(`${SDK}: verify of an unknown reference is 404`, async () => {
  const answer = await refusal(paystack.transaction.verify({ reference: 'never-initialized-2' }));
  assert.equal(answer.statusCode, 404);
  assert.equal(answer.body.message, 'Transaction reference not found');
});

test(`${SDK}: a reused reference is refused 400`, async () => {
  const answer = await refusal(paystack.transaction.chargeAuth({ authorization_code: paid.authorization, email: 'payer@example.com', amount: 12000, reference: 'renewal-1' }));
  assert.equal(answer.statusCode, 400);
  assert.equal(answer.body.status, false);
});

test(`${SDK}: 503 and 429 from the simulator's faults`, async () => {
  await sim.addFault('paystack', { kind: 'Http503' });
  assert.equal((await refusal(paystack.transaction.verify({ reference: paid.reference }))).statusCode, 503);
  await sim.clearFaults('paystack');
  await sim.addFault('paystack', { kind: 'RateLimited' });
  assert.equal((await refusal(paystack.charge.charge({ email: 'payer@example.com', amount: 100, mobile_money: { phone: '+254710000000', provider: 'mpesa' } }))).statusCode, 429);
  await sim.clearFaults('paystack');
});

test(`${SDK}: a declined saved card answers failed with the gateway response`, async () => {
  await sim.addFault('paystack', { kind: 'Decline', code: 'Insufficient Funds' });
  try {
    const charged = await paystack.transaction.chargeAuth({ authorization_code: paid.authorization, email: 'payer@example.com', amount: 12000 });
    assert.equal(charged.data.status, 'failed');
    assert.equal(charged.data.gateway_response, 'Insufficient Funds');
  } finally {
    await sim.clearFaults('paystack');
  }
});

test(`${SDK}: a checkout cancelled by the payer stays abandoned`, async () => {
  const { data } = await paystack.transaction.initialize({ email: 'payer@example.com', amount: 700, callback_url: `${sim.callbacks.url}return` });
  const back = await pressCheckout(data.authorization_url, 'cancel');
  assert.equal(back.searchParams.get('reference'), data.reference);
  assert.equal((await paystack.transaction.verify({ reference: data.reference })).data.status, 'abandoned');
});

test(`${SDK}: checkouts declined and abandoned through the control port (no browser)`, async () => {
  const declined = (await paystack.transaction.initialize({ email: 'payer@example.com', amount: 800 })).data;
  const abandoned = (await paystack.transaction.initialize({ email: 'payer@example.com', amount: 900 })).data;
  await sim.post(`/paystack/checkout/${encodeURIComponent(declined.reference)}/decline`);
  await sim.post(`/paystack/checkout/${encodeURIComponent(abandoned.reference)}/abandon`);
  await webhook('charge.failed', (d) => d.reference === declined.reference);
  assert.equal((await paystack.transaction.verify({ reference: declined.reference })).data.status, 'failed');
  assert.equal((await paystack.transaction.verify({ reference: abandoned.reference })).data.status, 'abandoned');
  await assert.rejects(sim.post('/paystack/checkout/never-initialized-3/pay'), /HTTP 404/);
});
