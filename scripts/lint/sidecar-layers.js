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
  ['security-notices'],
  ['mail'],
  ['applications'],
  ['credentials'],
  ['metrics'],
  ['store'],
  ['keycloak'],
  ['config.ts', 'logging.ts', 'request-deadline.ts', 'periodic-run.ts', 'secret-string.ts'],
];

const path = (entry) => `${SRC}/${entry}`;

/** One zone per layer and each entry above it, so that the message names the entry imported from. */
export function sidecarLayerZones(layers = SIDECAR_LAYERS) {
  return layers.slice(1).flatMap((layer, index) =>
    layers
      .slice(0, index + 1)
      .flat()
      .map((above) => ({
        target: layer.map(path),
        from: path(above),
        message: `${layer.join(', ')} may not import ${above}, a layer above it (docs/architecture.md#import-boundaries).`,
      })),
  );
}
