// daraja.js@1.0.2 (npm "daraja.js", github.com/daraja-sdks/daraja.js, axios), driven as its README shows:
//   const app = new Mpesa({ consumerKey, consumerSecret, organizationShortCode, securityCredential });
//   await app.stkPush().amount(1).callbackURL(url).phoneNumber(254708374149).lipaNaMpesaPassKey(passkey).send();
//   app.stkPush().shortCode(code).checkoutRequestID(id).lipaNaMpesaPassKey(passkey).queryStatus();
//   app.transactionStatus()...queryStatus(); app.reversal()...send()
// against the standalone simulator. It sends its own defaults: TransactionDesc "Lipa na Mpesa Online" (20 characters),
// AccountReference "CompanyXLTD", Initiator "testapi", Reversal's "RecieverIdentifierType" (Daraja's own spelling).
// Defects of this SDK version the suite works around, not differences of the simulator (listed in docs/simulators.md): it
// resolves every HTTP 500 answer as an "okay" empty stub (so a wrong passkey looks accepted; the suite checks that nothing was
// charged), and with `certificatePath` it encrypts the initiator password after the constructor has copied the (still empty)
// credential, so the suite passes `securityCredential` encrypted with the simulator's certificate, as Daraja's portal makes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { startSimulator, eventually } from '../harness/simulator.mjs';
import { stkCallbackOf as stkCallbackFor, items, refused } from '../harness/daraja.mjs';

const require = createRequire(import.meta.url);
const { Mpesa } = require('daraja.js');
const SDK = 'daraja.js@1.0.2';
const phone = 254708374149; // the README's test number

let sim;
let app;
let passkey;
let shortCode;
let url;
let initiatorName;
let paid; // { checkoutRequestId, receipt }

before(async () => {
  sim = await startSimulator();
  url = sim.callbacks.url.replace(/\/$/, '');
  const { consumerKey, consumerSecret, businessShortCode } = sim.apis.mpesa;
  ({ passkey } = sim.apis.mpesa);
  shortCode = businessShortCode;
  const initiator = await sim.get('/mpesa/initiator');
  ({ initiatorName } = initiator); // the SDK's default, Safaricom's sandbox "testapi", is not the simulator's initiator (result 2001)
  const securityCredential = crypto.publicEncrypt({ key: initiator.certificatePem, padding: crypto.constants.RSA_PKCS1_PADDING }, Buffer.from(initiator.initiatorPassword)).toString('base64');
  app = new Mpesa({ consumerKey, consumerSecret, organizationShortCode: Number(businessShortCode), securityCredential });
});
after(async () => { await sim?.stop(); });

const stkCallbackOf = (id) => stkCallbackFor(sim, id);

test(`${SDK}: stkPush().send() with the README's chain and the SDK's defaults is accepted, paid, and its callback arrives`, async () => {
  const res = await app.stkPush().amount(1).callbackURL(`${url}/mpesa/stk`).phoneNumber(phone).lipaNaMpesaPassKey(passkey).send();
  assert.equal(res.isOkay(), true);
  const id = res.getTransactionID();
  assert.match(id, /^ws_CO_/);

  const callback = await stkCallbackOf(id);
  assert.equal(callback.path, '/mpesa/stk');
  const stk = callback.json.Body.stkCallback;
  assert.equal(stk.ResultCode, 0);
  const metadata = items(stk);
  assert.equal(metadata.Amount, 1);
  assert.equal(metadata.PhoneNumber, phone);
  const charge = (await sim.ledger('mpesa')).find((c) => c.providerReference === id);
  assert.equal(charge.amount, 1);
  assert.equal(charge.merchantReference, 'CompanyXLTD', "the SDK's default AccountReference (11 characters)");
  paid = { checkoutRequestId: id, receipt: metadata.MpesaReceiptNumber };
});

test(`${SDK}: stkPush().queryStatus() reports the paid push`, async () => {
  const res = await app.stkPush().shortCode(shortCode).checkoutRequestID(paid.checkoutRequestId).lipaNaMpesaPassKey(passkey).queryStatus();
  assert.equal(res.isOkay(), true);
  assert.equal(res.getResultCode(), '0');
});

test(`${SDK}: the payer cancels (ResultCode 1032): the callback says so and nothing is charged`, async () => {
  await sim.addFault('mpesa', { kind: 'Decline', code: '1032' });
  try {
    const id = (await app.stkPush().amount(5).callbackURL(`${url}/mpesa/stk`).phoneNumber(phone).lipaNaMpesaPassKey(passkey).send()).getTransactionID();
    const stk = (await stkCallbackOf(id)).json.Body.stkCallback;
    assert.equal(stk.ResultCode, 1032);
    assert.equal((await sim.ledger('mpesa')).some((c) => c.providerReference === id), false);
  } finally {
    await sim.clearFaults('mpesa');
  }
});

