/**
 * The pure argv of a job's own resources (issue #11 items 5 and 6), table-tested for docker and
 * podman: the job container's image and lowered limits, a step created for the job network with
 * host entries, the service containers' hardening, the job network, probes, logs and the GC.
 */
import { describe, expect, it } from 'vitest';
import {
  buildAddressArgs,
  buildLogsArgs,
  buildNetworkConnectArgs,
  buildNetworkCreateArgs,
  buildNetworkListArgs,
  buildNetworkRemoveArgs,
  buildProbeArgs,
  buildServiceArgs,
  buildServiceListArgs,
  buildStartAttachArgs,
  jobIdOfNetwork,
  type ServiceArgsInput,
  serviceContainerName,
} from '../../../src/adapters/engine/job-args.js';
import { limitArgs } from '../../../src/adapters/engine/limit-args.js';
import {
  buildRunArgs,
  type ContainerEngineKind,
  type RunArgsInput,
} from '../../../src/adapters/engine/run-args.js';

const ENGINES: ContainerEngineKind[] = ['docker', 'podman'];

const step = (engine: ContainerEngineKind, override: Partial<RunArgsInput> = {}): RunArgsInput => ({
  engine,
  runnerId: 7,
  jobId: 41,
  stepId: 302,
  network: 'shithub-actions',
  memory: '2g',
  cpus: '2',
  pidsLimit: 512,
  seccompProfile: '/etc/shithub/seccomp.json',
  user: '65534:65534',
  workspace: '/ws/17/41',
  workingDirectory: '',
  dnsServers: [],
  envNames: [],
  image: 'node:20',
  shell: 'bash',
  script: 'true',
  pull: 'missing',
  ...override,
});

const service = (override: Partial<ServiceArgsInput> = {}): ServiceArgsInput => ({
  runnerId: 7,
  jobId: 41,
  service: 'redis',
  image: 'redis:7',
  envNames: ['REDIS_PASSWORD'],
  memory: '2g',
  cpus: '2',
  pidsLimit: 512,
  seccompProfile: '/etc/shithub/seccomp.json',
  pull: 'missing',
  limits: {},
  ...override,
});

