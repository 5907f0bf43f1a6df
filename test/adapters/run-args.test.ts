import { describe, expect, it } from 'vitest';
import {
  buildGcListArgs,
  buildKillArgs,
  buildRemoveArgs,
  buildRunArgs,
  buildStopArgs,
  type ContainerEngineKind,
  parseGcList,
  type RunArgsInput,
} from '../../src/adapters/engine/run-args.js';

const ENGINES: ContainerEngineKind[] = ['docker', 'podman'];

function input(engine: ContainerEngineKind, override: Partial<RunArgsInput> = {}): RunArgsInput {
  return {
    engine,
    runnerId: 7,
    jobId: 41,
    stepId: 302,
    network: 'shithub-jobs',
    memory: '2g',
    cpus: 2,
    pidsLimit: 512,
    seccompProfile: '/etc/shithub/seccomp.json',
    user: '1000:1000',
    workspace: '/var/lib/shithub-runner/work/17/41',
    workingDirectory: '',
    dnsServers: [],
    envNames: [],
    image: 'ghcr.io/shithub/runner-image:24.04',
    shell: 'bash',
    script: 'echo "$GREETING" && exit 3',
    pull: 'missing',
    ...override,
  };
}

/** The value that follows each occurrence of `flag`. */
const valuesOf = (argv: string[], flag: string) => argv.flatMap((a, i) => (a === flag ? [argv[i + 1]] : []));

describe.each(ENGINES)('buildRunArgs for %s', (engine) => {
  it('produces the full hardened argv in the documented order', () => {
    expect(buildRunArgs(input(engine, { dnsServers: ['10.0.0.53'], envNames: ['GREETING', 'CI'] }))).toEqual([
      'run',
      '--rm',
      '--name',
      'shithub-job-41-step-302',
      '--label',
      'shithub.runner=7',
      '--label',
      'shithub.job=41',
      '--network',
      'shithub-jobs',
      '--memory',
      '2g',
      '--cpus',
      '2',
      '--pids-limit',
      '512',
      '--read-only',
      '--tmpfs',
      '/tmp:rw,exec,nosuid,nodev,size=1g',
      '--cap-drop',
      'ALL',
      '--security-opt',
      'no-new-privileges',
      '--security-opt',
      'seccomp=/etc/shithub/seccomp.json',
      '--user',
      '1000:1000',
      '--workdir',
      '/workspace',
      '--mount',
      'type=bind,src=/var/lib/shithub-runner/work/17/41,dst=/workspace',
      '--dns',
      '10.0.0.53',
      '--env',
      'GREETING',
      '--env',
      'CI',
      '--pull=missing',
      'ghcr.io/shithub/runner-image:24.04',
      'bash',
      '-e',
      '-o',
      'pipefail',
      '-c',
      'echo "$GREETING" && exit 3',
    ]);
  });

  it('never adds a flag that widens the sandbox', () => {
    const argv = buildRunArgs(input(engine));
    const engineFlags = argv.slice(0, argv.indexOf('ghcr.io/shithub/runner-image:24.04'));
    for (const forbidden of ['--privileged', '--cap-add', '-v', '--volume', '--pid', '--ipc', '-e']) {
      expect(engineFlags).not.toContain(forbidden);
    }
    expect(engineFlags.join(' ')).not.toContain('docker.sock');
  });

  it.each([
    ['no dns servers, no env', [], [], [], []],
    ['two dns servers', ['10.0.0.53', 'fd00::53'], [], ['10.0.0.53', 'fd00::53'], []],
    ['env names in order, duplicates once', [], ['B', 'A_1', 'B', '_x'], [], ['B', 'A_1', '_x']],
  ])('repeats --dns and --env per entry: %s', (_case, dnsServers, envNames, dns, env) => {
    const argv = buildRunArgs(input(engine, { dnsServers, envNames }));
    expect(valuesOf(argv, '--dns')).toEqual(dns);
    expect(valuesOf(argv, '--env')).toEqual(env);
  });

  it('passes env names only, never values', () => {
    const argv = buildRunArgs(input(engine, { envNames: ['TOKEN'] }));
    expect(argv.filter((a) => a.includes('='))).toEqual([
      'shithub.runner=7',
      'shithub.job=41',
      '/tmp:rw,exec,nosuid,nodev,size=1g',
      'seccomp=/etc/shithub/seccomp.json',
      'type=bind,src=/var/lib/shithub-runner/work/17/41,dst=/workspace',
      '--pull=missing',
    ]);
  });

  it.each([
    ['bash', ['bash', '-e', '-o', 'pipefail', '-c', 'set -x; ls']],
    ['sh', ['sh', '-e', '-c', 'set -x; ls']],
  ] as const)('runs the script as one argument of %s', (shell, tail) => {
    const argv = buildRunArgs(input(engine, { shell, script: 'set -x; ls' }));
    expect(argv.slice(argv.indexOf('ghcr.io/shithub/runner-image:24.04') + 1)).toEqual(tail);
  });

  it.each(['missing', 'never', 'always'] as const)('puts --pull=%s right before the image', (pull) => {
    const argv = buildRunArgs(input(engine, { pull }));
    expect(argv[argv.indexOf('ghcr.io/shithub/runner-image:24.04') - 1]).toBe(`--pull=${pull}`);
  });

  it('accepts an unconfined seccomp profile and fractional cpus', () => {
    const argv = buildRunArgs(input(engine, { seccompProfile: 'unconfined', cpus: '1.5' }));
    expect(argv).toContain('seccomp=unconfined');
    expect(valuesOf(argv, '--cpus')).toEqual(['1.5']);
  });

  it.each([
    ['', '/workspace'],
    ['.', '/workspace'],
    ['./', '/workspace'],
    ['app', '/workspace/app'],
    ['app/sub/', '/workspace/app/sub'],
    ['./app//sub', '/workspace/app/sub'],
    ['app/../lib', '/workspace/lib'],
    ['app/..', '/workspace'],
    ['..app', '/workspace/..app'],
  ])('maps working-directory %j to %s', (workingDirectory, workdir) => {
    expect(valuesOf(buildRunArgs(input(engine, { workingDirectory })), '--workdir')).toEqual([workdir]);
  });

  it.each(['..', '../x', 'app/../../x', '/etc', '/workspace/app', 'a\0b'])(
    'rejects working-directory %j that leaves /workspace',
    (workingDirectory) => {
      expect(() => buildRunArgs(input(engine, { workingDirectory }))).toThrow(
        expect.objectContaining({ kind: 'invalid', code: 'step.working_directory_invalid' }),
      );
    },
  );

  it.each(['ORG_GRADLE_PROJECT_org.gradle.daemon', 'MY-VAR', '_A1'])('passes env name %j', (name) => {
    expect(buildRunArgs(input(engine, { envNames: [name] }))).toContain(name);
  });

  it.each(['1ABC', '-AB', '.AB', 'A=B', 'A B', '', 'É'])('rejects env name %j', (name) => {
    expect(() => buildRunArgs(input(engine, { envNames: ['OK', name] }))).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        code: 'step.env_name_invalid',
        message: `env name "${name}" must match ^[A-Za-z_][A-Za-z0-9_.-]*$`,
      }),
    );
  });

  it.each<[string, Partial<RunArgsInput>]>([
    ['an image that reads as a flag', { image: '--privileged' }],
    ['an image with white space', { image: 'alpine sh' }],
    ['an empty image', { image: '' }],
    ['a workspace with a comma (mount option smuggling)', { workspace: '/w/x,src=/' }],
    ['a relative workspace', { workspace: 'work/1' }],
    ['a dns entry that is not an IP', { dnsServers: ['--privileged'] }],
    ['a zero step id', { stepId: 0 }],
    ['a fractional pids limit', { pidsLimit: 1.5 }],
    ['a user that reads as a flag', { user: '-u0' }],
    ['an empty seccomp profile', { seccompProfile: '' }],
  ])('rejects %s', (_case, override) => {
    expect(() => buildRunArgs(input(engine, override))).toThrow(
      expect.objectContaining({ kind: 'invalid', code: 'engine.argument_invalid' }),
    );
  });
});

