/**
 * The Electron security scan (`npm run security`): the real electronegativity run over the app
 * must come out clean, and the script must fail on an insecure window, on a justification that
 * matches nothing and on one without a real reason.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = path.resolve('scripts/electronegativity.mjs');

interface Finding {
  check: string;
  file: string;
  justified: boolean;
  reason?: string;
}
interface ScanReport {
  ok: boolean;
  electronVersion: string;
  checks: number;
  findings: Finding[];
  stale: { check: string; file: string }[];
  problems: string[];
  parseErrors: string[];
}

function runScan(args: string[]): { code: number | null; report: ScanReport; output: string } {
  const run = spawnSync(process.execPath, [SCRIPT, '--json', ...args], { encoding: 'utf8', timeout: 60_000 });
  const output = run.stdout + run.stderr;
  return { code: run.status, report: JSON.parse(run.stdout) as ScanReport, output };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-eneg-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('electronegativity scan', () => {
  it('finds nothing unjustified in SetBeat', () => {
    const { code, report, output } = runScan([]);
    expect(report.problems, output).toEqual([]);
    expect(report.parseErrors, output).toEqual([]);
    expect(report.stale, output).toEqual([]);
    expect(report.findings.filter((f) => !f.justified), output).toEqual([]);
    expect(report.checks).toBeGreaterThan(30);
    expect(report.electronVersion).toMatch(/^\d+\.\d+\.\d+/);
    // The window's own settings are visible to the scanner, so none of these may appear.
    const checks = new Set(report.findings.map((f) => f.check));
    for (const c of [
      'CONTEXT_ISOLATION_JS_CHECK',
      'SANDBOX_JS_CHECK',
      'AUXCLICK_JS_CHECK',
      'LIMIT_NAVIGATION_GLOBAL_CHECK',
      'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      'HTTP_RESOURCES_JS_CHECK',
    ]) {
      expect(checks.has(c), c).toBe(false);
    }
    expect(code, output).toBe(0);
  });

  it('fails on an insecure window that nobody justified', () => {
    const app = path.join(tmp, 'insecure');
    fs.mkdirSync(app);
    fs.writeFileSync(
      path.join(app, 'main.js'),
      "const { BrowserWindow } = require('electron');\n" +
        "const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n" +
        "win.loadURL('http://example.org/');\n",
    );
    const list = path.join(tmp, 'empty.json');
    fs.writeFileSync(list, JSON.stringify({ excludedChecks: [{ check: 'AvailableSecurityFixesGlobalCheck', reason: 'network-dependent, kept out of the test' }], findings: [] }));
    const { code, report, output } = runScan(['--input', app, '--justified', list]);
    expect(code, output).toBe(1);
    expect(report.ok).toBe(false);
    const unjustified = report.findings.filter((f) => !f.justified).map((f) => f.check);
    expect(unjustified).toEqual(
      expect.arrayContaining([
        'CONTEXT_ISOLATION_JS_CHECK',
        'SANDBOX_JS_CHECK',
        'HTTP_RESOURCES_JS_CHECK',
        // Global checks SetBeat passes: it has a CSP, navigation limits and a permission handler.
        'CSP_GLOBAL_CHECK',
        'LIMIT_NAVIGATION_GLOBAL_CHECK',
        'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      ]),
    );
  });

  it('fails on a stale justification and on one without a reason', () => {
    const app = path.join(tmp, 'secure');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'util.js'), 'export const twice = (x) => 2 * x;\n');
    const list = path.join(tmp, 'stale.json');
    const appRel = app.split(path.sep).join('/');
    fs.writeFileSync(
      list,
      JSON.stringify({
        excludedChecks: [{ check: 'AvailableSecurityFixesGlobalCheck', reason: 'network-dependent, kept out of the test' }],
        findings: [
          { check: 'NODE_INTEGRATION_JS_CHECK', file: `${appRel}/util.js`, reason: 'there is no window in this file at all, so this is stale' },
          { check: 'SANDBOX_JS_CHECK', file: `${appRel}/other.js`, reason: 'ok' },
        ],
      }),
    );
    const { code, report, output } = runScan(['--input', app, '--justified', list]);
    expect(code, output).toBe(1);
    expect(report.stale.map((s) => s.check)).toEqual(['NODE_INTEGRATION_JS_CHECK', 'SANDBOX_JS_CHECK']);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatch(/SANDBOX_JS_CHECK.*reason/);
  });
});
