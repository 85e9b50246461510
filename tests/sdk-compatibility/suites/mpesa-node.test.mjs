// mpesa-node@0.1.3 (Safaricom's own Node library, github.com/safaricom/mpesa-node-library) against the standalone simulator,
// driven as its README shows: new Mpesa({ consumerKey, consumerSecret, environment: 'sandbox', ... }), then
// lipaNaMpesaOnline(senderMsisdn, amount, callbackUrl, accountRef), lipaNaMpesaQuery(checkoutRequestId),
// reversal(transactionId, amount, queueUrl, resultUrl), transactionStatus(transactionId, receiverParty, idType, queueUrl, resultUrl).
// It takes a new OAuth token for every call and sends its 20-character default TransactionDesc ('Lipa na mpesa online').
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator, eventually } from '../harness/simulator.mjs';
import { stkCallbackOf as stkCallbackFor, items, refused } from '../harness/daraja.mjs';

const require = createRequire(import.meta.url);
const Mpesa = require('mpesa-node');
const SDK = 'mpesa-node@0.1.3';
const testMSISDN = 254708374149; // the README's test number, a number as the README passes it

let sim;
let mpesaApi;
let URL;
let certDir;
let paid; // { checkoutRequestId, receipt, amount }

before(async () => {
  sim = await startSimulator();
  URL = sim.callbacks.url.replace(/\/$/, '');
  const { consumerKey, consumerSecret, businessShortCode, passkey } = sim.apis.mpesa;
  const initiator = await sim.get('/mpesa/initiator');
  // The README's certPath: the simulator's certificate stands for Safaricom's (the bundled keys/sandbox-cert.cer would
  // encrypt the initiator password for Safaricom's private key, which only Safaricom holds).
  certDir = mkdtempSync(path.join(tmpdir(), 'mpesa-node-'));
  const certPath = path.join(certDir, 'simulator-cert.cer');
  writeFileSync(certPath, initiator.certificatePem);
  mpesaApi = new Mpesa({
    consumerKey,
    consumerSecret,
    environment: 'sandbox',
    shortCode: businessShortCode,
    initiatorName: initiator.initiatorName,
    lipaNaMpesaShortCode: Number(businessShortCode),
    lipaNaMpesaShortPass: passkey,
    securityCredential: initiator.initiatorPassword,
    certPath,
  });
});

