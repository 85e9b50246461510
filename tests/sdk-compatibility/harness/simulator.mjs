// Starts the real standalone simulator process (samples/ProviderSimulator) with a local callback server, and routes the
// providers' real hosts to it. One simulator per suite file: faults added by one suite never reach another.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCallbackServer } from './callbacks.mjs';
import { redirectHosts, clearRedirects } from './redirect.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repository = path.resolve(here, '..', '..', '..');

/** The providers' real hosts (as the SDKs hard-code them), by the simulator's provider name. */
export const providerHosts = {
  mpesa: ['sandbox.safaricom.co.ke', 'api.safaricom.co.ke'],
  paystack: ['api.paystack.co'],
  pesapal: ['cybqa.pesapal.com', 'pay.pesapal.com'],
  airtel: ['openapiuat.airtel.africa', 'openapi.airtel.africa'],
};

function simulatorCommand() {
  // PROVIDER_SIMULATOR_DLL is set by tests/Resilience.Payments.SdkCompatibility.Tests; by hand, the Debug build is used.
  const dll = process.env.PROVIDER_SIMULATOR_DLL
    ?? ['Debug', 'Release'].map((c) => path.join(repository, 'samples', 'ProviderSimulator', 'bin', c, 'net10.0', 'ProviderSimulator.dll')).find(existsSync);
  if (dll) return { command: 'dotnet', args: [dll] };
  return { command: 'dotnet', args: ['run', '--project', path.join(repository, 'samples', 'ProviderSimulator'), '--'] };
}

/**
 * Starts a simulator. Returns { apis, control, callbacks, addFault, clearFaults, down, up, get, post, stop }.
 * `apis` is the control port's GET / (base URLs and credentials per provider).
 */
export async function startSimulator({ args = [], timeoutMs = 60000 } = {}) {
  const callbacks = await startCallbackServer();
  const { command, args: commandArgs } = simulatorCommand();
  const child = spawn(command, [...commandArgs, '--port', '0', '--callbacks', callbacks.url, ...args], {
    cwd: repository,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DOTNET_NOLOGO: '1', Logging__LogLevel__Default: 'Warning' },
  });
  let output = '';
  const control = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The simulator did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const match = /control (http:\/\/[^\s]+\/)/.exec(output);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`The simulator exited with ${code} before it started:\n${output}`)); });
  });
  child.removeAllListeners('exit');

  const get = async (relative) => {
    const response = await originalFetch(new URL(relative, control));
    if (!response.ok) throw new Error(`GET ${relative}: HTTP ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  };
  const send = async (method, relative, body) => {
    const response = await originalFetch(new URL(relative, control), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${relative}: HTTP ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const apis = await get('/');
  const map = {};
  for (const [provider, hosts] of Object.entries(providerHosts)) {
    for (const host of hosts) map[host] = apis[provider].baseUrl;
  }
  redirectHosts(map);

  return {
    apis,
    control,
    callbacks,
    get,
    post: (relative, body) => send('POST', relative, body),
    /** Adds a fault: { kind: 'Http503' | 'RateLimited' | 'Decline' | 'Slow' | ..., rate, code, latencyMs, seconds }. */
    addFault: (provider, fault) => send('POST', `/faults/${provider}`, fault),
    /** Clears a provider's faults and brings its server up. */
    clearFaults: (provider) => send('DELETE', `/faults/${provider}`),
    down: (provider) => send('POST', `/down/${provider}`),
    up: (provider) => send('POST', `/up/${provider}`),
    ledger: (provider) => get(`/ledgers/${provider}`),
    async stop() {
      clearRedirects();
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) { resolve(); return; }
        const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 5000);
        child.on('exit', () => { clearTimeout(timer); resolve(); });
      });
      await callbacks.close();
    },
  };
}

/** fetch as it was before the redirect (the control port is reached directly). */
const originalFetch = globalThis.fetch;

/** Polls `probe` until it returns a truthy value, or throws after timeoutMs (real time: the simulator is another process). */
export async function eventually(probe, { timeoutMs = 30000, intervalMs = 100, what = 'the condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
