// Contract: how large a client attribute Keycloak keeps (docs/architecture.md#credman-attributes, the audit
// trail's size bound). A PUT with one attribute of the given size, then a GET of the client: on 26.7.3 with
// PostgreSQL the value comes back whole up to the HTTP body limit (Quarkus's 10 MiB); a larger PUT is 413 and
// changes nothing.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startContractTarget } from './target.ts';
import type { ContractTarget } from './target.ts';
import { adminFetch, createApplication, newSecret, uniqueClientId } from './admin-fixtures.ts';

let target: ContractTarget;
const created: string[] = [];

beforeAll(async () => {
  target = await startContractTarget();
});

afterAll(async () => {
  const admin = await target.admin();
  for (const id of created) await admin.clients.del({ id });
  await target.close();
});

const KIB = 1024;

/**
 * A PUT that sends its body only after the server's `100 Continue`. Quarkus refuses a body over its limit from
 * the Content-Length alone and closes the connection: a client that is still writing the body then fails with
 * EPIPE or gets the 413, depending on timing. Asking first makes the 413 the answer, whatever the load.
 */
function putAfterContinue(url: string, token: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const put = request(url, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        expect: '100-continue',
      },
    });
    put.on('continue', () => put.end(body));
    put.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
      // A refused body is never sent: drop the request rather than leave it half open.
      put.destroy();
    });
    put.on('error', reject);
    put.flushHeaders();
  });
}

async function roundTrip(size: number): Promise<{ put: number; kept: number | undefined }> {
  const kc = await target.admin();
  const clientId = uniqueClientId('Partner-XX-Contract-Size');
  const id = await createApplication(kc, { clientId, secret: newSecret(), markerRole: false });
  created.push(id);
  const value = 'a'.repeat(size);
  const token = kc.accessToken ?? '';
  const put = await putAfterContinue(
    `${target.baseUrl}/admin/realms/${encodeURIComponent(target.realm)}/clients/${id}`,
    token,
    JSON.stringify({ clientId, attributes: { 'credman.contract.size': value } }),
  );
  const read = await adminFetch(target, (await target.admin()).accessToken ?? '', `/clients/${id}`);
  const body = (await read.json()) as { attributes?: Record<string, string> };
  return { put, kept: body.attributes?.['credman.contract.size']?.length };
}

describe('client attribute size (contract)', () => {
  it('given one attribute of 64 KiB, 1 MiB or 9 MiB, then Keycloak keeps it whole; a 12 MiB PUT is refused with 413', async () => {
    const seen = [];
    for (const size of [64 * KIB, 1024 * KIB, 9 * 1024 * KIB, 12 * 1024 * KIB])
      seen.push({ size, ...(await roundTrip(size)) });
    expect(seen).toEqual([
      { size: 64 * KIB, put: 204, kept: 64 * KIB },
      { size: 1024 * KIB, put: 204, kept: 1024 * KIB },
      { size: 9 * 1024 * KIB, put: 204, kept: 9 * 1024 * KIB },
      { size: 12 * 1024 * KIB, put: 413, kept: undefined },
    ]);
  });
});
