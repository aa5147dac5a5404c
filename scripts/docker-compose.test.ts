// docker-compose.yml is valid for Compose (docker-compose 1.29 parses it, the compose-spec JSON schema accepts
// it), comes up in order (health checks and service_healthy conditions), and its health checks work.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, composeAsWritten, composeCli, composeResolved, service } from './testing/compose.ts';
import type { ComposeFile } from './testing/compose.ts';

const require = createRequire(import.meta.url);

/** The compose-spec schema as shipped by dclint (a maintained compose linter that tracks compose-spec). */
async function composeSpecSchema(): Promise<Record<string, unknown>> {
  const dclintDir = path.dirname(require.resolve('dclint/package.json'));
  const schema = JSON.parse(
    await readFile(path.join(dclintDir, 'schemas', 'compose.schema.json'), 'utf8'),
  ) as Record<string, unknown>;
  // Ajv's draft-07 meta-schema is registered under its http:// id; the file names the https:// one.
  delete schema.$schema;
  return schema;
}

describe('docker-compose.yml is valid Compose', () => {
  it('given Debian docker-compose 1.29, when it parses the file, then `config -q` succeeds', async () => {
    const { stderr } = await composeCli(['config', '-q']);
    expect(stderr).toBe('');
  });

  it('given the compose-spec JSON schema, when the file is validated, then there are no errors', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(await composeSpecSchema());
    const valid = validate(await composeAsWritten());
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('given the schema, when a service has an unknown key, then it is rejected (the schema is really applied)', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(await composeSpecSchema());
    const broken = await composeAsWritten();
    (broken.services.credman as Record<string, unknown>).healthchek = { test: ['CMD', 'true'] };
    expect(validate(broken)).toBe(false);
  });
});

describe('docker-compose.yml comes up in order', () => {
  let compose: ComposeFile;
  beforeAll(async () => {
    compose = await composeResolved();
  });

  it('has the five services of the stack', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'credman',
      'keycloak',
      'keycloak-extension',
      'mailpit',
      'postgres',
      'prometheus',
    ]);
  });

  it('pins every pulled image to a version tag, and builds credman from the Dockerfile', () => {
    for (const [name, { image, build }] of Object.entries(compose.services)) {
      if (name === 'credman') expect(build).toBeDefined();
      // Maven's image tags name the JDK after the version; the release the pom compiles for.
      else if (name === 'keycloak-extension')
        expect(image).toMatch(/^maven:\d+\.\d+\.\d+-eclipse-temurin-17$/);
      else expect(image, name).toMatch(/:v?\d+\.\d+(\.\d+)?$/);
    }
  });

  it('gives every long-running service a health check (the one-shot extension build is waited for by its exit)', () => {
    for (const [name, { healthcheck }] of Object.entries(compose.services)) {
      if (name !== 'keycloak-extension') expect(healthcheck?.test, name).toBeDefined();
    }
  });

  it('starts Keycloak after Postgres, and credman after Keycloak and Mailpit, each once healthy', () => {
    expect(service(compose, 'keycloak').depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      'keycloak-extension': { condition: 'service_completed_successfully' },
    });
    expect(service(compose, 'credman').depends_on).toEqual({
      keycloak: { condition: 'service_healthy' },
      mailpit: { condition: 'service_healthy' },
    });
  });

  it('runs Keycloak on Postgres with health enabled, the demo import and a public hostname', () => {
    const keycloak = service(compose, 'keycloak');
    expect(keycloak.command).toEqual([
      'start-dev',
      '--import-realm',
      '--features=client-secret-rotation',
      '--metrics-enabled=true',
    ]);
    expect(keycloak.environment).toMatchObject({
      KC_DB: 'postgres',
      KC_DB_URL: 'jdbc:postgresql://postgres:5432/keycloak',
      KC_HEALTH_ENABLED: 'true',
      KC_HOSTNAME: 'http://localhost:8180',
      KC_HOSTNAME_BACKCHANNEL_DYNAMIC: 'true',
    });
    const mounts = JSON.stringify(keycloak.volumes);
    expect(mounts).toContain('keycloak-realm/demo-import');
    expect(mounts).toContain('/opt/keycloak/data/import');
  });

  it("loads credman's Keycloak extension: the build service's JAR volume is Keycloak's providers/", () => {
    const build = service(compose, 'keycloak-extension');
    expect(JSON.stringify(build.volumes)).toContain('keycloak-extension:/src:ro');
    expect(JSON.stringify(build.command)).toContain('cp target/credman-keycloak-extension.jar /providers/');
    const providers = (volumes: unknown) =>
      JSON.stringify(volumes).match(/keycloak-providers:(\/[a-z/]+)/)?.[1];
    expect(providers(build.volumes)).toBe('/providers');
    expect(providers(service(compose, 'keycloak').volumes)).toBe('/opt/keycloak/providers');
  });

  it('points credman at Keycloak inside the network, with the public URL browsers use, and at Mailpit', () => {
    expect(service(compose, 'credman').environment).toMatchObject({
      CREDMAN_KEYCLOAK_URL: 'http://keycloak:8080',
      CREDMAN_KEYCLOAK_PUBLIC_URL: 'http://localhost:8180',
      CREDMAN_SMTP_URL: 'smtp://mailpit:1025',
    });
    expect(service(compose, 'credman').environment?.CREDMAN_MAIL_FROM).toBeTruthy();
  });

  it("runs Prometheus after credman with credman's rules, scraping both management ports", async () => {
    const prometheus = service(compose, 'prometheus');
    expect(prometheus.depends_on).toEqual({ credman: { condition: 'service_healthy' } });
    const mounts = JSON.stringify(prometheus.volumes);
    expect(mounts).toContain('monitoring/prometheus/prometheus.yml');
    expect(mounts).toContain('monitoring/prometheus/credman-rules.yml');
    const config = await readFile(path.join(ROOT, 'monitoring', 'prometheus', 'prometheus.yml'), 'utf8');
    expect(config).toContain("targets: ['credman:9000']");
    expect(config).toContain("targets: ['keycloak:9000']");
    // The image's management port is the one scraped; compose does not override it.
    const dockerfile = await readFile(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/CREDMAN_MANAGEMENT_PORT=9000/);
    expect(service(compose, 'credman').environment?.CREDMAN_MANAGEMENT_PORT).toBeUndefined();
  });
});

