// The monitoring files of monitoring/: Prometheus' own promtool checks the rule file and runs its unit tests
// (credman-rules.test.yml) and checks the compose Prometheus config; every metric a rule or the Grafana dashboard
// queries is one the sidecar exposes; every alert's runbook link names a heading of docs/operations.md. Needs
// Debian's `prometheus` package (promtool), which .ci/run installs.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Metrics } from '@credman/sidecar/metrics/metrics';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const prometheusDir = join(root, 'monitoring', 'prometheus');
const rulesFile = join(prometheusDir, 'credman-rules.yml');

interface Rule {
  alert: string;
  expr: string;
  annotations: { runbook: string };
}

async function promtool(args: string[], cwd = prometheusDir) {
  try {
    return await run('promtool', args, { cwd });
  } catch (error) {
    const { stdout, stderr, code } = error as { stdout?: string; stderr?: string; code?: unknown };
    if (code === 'ENOENT')
      throw new Error('promtool not found: apt-get install prometheus', { cause: error });
    throw new Error(`promtool ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
  }
}

/** Metric names a PromQL expression mentions: credman_* and up. */
function metricsIn(expr: string): string[] {
  return [...expr.matchAll(/\b(credman_[a-z0-9_]+|up)\b/g)].map((match) => match[1] ?? '');
}

let rules: Rule[];
let exposed: Set<string>;
let tmp: string;

beforeAll(async () => {
  const file = parse(await readFile(rulesFile, 'utf8')) as { groups: { rules: Rule[] }[] };
  rules = file.groups.flatMap((group) => group.rules);
  const metrics = new Metrics({ processMetrics: false });
  const names = (await metrics.registry.getMetricsAsJSON()).map((metric) => metric.name);
  // Histograms are queried as _bucket, _count and _sum.
  exposed = new Set([
    'up',
    ...names,
    ...names.flatMap((name) => [`${name}_bucket`, `${name}_count`, `${name}_sum`]),
  ]);
  tmp = await mkdtemp(join(tmpdir(), 'credman-monitoring-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('monitoring/prometheus', () => {
  it('has rules promtool accepts, whose unit tests pass', async () => {
    expect((await promtool(['check', 'rules', rulesFile])).stdout).toContain('SUCCESS');
    const tested = await promtool(['test', 'rules', 'credman-rules.test.yml']);
    expect(tested.stdout).toContain('SUCCESS');
  });

  it('tests every alert in credman-rules.test.yml', async () => {
    const tests = parse(await readFile(join(prometheusDir, 'credman-rules.test.yml'), 'utf8')) as {
      tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const fired = new Set(
      tests.tests.flatMap((test) =>
        test.alert_rule_test.filter((check) => check.exp_alerts.length > 0).map((check) => check.alertname),
      ),
    );
    expect([...fired].sort()).toEqual(rules.map((rule) => rule.alert).sort());
  });

  it('queries only metrics the sidecar exposes', () => {
    for (const rule of rules)
      for (const name of metricsIn(rule.expr)) expect(exposed, `${rule.alert}: ${name}`).toContain(name);
  });

  it('links every alert to its section of docs/operations.md', async () => {
    const operations = await readFile(join(root, 'docs', 'operations.md'), 'utf8');
    const headings = new Set(
      [...operations.matchAll(/^#+ (.+)$/gm)].map((match) =>
        (match[1] ?? '')
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replace(/ /g, '-'),
      ),
    );
    for (const rule of rules) {
      const [file, anchor] = rule.annotations.runbook.split('#');
      expect(file).toBe('docs/operations.md');
      expect(headings, rule.alert).toContain(anchor);
    }
  });

  it('has a compose config promtool accepts, loading the rule file', async () => {
    const config = await readFile(join(prometheusDir, 'prometheus.yml'), 'utf8');
    // In compose the rule file is mounted at /etc/prometheus; here it is read where it is.
    const local = join(tmp, 'prometheus.yml');
    await writeFile(local, config.replace('/etc/prometheus/credman-rules.yml', rulesFile));
    const checked = await promtool(['check', 'config', local], tmp);
    expect(checked.stdout).toContain('SUCCESS: 1 rule files found');
  });
});

describe('monitoring/grafana/credman-dashboard.json', () => {
  it('queries only metrics the sidecar exposes, through the datasource variable', async () => {
    const dashboard = JSON.parse(
      await readFile(join(root, 'monitoring', 'grafana', 'credman-dashboard.json'), 'utf8'),
    ) as {
      panels: { type: string; title: string; targets?: { expr: string; datasource: { uid: string } }[] }[];
    };
    const targets = dashboard.panels.flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ title: panel.title, ...target })),
    );
    expect(targets.length).toBeGreaterThan(20);
    for (const target of targets) {
      expect(target.datasource.uid).toBe('${datasource}');
      const names = metricsIn(target.expr);
      expect(names.length, target.title).toBeGreaterThan(0);
      for (const name of names) expect(exposed, `${target.title}: ${name}`).toContain(name);
    }
  });
});
