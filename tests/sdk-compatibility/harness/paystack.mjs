// What both Paystack suites do the same way: wait for a signed webhook and check its signature, and press a button of the
// simulator's checkout page as a browser would (fetch the page, find the form, post it, read the redirect).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';

/**
 * The first webhook `event` whose data `matches`, once it has arrived at the local server; its `x-paystack-signature` is
 * checked to be the HMAC-SHA512 of the raw body keyed with `secret`. Returns the received callback ({ body, json, headers }).
 */
export async function signedWebhook(sim, secret, event, matches) {
  const received = await sim.callbacks.waitFor((c) => c.path === '/paystack' && c.json?.event === event && matches(c.json.data), { what: event });
  const expected = crypto.createHmac('sha512', secret).update(received.body).digest('hex');
  assert.equal(received.headers['x-paystack-signature'], expected, 'x-paystack-signature is the HMAC-SHA512 of the raw body keyed with the secret key');
  return received;
}

/** Opens the checkout page of `authorizationUrl` and presses its button (`pay` or `cancel`); returns the redirect's Location. */
export async function pressCheckout(authorizationUrl, button) {
  const page = await fetch(authorizationUrl);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /text\/html/);
  const html = await page.text();
  const action = [...html.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1]).find((a) => a.endsWith(`/${button}`));
  assert.ok(action, `the checkout page has a ${button} form`);
  const answer = await fetch(new URL(action, authorizationUrl), { method: 'POST', redirect: 'manual' });
  assert.equal(answer.status, 302);
  return new URL(answer.headers.get('location'));
}
