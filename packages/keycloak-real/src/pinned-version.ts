// The Keycloak version credman is tested on is the one docker-compose.yml pins, so the no-Docker server, the
// compose stack and the docs cannot drift apart (README "Supported Keycloak versions").
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const COMPOSE_FILE = `${REPO_ROOT}docker-compose.yml`;

interface ComposeFile {
  services?: Record<string, { image?: string } | undefined>;
}

/** The tag of `services.keycloak.image` in a compose file's text, e.g. `26.7.3`. */
export function keycloakVersionOf(composeText: string): string {
  const compose = parse(composeText) as ComposeFile | null;
  const image = compose?.services?.keycloak?.image;
  const match = image === undefined ? null : /^quay\.io\/keycloak\/keycloak:(\d+\.\d+\.\d+)$/.exec(image);
  if (match?.[1] === undefined) {
    throw new Error(
      `docker-compose.yml: services.keycloak.image must be quay.io/keycloak/keycloak:<major.minor.patch>, found ${String(image)}`,
    );
  }
  return match[1];
}

export function pinnedKeycloakVersion(): string {
  return keycloakVersionOf(readFileSync(COMPOSE_FILE, 'utf8'));
}
