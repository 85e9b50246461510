// What the Daraja suites do the same way: wait for an STK push's callback at the local server, read its CallbackMetadata, and
// catch an axios-based SDK's refusal.
import assert from 'node:assert/strict';

/** The stkCallback posted for `checkoutRequestId`, once it has arrived at the local server. */
export function stkCallbackOf(sim, checkoutRequestId) {
  return sim.callbacks.waitFor((c) => c.json?.Body?.stkCallback?.CheckoutRequestID === checkoutRequestId, { what: `the stkCallback of ${checkoutRequestId}` });
}

/** The stkCallback's CallbackMetadata items by name (empty when the payment failed). */
export function items(stkCallback) {
  return Object.fromEntries((stkCallback.CallbackMetadata?.Item ?? []).map((i) => [i.Name, i.Value]));
}

/** Runs an SDK call expected to be refused over HTTP and returns axios's error response ({ status, data }). */
export async function refused(call) {
  try {
    await call();
  } catch (error) {
    assert.ok(error.response, `expected an HTTP refusal, got ${error.message}`);
    return error.response;
  }
  assert.fail('the call succeeded');
}
