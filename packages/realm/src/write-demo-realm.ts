// CLI: regenerates keycloak-realm/demo-import/credman-realm.json from the template and the demo data.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { formatJson } from './json.ts';
import { buildDemoRealmDocument } from './load-realm.ts';
import { realmFilePaths } from './realm-files.ts';

const target = realmFilePaths().demoImport;
mkdirSync(dirname(target), { recursive: true });
// Written in the repository's prettier style so `npm run format:check` stays clean after regenerating.
const options = (await resolveConfig(target)) ?? {};
writeFileSync(target, await format(formatJson(buildDemoRealmDocument()), { ...options, filepath: target }));
// eslint-disable-next-line no-console
console.log(`wrote ${target}`);
