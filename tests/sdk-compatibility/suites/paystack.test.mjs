// paystack@2.0.1 (npm "paystack", github.com/kehers/paystack), driven as its README shows:
//   var paystack = require('paystack')('secret_key'); paystack.{resource}.{method}(body).then(...)
// against the standalone simulator: initialize with only email and amount, the checkout paid through the simulator's own page,
// the signed charge.success webhook, verify, fetch by id, charge_authorization of the card the checkout saved; failure paths:
// a wrong secret key, an unknown reference, a duplicate reference, 503 and 429 faults, a declined card, an abandoned checkout.
// This SDK's promise resolves with Paystack's error body ({ status: false, message }) instead of rejecting: its own code
// catches the rejection and returns the reason (index.js), so the failures are asserted on what it resolves with.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Paystack from 'paystack';
import { startSimulator, eventually } from '../harness/simulator.mjs';
import { signedWebhook, pressCheckout } from '../harness/paystack.mjs';

const SDK = 'paystack@2.0.1';
let sim;
let paystack;
let secret;

before(async () => {
  sim = await startSimulator();
  secret = sim.apis.paystack.secretKey;
  paystack = Paystack(secret);
});
after(async () => { await sim?.stop(); });

/** The webhook of `reference` with `event`, once it has arrived at the local server, its signature checked with the secret key. */
async function webhook(reference, event) {
  return (await signedWebhook(sim, secret, event, (data) => data?.reference === reference)).json;
}

let paid; // the checkout paid in the first test: { reference, authorization }

test(`${SDK}: transaction.initialize with only email and amount, paid on the checkout page, webhook, verify`, async () => {
  const callbackUrl = `${sim.callbacks.url}return/order-1`;
  const initialized = await paystack.transaction.initialize({ email: 'payer@example.com', amount: 25000, callback_url: callbackUrl, metadata: { order: 'order-1' } });
  assert.equal(initialized.status, true, JSON.stringify(initialized));
  const { authorization_url: authorizationUrl, access_code: accessCode, reference } = initialized.data;
  assert.match(reference, /^[a-z0-9]{10}$/, 'a reference Paystack generated');
  assert.ok(authorizationUrl.endsWith(`/checkout/${accessCode}`), authorizationUrl);

  const before = await paystack.transaction.verify(reference);
  assert.equal(before.data.status, 'abandoned');
  assert.equal(before.data.currency, 'KES', "the integration's currency");

  const back = await pressCheckout(authorizationUrl, 'pay');
  assert.equal(back.origin + back.pathname, callbackUrl);
  assert.equal(back.searchParams.get('trxref'), reference);
  assert.equal(back.searchParams.get('reference'), reference);

  const event = await webhook(reference, 'charge.success');
  assert.equal(event.data.amount, 25000);
  assert.equal(event.data.customer.email, 'payer@example.com');
  assert.deepEqual(event.data.metadata, { order: 'order-1' });

  const verified = await paystack.transaction.verify(reference);
  assert.equal(verified.message, 'Verification successful');
  const data = verified.data;
  assert.equal(data.status, 'success');
  assert.equal(data.amount, 25000);
  assert.equal(data.requested_amount, 25000);
  assert.equal(data.currency, 'KES');
  assert.equal(data.fees, 725, "Paystack's Kenyan card fee: 2.9%");
  assert.ok(data.paid_at && data.paidAt && data.created_at && data.createdAt);
  assert.match(data.customer.customer_code, /^CUS_/);
  assert.equal(data.authorization.reusable, true);
  assert.equal(data.authorization.last4, '4081');
  assert.match(data.authorization.authorization_code, /^AUTH_/);
  assert.equal(data.log.success, true);
  paid = { reference, id: data.id, authorization: data.authorization.authorization_code };

  const fetched = await paystack.transaction.get(paid.id);
  assert.equal(fetched.data.reference, reference);
});

test(`${SDK}: transaction.charge (charge_authorization) charges the saved card at once, with its webhook`, async () => {
  assert.ok(paid, 'the checkout test ran first');
  const charged = await paystack.transaction.charge({ authorization_code: paid.authorization, email: 'payer@example.com', amount: '15000' });
  assert.equal(charged.status, true, JSON.stringify(charged));
  assert.equal(charged.message, 'Charge attempted');
  assert.equal(charged.data.status, 'success');
  assert.equal(charged.data.amount, 15000, 'an amount sent as a numeric string');
  assert.equal(charged.data.authorization.authorization_code, paid.authorization);
  assert.equal((await webhook(charged.data.reference, 'charge.success')).data.amount, 15000);
  const ledger = await eventually(async () => (await sim.ledger('paystack')).find((c) => c.merchantReference === charged.data.reference), { what: 'the charge in the ledger' });
  assert.equal(ledger.amount, 150);
});