describe('container housekeeping argv', () => {
  it.each([
    ['docker', '{{.ID}}\t{{.Label "shithub.job"}}'],
    ['podman', '{{.ID}}\t{{index .Labels "shithub.job"}}'],
  ] as const)('lists every container of the runner on %s', (engine, format) => {
    expect(buildGcListArgs(engine, 7)).toEqual([
      'ps',
      '-a',
      '--filter',
      'label=shithub.runner=7',
      '--format',
      format,
    ]);
  });

  it('reads the listing, with a null job for a missing or odd label', () => {
    expect(parseGcList('abc123\t41\n\ndef456\t\nfed789\t<no value>\n')).toEqual([
      { containerId: 'abc123', jobId: 41 },
      { containerId: 'def456', jobId: null },
      { containerId: 'fed789', jobId: null },
    ]);
    expect(parseGcList('')).toEqual([]);
  });

  it.each(ENGINES)('stops, kills and removes by name on %s', (engine) => {
    expect(buildStopArgs(engine, 'shithub-job-41-step-302')).toEqual([
      'stop',
      '-t',
      '10',
      'shithub-job-41-step-302',
    ]);
    expect(buildStopArgs(engine, 'c', 0)).toEqual(['stop', '-t', '0', 'c']);
    expect(buildKillArgs(engine, 'c')).toEqual(['kill', '--signal', 'KILL', 'c']);
    expect(buildKillArgs(engine, 'c', 'TERM')).toEqual(['kill', '--signal', 'TERM', 'c']);
    expect(buildRemoveArgs(engine, ['a', 'b'])).toEqual(
      engine === 'docker' ? ['rm', '--force', 'a', 'b'] : ['rm', '--force', '--time', '0', 'a', 'b'],
    );
  });

  it.each<[string, () => unknown]>([
    ['a flag-like name to stop', () => buildStopArgs('docker', '--all')],
    ['a negative grace period', () => buildStopArgs('docker', 'c', -1)],
    ['a flag-like signal', () => buildKillArgs('podman', 'c', '-9')],
    ['nothing to remove', () => buildRemoveArgs('docker', [])],
    ['a zero runner id', () => buildGcListArgs('docker', 0)],
  ])('rejects %s', (_case, build) => {
    expect(build).toThrow(expect.objectContaining({ code: 'engine.argument_invalid' }));
  });
});

describe.each(ENGINES)('the job runner folder on %s', (engine) => {
  it('bind-mounts it at /__shithub, right after the workspace', () => {
    const argv = buildRunArgs(input(engine, { shared: '/var/lib/shithub-runner/work/17/41-runner' }));
    expect(valuesOf(argv, '--mount')).toEqual([
      'type=bind,src=/var/lib/shithub-runner/work/17/41,dst=/workspace',
      'type=bind,src=/var/lib/shithub-runner/work/17/41-runner,dst=/__shithub',
    ]);
  });

  it.each(['relative/path', '/a,readonly', '/a"b'])('refuses the folder %j', (shared) => {
    expect(() => buildRunArgs(input(engine, { shared }))).toThrow(
      /must be an absolute path without , or quotes/,
    );
  });
});
