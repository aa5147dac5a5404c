// A realm file whose only purpose is to show how Keycloak's file import resolves `${…}` placeholders: the
// global set-up of `npm run test:keycloak` imports it beside the demo realm, with PROBE_ENV in Keycloak's
// environment, and placeholder-import.contract.test.ts reads the result back. The same file and environment are
// given to @credman/realm's resolver in `npm test`, so both must agree with the same expectations.
export const PROBE_REALM = 'credman-placeholder-probe';

export const PROBE_ENV: Record<string, string> = {
  CREDMAN_PROBE_SET: 'from-env',
  CREDMAN_PROBE_EMPTY: '',
};

export const PROBE_FILE_TEXT = JSON.stringify(
  {
    realm: PROBE_REALM,
    enabled: false,
    attributes: {
      'probe.set': '${CREDMAN_PROBE_SET}',
      'probe.default': '${CREDMAN_PROBE_UNSET:fallback value}',
      'probe.emptyDefault': '${CREDMAN_PROBE_UNSET:}',
      'probe.unresolved': '${CREDMAN_PROBE_UNSET}',
      'probe.alternatives': '${CREDMAN_PROBE_UNSET,CREDMAN_PROBE_SET:none}',
      'probe.setButEmpty': '${CREDMAN_PROBE_EMPTY:fallback}',
    },
  },
  null,
  2,
);

/** What an import makes of each attribute (keycloak-realm/README.md → Placeholders). */
export const PROBE_EXPECTED: Record<string, string> = {
  'probe.set': 'from-env',
  'probe.default': 'fallback value',
  'probe.emptyDefault': '',
  'probe.unresolved': '${CREDMAN_PROBE_UNSET}',
  'probe.alternatives': 'from-env',
  'probe.setButEmpty': '',
};
