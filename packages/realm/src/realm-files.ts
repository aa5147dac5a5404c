import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Where the realm files live; tests and tools may point at another copy. */
export const DEFAULT_REALM_DIR = fileURLToPath(new URL('../../../keycloak-realm/', import.meta.url));

export interface RealmFilePaths {
  /** Production template: the only realm definition; environment values are `${...}` placeholders. */
  readonly template: string;
  /** Demo additions (apps, people, role assignments): merged into the template, never a copy of it. */
  readonly demoData: string;
  /** Generated template + demo data, for `docker compose` (Keycloak imports whole files from a directory). */
  readonly demoImport: string;
}

export function realmFilePaths(realmDir: string = DEFAULT_REALM_DIR): RealmFilePaths {
  return {
    template: join(realmDir, 'credman-realm.json'),
    demoData: join(realmDir, 'demo', 'demo-data.json'),
    demoImport: join(realmDir, 'demo-import', 'credman-realm.json'),
  };
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
