// The sidecar's layers, top to bottom (docs/architecture.md#components). A module may import from its own layer
// and the layers below it, never from one above: each layer becomes one `import-x/no-restricted-paths` zone whose
// target is the layer and whose `from` is every layer above it.
const SRC = 'apps/sidecar/src';

/** Top to bottom; each entry is a list of folders or files under apps/sidecar/src. */
export const SIDECAR_LAYERS = [
  ['main.ts', 'server.ts', 'app.ts', 'readiness.ts'],
  ['http'],
  ['overview'],
  ['reminders'],
  ['mail'],
  ['applications'],
  ['credentials'],
  ['audit'],
  ['metrics'],
  ['store'],
  ['keycloak'],
  ['config.ts', 'logging.ts', 'request-deadline.ts', 'periodic-run.ts', 'secret-string.ts'],
];

const path = (entry) => `${SRC}/${entry}`;

/**
 * Imports that still run up a layer today, as `[importer, imported]` under apps/sidecar/src (docs/architecture.md#import-boundaries). The
 * imported module is exempt for the importer's whole layer; remove an entry with the move that fixes it, never
 * add one.
 */
export const KNOWN_UPWARD_IMPORTS = [
  ['credentials/credential-service.ts', 'reminders/ledger.ts'],
  ['metrics/metrics.ts', 'overview/summary.ts'],
  ['store/application-store.ts', 'audit/audit-trail.ts'],
  ['store/application-store.ts', 'credentials/keyed-lock.ts'],
  ['store/application.ts', 'credentials/metadata.ts'],
  ['store/application.ts', 'credentials/retired-secrets.ts'],
  ['store/application.ts', 'reminders/ledger.ts'],
];

const inside = (file, entry) => file === entry || file.startsWith(`${entry}/`);

/** One zone per layer and each entry above it, so that an exemption names the one module it exempts. */
export function sidecarLayerZones(layers = SIDECAR_LAYERS, known = KNOWN_UPWARD_IMPORTS) {
  return layers.slice(1).flatMap((layer, index) =>
    layers
      .slice(0, index + 1)
      .flat()
      .map((above) => ({
        target: layer.map(path),
        from: path(above),
        except: known
          .filter(
            ([importer, imported]) =>
              layer.some((entry) => inside(importer, entry)) && inside(imported, above),
          )
          .map(([, imported]) => (imported === above ? '.' : `./${imported.slice(above.length + 1)}`)),
        message: `${layer.join(', ')} may not import ${above}, a layer above it (docs/architecture.md#import-boundaries).`,
      })),
  );
}