test(`${SDK}: a wrong secret key is refused 401 "Invalid key"`, async () => {
  // The SDK keeps its resources on the shared prototype: the last instance created holds the key of every instance.
  const wrong = Paystack('sk_test_wrong');
  try {
    assert.deepEqual(await wrong.transaction.initialize({ email: 'payer@example.com', amount: 25000 }), { status: false, message: 'Invalid key' });
  } finally {
    paystack = Paystack(secret);
  }
});

test(`${SDK}: verify of an unknown reference says so`, async () => {
  const answer = await paystack.transaction.verify('never-initialized-1');
  assert.equal(answer.status, false);
  assert.equal(answer.message, 'Transaction reference not found');
});

test(`${SDK}: a reused reference is refused`, async () => {
  const first = await paystack.transaction.initialize({ email: 'payer@example.com', amount: 5000, reference: 'dup-ref-1' });
  assert.equal(first.status, true);
  const again = await paystack.transaction.initialize({ email: 'payer@example.com', amount: 5000, reference: 'dup-ref-1' });
  assert.deepEqual(again, { status: false, message: 'Duplicate Transaction Reference' });
});

test(`${SDK}: 503 and 429 from the simulator's faults, then served again`, async () => {
  await sim.addFault('paystack', { kind: 'Http503' });
  assert.deepEqual(await paystack.transaction.verify(paid.reference), { status: false, message: 'Service unavailable' });
  await sim.clearFaults('paystack');
  await sim.addFault('paystack', { kind: 'RateLimited' });
  assert.deepEqual(await paystack.transaction.initialize({ email: 'payer@example.com', amount: 5000 }), { status: false, message: 'Too many requests' });
  await sim.clearFaults('paystack');
  assert.equal((await paystack.transaction.verify(paid.reference)).data.status, 'success');
});

test(`${SDK}: a declined card on the checkout page fails the transaction, with a charge.failed webhook`, async () => {
  const { data } = await paystack.transaction.initialize({ email: 'payer@example.com', amount: 9900, callback_url: `${sim.callbacks.url}return/declined` });
  await sim.addFault('paystack', { kind: 'Decline', code: 'Declined' });
  try {
    const back = await pressCheckout(data.authorization_url, 'pay');
    assert.equal(back.searchParams.get('reference'), data.reference);
  } finally {
    await sim.clearFaults('paystack');
  }

  await webhook(data.reference, 'charge.failed');
  const verified = await paystack.transaction.verify(data.reference);
  assert.equal(verified.data.status, 'failed');
  assert.equal(verified.data.gateway_response, 'Declined');
  assert.equal(verified.data.fees, null);
});

test(`${SDK}: a checkout cancelled by the payer stays abandoned, without a webhook, and its cancel_action is honoured`, async () => {
  const cancelAction = `${sim.callbacks.url}cancelled`;
  const { data } = await paystack.transaction.initialize({ email: 'payer@example.com', amount: 4200, metadata: JSON.stringify({ cancel_action: cancelAction }) });
  const back = await pressCheckout(data.authorization_url, 'cancel');
  assert.equal(back.origin + back.pathname, cancelAction);
  const verified = await paystack.transaction.verify(data.reference);
  assert.equal(verified.data.status, 'abandoned');
  assert.equal(verified.data.log.history.at(-1).type, 'close');
  assert.ok(!sim.callbacks.received.some((c) => c.json?.data?.reference === data.reference), 'no webhook for an abandoned checkout');
});

test(`${SDK}: a checkout paid through the control port (no browser)`, async () => {
  const { data } = await paystack.transaction.initialize({ email: 'payer@example.com', amount: 3000 });
  await sim.post(`/paystack/checkout/${encodeURIComponent(data.reference)}/pay`);
  await webhook(data.reference, 'charge.success');
  assert.equal((await paystack.transaction.verify(data.reference)).data.status, 'success');
});
