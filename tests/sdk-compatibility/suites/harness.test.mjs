// The harness itself: the standalone simulator starts, the providers' hosts reach it, faults can be added and cleared,
// and callbacks reach the local server. Every SDK suite relies on these.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { startSimulator } from '../harness/simulator.mjs';

let sim;
before(async () => { sim = await startSimulator(); });
after(async () => { await sim?.stop(); });

function httpsGet(url) {
  return new Promise((resolve, reject) => {
    https.get(url, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    }).on('error', reject);
  });
}

test('control lists the four APIs on loopback', () => {
  for (const provider of ['mpesa', 'airtel', 'paystack', 'pesapal']) {
    assert.match(sim.apis[provider].baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/$/, provider);
  }
});

test('a provider host reached through https.get lands on the simulator', async () => {
  const response = await httpsGet('https://api.paystack.co/transaction/verify/nothing-here');
  assert.equal(response.status, 401); // no bearer key: Paystack's own refusal, from the simulator
  assert.equal(JSON.parse(response.body).status, false);
});

test('a provider host reached through fetch lands on the simulator', async () => {
  const response = await fetch('https://sandbox.safaricom.co.ke/oauth/v1/generate?grant_type=client_credentials', {
    headers: { Authorization: 'Basic ' + Buffer.from(`${sim.apis.mpesa.consumerKey}:${sim.apis.mpesa.consumerSecret}`).toString('base64') },
  });
  assert.equal(response.status, 200);
  assert.ok((await response.json()).access_token);
});

test('a 503 fault is served, then cleared', async () => {
  await sim.addFault('paystack', { kind: 'Http503' });
  assert.equal((await httpsGet('https://api.paystack.co/transaction/verify/x')).status, 503);
  await sim.clearFaults('paystack');
  assert.equal((await httpsGet('https://api.paystack.co/transaction/verify/x')).status, 401);
});

test('a bad fault names its field', async () => {
  await assert.rejects(sim.addFault('paystack', { kind: 'Sideways' }), /kind: 'Sideways'/);
});

test('a provider taken down refuses connections until it is up', async () => {
  await sim.down('paystack');
  await assert.rejects(httpsGet('https://api.paystack.co/transaction/verify/x'), /ECONNREFUSED/);
  await sim.up('paystack');
  assert.equal((await httpsGet('https://api.paystack.co/transaction/verify/x')).status, 401);
});