/** A stand-in for one HTTP endpoint that answers `status`. */
function startStub(pathname: string, status: number): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    response.writeHead(request.url === pathname ? status : 404, { 'content-type': 'application/json' });
    response.end('{}');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}

/** Runs a healthcheck's `CMD` form with `from` replaced by `to` in its arguments; resolves with the exit code. */
function runHealthcheck(test: string[], from: string, to: string): Promise<number> {
  const [kind, command, ...args] = test;
  if (kind !== 'CMD' || command === undefined)
    throw new Error(`unexpected healthcheck ${JSON.stringify(test)}`);
  // Compose passes `$$` on as a literal `$`; what reaches the container is the unescaped text.
  const unescaped = args.map((arg) => arg.replaceAll('$$', '$').replaceAll(from, to));
  return new Promise((resolve) => {
    execFile(command, unescaped, { timeout: 10_000 }, (error) => {
      resolve(error === null ? 0 : typeof error.code === 'number' ? error.code : 1);
    });
  });
}

describe('the health checks work', () => {
  const stubs: Server[] = [];
  let compose: ComposeFile;
  beforeAll(async () => {
    compose = await composeAsWritten();
  });
  afterAll(() => {
    for (const stub of stubs) stub.close();
  });

  for (const [status, expected] of [
    [200, 0],
    [503, 1],
  ] as const) {
    it(`Keycloak's (bash, /dev/tcp) exits ${String(expected)} when /health/ready answers ${String(status)}`, async () => {
      const stub = await startStub('/health/ready', status);
      stubs.push(stub.server);
      const test = service(compose, 'keycloak').healthcheck?.test as string[];
      expect(await runHealthcheck(test, '127.0.0.1/9000', `127.0.0.1/${String(stub.port)}`)).toBe(expected);
    });

    it(`credman's (node fetch) exits ${String(expected)} when /readyz answers ${String(status)}`, async () => {
      const stub = await startStub('/readyz', status);
      stubs.push(stub.server);
      const test = service(compose, 'credman').healthcheck?.test as string[];
      expect(await runHealthcheck(test, '127.0.0.1:8080', `127.0.0.1:${String(stub.port)}`)).toBe(expected);
    });
  }

  it("Keycloak's exits non-zero when nothing listens", async () => {
    const stub = await startStub('/health/ready', 200);
    const port = stub.port;
    await new Promise((resolve) => stub.server.close(resolve));
    const test = service(compose, 'keycloak').healthcheck?.test as string[];
    expect(await runHealthcheck(test, '127.0.0.1/9000', `127.0.0.1/${String(port)}`)).not.toBe(0);
  });
});
