// `npm run bench:keycloak-down`: how long a read takes to fail while Keycloak accepts connections and never
// answers (docs/architecture.md#security-model, "Keycloak down"), with the sidecar's production settings: the
// adapter's 5 s call timeout and retries, the 8 s request deadline and the circuit breaker. The sidecar maps the
// resulting KeycloakUnavailableError to its 503 in the same tick, so these are the times to the 503. For
// comparison, the same read without deadline and breaker (before they existed). Times vary with the machine;
// the counts of calls that reached Keycloak do not.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { KeycloakAdminAdapter } from '@credman/sidecar/keycloak/admin-adapter';
import {
  BREAKER_COOL_DOWN_MS,
  BREAKER_FAILURE_THRESHOLD,
  CircuitBreaker,
} from '@credman/sidecar/keycloak/circuit-breaker';
import { DEFAULT_REQUEST_DEADLINE_MS, withDeadline } from '@credman/sidecar/request-deadline';

const CALL_TIMEOUT_MS = 5000; // CREDMAN_KEYCLOAK_TIMEOUT_MS's default
let reached = 0;
const hanging = createServer(() => {
  reached += 1;
});
await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${String((hanging.address() as AddressInfo).port)}`;

const adapter = (breaker?: CircuitBreaker) =>
  new KeycloakAdminAdapter({
    baseUrl: url,
    realm: 'credman',
    clientId: 'credman-sidecar',
    clientSecret: 'irrelevant',
    timeoutMs: CALL_TIMEOUT_MS,
    breaker,
  });

/** One read of an application, as a request handler makes it: its time to fail and the calls that reached Keycloak. */
async function failingRead(read: () => Promise<unknown>): Promise<string> {
  const before = reached;
  const t0 = performance.now();
  const failed = await read().then(
    () => false,
    () => true,
  );
  const ms = performance.now() - t0;
  if (!failed) throw new Error('a read against a hanging Keycloak succeeded');
  return `${ms.toFixed(0)} ms, ${String(reached - before)} call(s) reached Keycloak`;
}

const breaker = new CircuitBreaker({
  failureThreshold: BREAKER_FAILURE_THRESHOLD,
  coolDownMs: BREAKER_COOL_DOWN_MS,
  now: Date.now,
});
const production = adapter(breaker);
const inRequest = () =>
  withDeadline(DEFAULT_REQUEST_DEADLINE_MS, () => production.findClientByClientId('Partner-NL-Acme-DM'));
const lines = ['Keycloak hanging (accepts connections, never answers); production settings:'];
lines.push(`- first request: ${await failingRead(inRequest)}`);
for (let i = 2; i <= 5; i++) lines.push(`- request ${String(i)}: ${await failingRead(inRequest)}`);
lines.push(
  `- without deadline and breaker, one read: ${await failingRead(() => adapter().findClientByClientId('x'))}`,
);
hanging.closeAllConnections();
hanging.close();
process.stdout.write(`${lines.join('\n')}\n`);
