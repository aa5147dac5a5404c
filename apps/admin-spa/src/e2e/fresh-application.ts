// An application of one scenario's own, made through the API as olivia the operator with alice as its
// credential manager: scenarios that count requests or walk a whole rotation must not share secrets.
import type { E2e } from '@credman/sidecar/e2e/testing/harness';

export async function freshApplication(env: E2e, organisation: string): Promise<string> {
  const created = await env.api('olivia', '/applications', {
    method: 'POST',
    body: JSON.stringify({
      kind: 'Partner',
      country: 'BE',
      organisation,
      api: 'DM',
      permissions: ['dm.sandbox'],
    }),
  });
  if (created.status !== 201) throw new Error(`creating ${organisation} answered ${String(created.status)}`);
  const { clientId } = (await created.json()) as { clientId: string };
  const alice = await env.userId('alice');
  const added = await env.api('olivia', `/applications/${encodeURIComponent(clientId)}/managers/${alice}`, {
    method: 'PUT',
  });
  if (!added.ok) throw new Error(`adding alice to ${clientId} answered ${String(added.status)}`);
  return clientId;
}

/** A secret created through the API as alice (no browser), expiring on the given date. */
export async function apiSecret(env: E2e, clientId: string, name: string, expiresOn: string): Promise<void> {
  const response = await env.api('alice', `/applications/${encodeURIComponent(clientId)}/secrets`, {
    method: 'POST',
    body: JSON.stringify({ name, expiresOn }),
  });
  if (response.status !== 201) throw new Error(`creating ${name} answered ${String(response.status)}`);
}
