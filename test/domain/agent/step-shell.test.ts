import { describe, expect, it } from 'vitest';
import { PATH_PREFIX_VAR, planShell } from '../../../src/domain/agent/step-shell.js';

const FILE = { host: '/host/steps/7/script', step: '/__shithub/steps/7/script' };

describe('shells of run steps', () => {
  it.each([
    ['the default', '', 'bash'],
    ['bash', 'bash', 'bash'],
    ['sh', 'sh', 'sh'],
  ])('runs %s inline', (_name, shell, engineShell) => {
    expect(planShell(shell, 'echo hi', FILE, [])).toEqual({
      kind: 'run',
      shell: engineShell,
      script: 'echo hi',
    });
  });

  it('puts $GITHUB_PATH directories in front of PATH with the first line of the script', () => {
    const plan = planShell('bash', 'tool', FILE, ['/opt/b', '/opt/a']);
    expect(plan).toEqual({
      kind: 'run',
      shell: 'bash',
      script: `PATH="$${PATH_PREFIX_VAR}:$PATH"; export PATH\ntool`,
    });
  });

  it.each([
    ['python', 'python', "exec python '/__shithub/steps/7/script'"],
    ['a custom template', 'perl -w {0}', "exec perl -w '/__shithub/steps/7/script'"],
  ])('runs %s from a script file, checking the program first', (_name, shell, exec) => {
    const plan = planShell(shell, 'print(1)', FILE, []);
    if (plan.kind !== 'run') throw new Error('refused');
    expect(plan.shell).toBe('sh');
    expect(plan.file).toEqual({ path: FILE.host, text: 'print(1)' });
    expect(plan.script).toContain('command -v ');
    expect(plan.script).toContain('is not installed in this image');
    expect(plan.script.endsWith(`${exec}\n`)).toBe(true);
  });

  it.each([
    ['pwsh', /shell 'pwsh' is not supported: steps run on Linux/],
    ['powershell', /shell 'powershell' is not supported/],
    ['cmd', /shell 'cmd' is not supported/],
    ['ruby', /use bash, sh, python or a command with \{0\}/],
  ])('refuses %s with a clear message', (shell, message) => {
    const plan = planShell(shell, 'x', FILE, []);
    expect(plan.kind).toBe('refused');
    if (plan.kind === 'refused') expect(plan.message).toMatch(message);
  });
});
