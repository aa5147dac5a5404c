// `npm run build:extension`: builds credman's Keycloak extension (keycloak-extension/) with Maven, its JUnit tests
// included, into keycloak-extension/target/credman-keycloak-extension.jar. Whatever starts a real Keycloak builds
// the JAR by itself when it is missing or stale (without the tests); CI runs this first so the tests run too.
import { buildExtension } from '@credman/keycloak-real';

const started = Date.now();
const jar = await buildExtension({ log: (line) => process.stdout.write(`${line}\n`) });
process.stdout.write(`${jar} built in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