after(async () => {
  await sim?.stop();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

const stkCallbackOf = (id) => stkCallbackFor(sim, id);

test(`${SDK}: STK push with the README's defaults (a 20-character TransactionDesc) is accepted, paid, and its callback arrives`, async () => {
  const accountRef = Math.random().toString(35).substr(2, 7); // as the README makes it
  const { data } = await mpesaApi.lipaNaMpesaOnline(testMSISDN, 100, URL + '/lipanampesa/success', accountRef);
  assert.equal(data.ResponseCode, '0');
  assert.match(data.CheckoutRequestID, /^ws_CO_/);

  const callback = await stkCallbackOf(data.CheckoutRequestID);
  assert.equal(callback.path, '/lipanampesa/success');
  const stk = callback.json.Body.stkCallback;
  assert.equal(stk.ResultCode, 0);
  const metadata = items(stk);
  assert.equal(metadata.Amount, 100);
  assert.equal(metadata.PhoneNumber, testMSISDN);
  assert.match(metadata.MpesaReceiptNumber, /^[A-Z0-9]{10}$/);

  const ledger = await sim.ledger('mpesa');
  const charge = ledger.find((c) => c.providerReference === data.CheckoutRequestID);
  assert.equal(charge.amount, 100);
  assert.equal(charge.merchantReference, accountRef);
  assert.equal(charge.receipt, metadata.MpesaReceiptNumber);
  paid = { checkoutRequestId: data.CheckoutRequestID, receipt: metadata.MpesaReceiptNumber, amount: 100 };
});

test(`${SDK}: lipaNaMpesaQuery reports the paid push as its own integration test expects`, async () => {
  const { data } = await mpesaApi.lipaNaMpesaQuery(paid.checkoutRequestId);
  assert.match(data.ResponseDescription, /The service request has been accepted successsfully/); // Daraja's spelling
  assert.equal(data.ResultCode, '0');
  assert.equal(data.CheckoutRequestID, paid.checkoutRequestId);
});

test(`${SDK}: two concurrent pushes, each with its own new token, both succeed`, async () => {
  const answers = await Promise.all([
    mpesaApi.lipaNaMpesaOnline(testMSISDN, 10, URL + '/lipanampesa/success', 'CONC1'),
    mpesaApi.lipaNaMpesaOnline(testMSISDN, 20, URL + '/lipanampesa/success', 'CONC2'),
  ]);
  for (const { data } of answers) assert.equal(data.ResponseCode, '0');
  await Promise.all(answers.map(({ data }) => stkCallbackOf(data.CheckoutRequestID)));
});

test(`${SDK}: the payer cancels (ResultCode 1032): the callback says so, the query too, nothing is charged`, async () => {
  await sim.addFault('mpesa', { kind: 'Decline', code: '1032' });
  try {
    const { data } = await mpesaApi.lipaNaMpesaOnline(testMSISDN, 100, URL + '/lipanampesa/success', 'CANCEL1');
    const stk = (await stkCallbackOf(data.CheckoutRequestID)).json.Body.stkCallback;
    assert.equal(stk.ResultCode, 1032);
    assert.equal(stk.ResultDesc, 'Request cancelled by user');
    assert.equal(stk.CallbackMetadata, undefined);
    const query = (await mpesaApi.lipaNaMpesaQuery(data.CheckoutRequestID)).data;
    assert.equal(query.ResultCode, '1032');
    assert.equal((await sim.ledger('mpesa')).some((c) => c.providerReference === data.CheckoutRequestID), false);
  } finally {
    await sim.clearFaults('mpesa');
  }
});

test(`${SDK}: insufficient funds (ResultCode 1) arrives in the callback`, async () => {
  await sim.addFault('mpesa', { kind: 'Decline', code: '1' });
  try {
    const { data } = await mpesaApi.lipaNaMpesaOnline(testMSISDN, 100, URL + '/lipanampesa/success', 'POOR1');
    const stk = (await stkCallbackOf(data.CheckoutRequestID)).json.Body.stkCallback;
    assert.equal(stk.ResultCode, 1);
    assert.equal(stk.ResultDesc, 'The balance is insufficient for the transaction.');
  } finally {
    await sim.clearFaults('mpesa');
  }
});

test(`${SDK}: Daraja down (HTTP 503) and spike arrest (500.003.02) reject the push; nothing is charged`, async () => {
  const before = (await sim.ledger('mpesa')).length;
  await sim.addFault('mpesa', { kind: 'Http503' });
  try {
    const down = await refused(() => mpesaApi.lipaNaMpesaOnline(testMSISDN, 100, URL + '/lipanampesa/success', 'DOWN1'));
    assert.equal(down.status, 503);
  } finally {
    await sim.clearFaults('mpesa');
  }
  await sim.addFault('mpesa', { kind: 'RateLimited' });
  try {
    const spike = await refused(() => mpesaApi.lipaNaMpesaOnline(testMSISDN, 100, URL + '/lipanampesa/success', 'SPIKE1'));
    assert.equal(spike.status, 500);
    assert.equal(spike.data.errorCode, '500.003.02');
  } finally {
    await sim.clearFaults('mpesa');
  }
  assert.equal((await sim.ledger('mpesa')).length, before);
});

test(`${SDK}: a wrong consumer secret is refused at OAuth (400.008.01)`, async () => {
  const { consumerKey } = sim.apis.mpesa;
  const wrong = new Mpesa({ consumerKey, consumerSecret: 'not-the-secret', environment: 'sandbox' });
  const response = await refused(() => wrong.oAuth());
  assert.equal(response.status, 400);
  assert.equal(response.data.errorCode, '400.008.01');
});

test(`${SDK}: a wrong passkey is "Wrong credentials" (500.001.1001)`, async () => {
  const { businessShortCode } = sim.apis.mpesa;
  const response = await refused(() => mpesaApi.lipaNaMpesaOnline(testMSISDN, 100, URL + '/lipanampesa/success', 'BADPASS', undefined, undefined, businessShortCode, 'not-the-passkey'));
  assert.equal(response.status, 500);
  assert.equal(response.data.errorCode, '500.001.1001');
  assert.equal(response.data.errorMessage, 'Wrong credentials');
});

test(`${SDK}: the query of an unknown CheckoutRequestID is refused (400.002.02)`, async () => {
  const response = await refused(() => mpesaApi.lipaNaMpesaQuery('ws_co_123456789')); // the README's example id
  assert.equal(response.status, 400);
  assert.equal(response.data.errorCode, '400.002.02');
  assert.equal(response.data.errorMessage, 'Bad Request - Invalid CheckoutRequestID');
});

test(`${SDK}: transactionStatus of the paid receipt posts Completed to the ResultURL`, async () => {
  const { shortCode } = mpesaApi.configs;
  const { data } = await mpesaApi.transactionStatus(paid.receipt, shortCode, 4, URL + '/transactionstatus/timeout', URL + '/transactionstatus/success');
  assert.equal(data.ResponseCode, '0');
  const result = (await sim.callbacks.waitFor((c) => c.path === '/transactionstatus/success' && c.json?.Result?.OriginatorConversationID === data.OriginatorConversationID)).json.Result;
  assert.equal(result.ResultCode, 0);
  const parameters = Object.fromEntries(result.ResultParameters.ResultParameter.map((p) => [p.Key, p.Value]));
  assert.equal(parameters.TransactionStatus, 'Completed');
  assert.equal(parameters.ReceiptNo, paid.receipt);
});

test(`${SDK}: reversal of the paid receipt gives the money back, and a second one is refused (R000001)`, async () => {
  const first = (await mpesaApi.reversal(paid.receipt, paid.amount, URL + '/reversal/timeout', URL + '/reversal/success')).data;
  assert.equal(first.ResponseCode, '0');
  const result = (await sim.callbacks.waitFor((c) => c.path === '/reversal/success' && c.json?.Result?.OriginatorConversationID === first.OriginatorConversationID, { what: 'the reversal result' })).json.Result;
  assert.equal(result.ResultCode, 0);
  await eventually(async () => (await sim.get("/refunds/mpesa")).some((r) => r.chargeReference === paid.receipt), { what: 'the refund in the ledger' });

  const second = (await mpesaApi.reversal(paid.receipt, paid.amount, URL + '/reversal/timeout', URL + '/reversal/success')).data;
  const refusal = (await sim.callbacks.waitFor((c) => c.json?.Result?.OriginatorConversationID === second.OriginatorConversationID, { what: 'the second reversal result' })).json.Result;
  assert.equal(refusal.ResultCode, 'R000001');
});

test(`${SDK}: the README's reversal example ('LKXXXX1234') gets Daraja's "The OriginalTransactionID is invalid."`, async () => {
  const { data } = await mpesaApi.reversal('LKXXXX1234', 100, URL + '/reversal/timeout', URL + '/reversal/success');
  const result = (await sim.callbacks.waitFor((c) => c.json?.Result?.OriginatorConversationID === data.OriginatorConversationID)).json.Result;
  assert.match(result.ResultDesc, /The OriginalTransactionID is invalid./); // what its own integration test expects of the sandbox
});

test(`${SDK}: with Safaricom's certificate bundled in the package the simulator cannot read the credential: result 2001`, async () => {
  const bundled = path.join(path.dirname(require.resolve('mpesa-node/package.json')), 'keys', 'sandbox-cert.cer');
  const { consumerKey, consumerSecret, businessShortCode } = sim.apis.mpesa;
  const initiator = await sim.get('/mpesa/initiator');
  const withSafaricomCertificate = new Mpesa({
    consumerKey, consumerSecret, environment: 'sandbox', shortCode: businessShortCode,
    initiatorName: initiator.initiatorName, securityCredential: initiator.initiatorPassword, certPath: bundled,
  });
  const { data } = await withSafaricomCertificate.reversal('LKXXXX1234', 100, URL + '/reversal/timeout', URL + '/reversal/success');
  const result = (await sim.callbacks.waitFor((c) => c.json?.Result?.OriginatorConversationID === data.OriginatorConversationID)).json.Result;
  assert.equal(result.ResultCode, 2001);
  assert.equal(result.ResultDesc, 'The initiator information is invalid.');
});

test(`${SDK}: with the revocation fault on (control port), the token taken before the SDK's next call is refused (404.001.03)`, async () => {
  await sim.post('/mpesa/revoke-previous-tokens');
  try {
    const older = (await mpesaApi.oAuth()).data.access_token;
    const { data } = await mpesaApi.lipaNaMpesaOnline(testMSISDN, 1, URL + '/lipanampesa/success', 'REVOKE1'); // takes a new token
    assert.equal(data.ResponseCode, '0');
    const response = await fetch('https://sandbox.safaricom.co.ke/mpesa/stkpushquery/v1/query', {
      method: 'POST',
      headers: { Authorization: `Bearer ${older}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ CheckoutRequestID: data.CheckoutRequestID }),
    });
    assert.equal(response.status, 404);
    assert.equal((await response.json()).errorCode, '404.001.03');
  } finally {
    await fetch(sim.control + 'mpesa/revoke-previous-tokens', { method: 'DELETE' });
  }
  assert.equal((await mpesaApi.lipaNaMpesaQuery(paid.checkoutRequestId)).data.ResultCode, '0');
});