describe.each(ENGINES)('job argv for %s', (engine) => {
  it('creates a step of a job with services, its name per sub-step, with host entries and lowered limits', () => {
    const argv = buildRunArgs(
      step(engine, {
        verb: 'create',
        part: 3,
        hosts: { redis: '10.89.1.2', db: '10.89.1.3' },
        limits: { memory: '512m', cpus: '4', shmSize: '64m', hostname: 'builder' },
      }),
    );
    expect(argv.slice(0, 4)).toEqual(['create', '--rm', '--name', 'shithub-job-41-step-302-3']);
    expect(argv.slice(8, 18)).toEqual([
      '--network',
      'shithub-actions',
      '--memory',
      '512m',
      '--cpus',
      '2',
      '--shm-size',
      '64m',
      '--hostname',
      'builder',
    ]);
    expect(argv.join(' ')).toContain(
      '--add-host redis:10.89.1.2 --add-host db:10.89.1.3 --pull=missing node:20',
    );
    expect(argv).toContain('--read-only');
  });

  it('runs a service with the step hardening but a writable root, its own user and five capabilities', () => {
    expect(buildServiceArgs(service({ limits: { memory: '8g', hostname: 'cache' } }))).toEqual([
      'run',
      '--detach',
      '--name',
      'shithub-job-41-svc-redis',
      '--label',
      'shithub.runner=7',
      '--label',
      'shithub.job=41',
      '--label',
      'shithub.service=redis',
      '--network',
      'shithub-job-41',
      '--network-alias',
      'redis',
      '--hostname',
      'cache',
      '--memory',
      '2g',
      '--cpus',
      '2',
      '--pids-limit',
      '512',
      '--cap-drop',
      'ALL',
      '--cap-add',
      'CHOWN',
      '--cap-add',
      'DAC_OVERRIDE',
      '--cap-add',
      'FOWNER',
      '--cap-add',
      'SETGID',
      '--cap-add',
      'SETUID',
      '--security-opt',
      'no-new-privileges',
      '--security-opt',
      'seccomp=/etc/shithub/seccomp.json',
      '--env',
      'REDIS_PASSWORD',
      '--pull=missing',
      'redis:7',
    ]);
  });

  it('builds the job network, its connection, the attached start, probes, logs and the GC listings', () => {
    expect(buildNetworkCreateArgs(7, 41)).toEqual([
      'network',
      'create',
      '--internal',
      '--label',
      'shithub.runner=7',
      '--label',
      'shithub.job=41',
      'shithub-job-41',
    ]);
    expect(buildNetworkConnectArgs(41, 'shithub-job-41-step-302')).toEqual([
      'network',
      'connect',
      'shithub-job-41',
      'shithub-job-41-step-302',
    ]);
    expect(buildStartAttachArgs('shithub-job-41-step-302')).toEqual([
      'start',
      '--attach',
      'shithub-job-41-step-302',
    ]);
    expect(buildAddressArgs(41, 'shithub-job-41-svc-redis')).toEqual([
      'inspect',
      '--format',
      '{{(index .NetworkSettings.Networks "shithub-job-41").IPAddress}}',
      'shithub-job-41-svc-redis',
    ]);
    expect(buildProbeArgs('shithub-job-41-svc-redis', 'redis-cli ping')).toEqual([
      'exec',
      'shithub-job-41-svc-redis',
      'sh',
      '-c',
      'redis-cli ping',
    ]);
    expect(buildLogsArgs('shithub-job-41-svc-redis', 20)).toEqual([
      'logs',
      '--tail',
      '20',
      'shithub-job-41-svc-redis',
    ]);
    expect(buildServiceListArgs(7, 41)).toEqual([
      'ps',
      '-a',
      '--filter',
      'label=shithub.runner=7',
      '--filter',
      'label=shithub.job=41',
      '--filter',
      'label=shithub.service',
      '--format',
      '{{.ID}}',
    ]);
    expect(buildNetworkListArgs(engine, 7)).toEqual([
      'network',
      'ls',
      '--filter',
      'label=shithub.runner=7',
      '--format',
      '{{.Name}}',
    ]);
    expect(buildNetworkRemoveArgs(['shithub-job-41'])).toEqual(['network', 'rm', 'shithub-job-41']);
  });
});

describe('what the job argv refuses or reads', () => {
  it.each([
    ['a service name that is no host name', () => serviceContainerName(41, 'a b')],
    ['an image read as a flag', () => buildServiceArgs(service({ image: '--privileged' }))],
    ['a bad env name', () => buildServiceArgs(service({ envNames: ['A=B'] }))],
    ['an address that is no IP', () => buildRunArgs(step('docker', { hosts: { redis: '$(id)' } }))],
    ['a host name that is no name', () => buildRunArgs(step('docker', { limits: { hostname: '-x' } }))],
    ['a size that is no size', () => limitArgs({ memory: '1 TB' }, { memory: '2g', cpus: '2' })],
    ['a network that is no job network', () => buildNetworkRemoveArgs(['bridge'])],
  ])('refuses %s', (_, build) => {
    expect(build).toThrow(/not|must/);
  });

  it.each([
    [
      'keeps the runner limits when asked for more',
      { memory: '4g', cpus: '8' },
      ['--memory', '2g', '--cpus', '2'],
    ],
    [
      'lowers them when asked for less',
      { memory: '1536m', cpus: '0.5' },
      ['--memory', '1536m', '--cpus', '0.5'],
    ],
    [
      'caps shm at the memory limit',
      { shmSize: '3g' },
      ['--memory', '2g', '--cpus', '2', '--shm-size', '2g'],
    ],
  ])('%s', (_, asked, want) => {
    expect(limitArgs(asked, { memory: '2g', cpus: '2' })).toEqual(want);
  });

  it('reads the job id of a job network and nothing else', () => {
    expect(
      ['shithub-job-41', 'shithub-actions', 'shithub-job-0', 'shithub-job-41-x'].map(jobIdOfNetwork),
    ).toEqual([41, null, null, null]);
  });
});
