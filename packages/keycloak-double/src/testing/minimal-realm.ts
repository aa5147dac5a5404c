// A small realm for the double's own unit tests: one managed application under the rotation policy and one
// confidential client without it. The contract suite uses the shipped realm (keycloak-realm/) instead.

export const ROTATION_POLICY_REALM = {
  realm: 'test',
  enabled: true,
  eventsEnabled: true,
  enabledEventTypes: ['CLIENT_LOGIN', 'CLIENT_LOGIN_ERROR'],
  adminEventsEnabled: true,
  adminEventsDetailsEnabled: true,
  roles: {
    client: {
      'Partner-NL-Acme-DM': [{ name: 'credential-manager' }],
    },
  },
  clients: [
    {
      clientId: 'Partner-NL-Acme-DM',
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      secret: 'initial-secret-value-0000000000000000000000',
    },
    {
      clientId: 'unmanaged',
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      secret: 'unmanaged-secret',
    },
  ],
  clientProfiles: {
    profiles: [
      {
        name: 'secret-rotation',
        executors: [
          {
            executor: 'secret-rotation',
            configuration: {
              'expiration-period': '31536000',
              'rotated-expiration-period': '0',
              'remaining-rotation-period': '864000',
            },
          },
        ],
      },
    ],
  },
  clientPolicies: {
    policies: [
      {
        name: 'managed',
        enabled: true,
        conditions: [{ condition: 'client-roles', configuration: { roles: ['credential-manager'] } }],
        profiles: ['secret-rotation'],
      },
    ],
  },
};