test(`${SDK}: transactionStatus().queryStatus() of the paid receipt posts Completed to the ResultURL`, async () => {
  const res = await app.transactionStatus().shortCode(shortCode).initiator(initiatorName).transactionID(paid.receipt)
    .timeoutURL(`${url}/status/timeout`).resultURL(`${url}/status/result`).queryStatus();
  assert.equal(res.getResponseCode(), '0');
  const result = (await sim.callbacks.waitFor((c) => c.path === '/status/result' && c.json?.Result?.ResultParameters, { what: 'the status result' })).json.Result;
  assert.equal(result.ResultCode, 0);
  const parameters = Object.fromEntries(result.ResultParameters.ResultParameter.map((p) => [p.Key, p.Value]));
  assert.equal(parameters.TransactionStatus, 'Completed');
  assert.equal(parameters.ReceiptNo, paid.receipt);
});

test(`${SDK}: reversal().send() of the paid receipt gives the money back`, async () => {
  const res = await app.reversal().amount(1).shortCode(shortCode).initiator(initiatorName).transactionID(paid.receipt)
    .resultURL(`${url}/reversal/result`).timeoutURL(`${url}/reversal/timeout`).send();
  assert.equal(res.isOkay(), true);
  const result = (await sim.callbacks.waitFor((c) => c.path === '/reversal/result', { what: 'the reversal result' })).json.Result;
  assert.equal(result.ResultCode, 0);
  await eventually(async () => (await sim.get('/refunds/mpesa')).some((r) => r.chargeReference === paid.receipt), { what: 'the refund in the ledger' });
});

test(`${SDK}: a wrong passkey is Daraja's 500 "Wrong credentials", which this SDK resolves as an empty okay stub: no prompt, no charge`, async () => {
  const before = (await sim.ledger('mpesa')).length;
  const res = await app.stkPush().amount(1).callbackURL(`${url}/mpesa/stk`).phoneNumber(phone).lipaNaMpesaPassKey('not-the-passkey').send();
  assert.equal(res.getTransactionID(), '', 'the SDK hides the 500; the CheckoutRequestID is empty');
  assert.equal((await sim.ledger('mpesa')).length, before);
});

test(`${SDK}: Daraja down (connections refused): the push is rejected, or resolved as this SDK's empty stub; nothing is charged`, async () => {
  // Which one depends on the SDK's token cache (3.6 s): a refused token request rejects; a refused push resolves the stub.
  const before = (await sim.ledger('mpesa')).length;
  await sim.down('mpesa');
  try {
    const outcome = await app.stkPush().amount(1).callbackURL(`${url}/mpesa/stk`).phoneNumber(phone).lipaNaMpesaPassKey(passkey).send()
      .then((res) => res.getTransactionID(), (error) => error);
    assert.ok(outcome === '' || /ECONNREFUSED/.test(String(outcome?.message)), String(outcome));
  } finally {
    await sim.up('mpesa');
  }
  assert.equal((await sim.ledger('mpesa')).length, before);
});

test(`${SDK}: HTTP 503 from Daraja's gateway rejects a status query with the response`, async () => {
  await app.stkPush().shortCode(shortCode).checkoutRequestID(paid.checkoutRequestId).lipaNaMpesaPassKey(passkey).queryStatus(); // a fresh token
  await sim.addFault('mpesa', { kind: 'Http503' });
  try {
    const outcome = await app.stkPush().shortCode(shortCode).checkoutRequestID(paid.checkoutRequestId).lipaNaMpesaPassKey(passkey).queryStatus()
      .then(() => assert.fail('resolved'), (error) => error);
    // The token request may be the one refused (the SDK then throws its own Error without the response).
    assert.ok(outcome.response?.status === 503 || /503/.test(String(outcome.message)), String(outcome));
  } finally {
    await sim.clearFaults('mpesa');
  }
});

test(`${SDK}: B2C and C2B, which the simulator does not serve, get Daraja's 404.001.01 "Resource not found"`, async () => {
  const b2c = await refused(() => app.b2c().amount(1).phoneNumber(phone).shortCode(shortCode).resultURL(`${url}/b2c`).timeoutURL(`${url}/b2c`).send());
  assert.equal(b2c.status, 404);
  assert.equal(b2c.data.errorCode, '404.001.01');
  const c2b = await refused(() => app.c2b().shortCode(shortCode).confirmationURL(`${url}/c2b`).validationURL(`${url}/c2b`).callbackURL(`${url}/c2b`).registerURLS());
  assert.equal(c2b.data.errorMessage, 'Resource not found');
});
