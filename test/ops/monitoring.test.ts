/**
 * ops/monitoring: the alert rules pass `promtool check rules` and their unit tests
 * (`promtool test rules`), and every metric the Grafana dashboard and the rules query exists
 * on the `/metrics` page of a real `shithubd serve` (embedded database).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src/apps/shithubd/config.js';
import { type RunningServer, startServer } from '../../src/apps/shithubd/serve.js';
import { describeWithTool, OPS, runTool } from '../support/ops-tools.js';
import { seedEmbeddedDatabase } from '../support/pglite-snapshot.js';

const DIR = join(OPS, 'monitoring');
const dashboard = JSON.parse(readFileSync(join(DIR, 'grafana-dashboard.json'), 'utf8')) as {
  panels: { type: string; title: string; targets?: { expr: string }[] }[];
};
const METRIC = /\b(?:shithub_actions|process|nodejs)_[a-z0-9_]+\b/g;
const HISTOGRAM_PARTS = /_(bucket|sum|count)$/;

/** The metric families a query names (histogram `_bucket` → the histogram). */
function metricsOf(expressions: string[]): string[] {
  return [...new Set(expressions.flatMap((expr) => expr.match(METRIC) ?? []))].sort();
}

describeWithTool('promtool', 'prometheus')('ops/monitoring alert rules', () => {
  it('pass promtool check rules', () => {
    const result = runTool('promtool', ['check', 'rules', join(DIR, 'alerts.yml')]);
    expect(result.output).toContain('SUCCESS: 8 rules found');
    expect(result.status).toBe(0);
  });

  it('pass their promtool unit tests (each alert fires when it should and only then)', () => {
    const result = runTool('promtool', ['test', 'rules', 'alerts.test.yml', 'retention.test.yml'], {
      cwd: DIR,
    });
    expect(result.output).toContain('SUCCESS');
    expect(result.output).not.toContain('FAILED');
    expect(result.status).toBe(0);
  });
});

describe('ops/monitoring metric names against a live /metrics', () => {
  let server: RunningServer;
  let families: Set<string>;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metrics-live-'));
    await seedEmbeddedDatabase(dir);
    const port = await freePort();
    server = await startServer(
      loadServerConfig({ env: {}, cwd: dir, dataDirFlag: dir, listenFlag: `127.0.0.1:${port}` }),
    );
    const text = await (await fetch(`${server.url}/metrics`)).text();
    families = new Set([...text.matchAll(/^# TYPE (\S+) \S+$/gm)].map((m) => m[1]!));
  });
  afterAll(async () => {
    await server?.close();
  });

  const panelExpressions = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  const ruleExpressions = [...readFileSync(join(DIR, 'alerts.yml'), 'utf8').matchAll(METRIC)].map(
    (m) => m[0],
  );

  it('queries in the dashboard name only metrics /metrics has', () => {
    const used = metricsOf(panelExpressions);
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((name) => !families.has(name.replace(HISTOGRAM_PARTS, '')))).toEqual([]);
  });

  it('shows every shithub_actions_ metric somewhere', () => {
    const shown = new Set(metricsOf(panelExpressions).map((name) => name.replace(HISTOGRAM_PARTS, '')));
    const ours = [...families].filter((name) => name.startsWith('shithub_actions_'));
    expect(ours.filter((name) => !shown.has(name))).toEqual([]);
  });

  it('alert rules name only metrics /metrics has', () => {
    const used = metricsOf(ruleExpressions).filter((name) => name.startsWith('shithub_actions_'));
    expect(used.filter((name) => !families.has(name.replace(HISTOGRAM_PARTS, '')))).toEqual([]);
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const address = probe.address();
  await new Promise<void>((done) => probe.close(() => done()));
  return typeof address === 'object' && address ? address.port : 0;
}
