/**
 * Traversal and injection (issue #12, security suite): names that try to leave their folder
 * (repositories, owners, workflow files, object keys, `working-directory`), names that try to
 * be something else (env names, labels, git refs with control characters), YAML that tries to
 * build objects, and untrusted text — commit messages, pull request titles, a fork's branch
 * name — that a workflow splices into `run:`, which must reach the shell as data, never code.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are ${{ }} text
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { HostEngine } from '../../src/adapters/engine/host.js';
import { buildRunArgs, type RunArgsInput } from '../../src/adapters/engine/run-args.js';
import { FsObjectStore } from '../../src/adapters/storage/fs-object-store.js';
import { isValidBranchName } from '../../src/domain/forge/git-ref-name.js';
import { createRepo } from '../../src/domain/forge/repository.js';
import { createUser } from '../../src/domain/forge/user.js';
import { normaliseLabels } from '../../src/domain/runners/labels.js';
import { dispatchWorkflow } from '../../src/domain/triggers/dispatch-workflow.js';
import { parseWorkflow } from '../../src/domain/workflows/parse-workflow.js';
import { renderRunScript } from '../../src/domain/workflows/render-run-script.js';
import { DISPATCH, makeTriggerWorld } from '../support/trigger-world.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
async function* bytes(values: number[]) {
  yield new Uint8Array(values);
}

const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'shithub-sec-'));
  dirs.push(dir);
  return dir;
};

describe('traversal', () => {
  it.each(['..', '.', '../etc', 'a/b', 'a\\b', '.git', 'x.git', 'a\u0000b', '%2e%2e', ''])(
    'refuses the repository name %j',
    async (name) => {
      const w = makeTriggerWorld();
      await w.user('ada');
      await expect(createRepo(w.deps, { ownerName: 'ada', name })).rejects.toMatchObject({ kind: 'invalid' });
    },
  );

  it.each(['..', '../ada', 'a/b', 'ada\u0000', '.hidden', ''])('refuses the owner name %j', async (name) => {
    const w = makeTriggerWorld();
    await expect(createUser(w.deps, { name })).rejects.toMatchObject({ kind: 'invalid' });
  });

  it.each([
    '../../../etc/passwd',
    '../deploy.yml',
    '..%2Fdeploy.yml',
    '.shithub/workflows/../../secret.yml',
    '/etc/passwd',
    'deploy.yml\u0000.txt',
  ])('finds no workflow file called %j', async (file) => {
    const w = makeTriggerWorld();
    const ada = await w.user('ada');
    const repo = await w.repo('ada', 'app');
    w.git.commit(repo, 'trunk', { '.shithub/workflows/deploy.yml': DISPATCH, 'secret.yml': DISPATCH });
    const dispatch = dispatchWorkflow(w.deps, { repo, actor: ada, file, inputs: { target: 'staging' } });
    await expect(dispatch).rejects.toMatchObject({ kind: 'not_found', code: 'workflow.not_found' });
    expect(w.runs()).toEqual([]);
  });

  it.each(['../escape.log', 'actions/../../escape.log', '/etc/passwd', 'a/./b', 'a\\..\\b', 'a\u0000b'])(
    'refuses the object key %j on the filesystem store',
    async (key) => {
      const root = tempDir();
      const store = new FsObjectStore(join(root, 'objects'));
      await expect(store.put(key, bytes([1]), 1)).rejects.toMatchObject({ code: 'object.key_invalid' });
      expect(readdirSync(root).filter((f) => f !== 'objects')).toEqual([]);
    },
  );

  it.each(['../../etc', '..', '/etc', 'a/../../b', 'dir\u0000'])(
    'refuses working-directory %j on the host engine and in a container',
    async (dir) => {
      const engine = new HostEngine({ path: process.env.PATH ?? '/usr/bin:/bin' });
      const step = {
        runnerId: 1,
        runId: 1,
        jobId: 1,
        stepId: 1,
        workspace: tempDir(),
        workingDirectory: dir,
        shared: tempDir(),
        env: {},
        shell: 'bash' as const,
        script: 'pwd',
      };
      await expect(engine.startStep(step, () => undefined)).rejects.toMatchObject({
        code: 'step.working_directory_invalid',
      });
      expect(() => buildRunArgs({ ...containerStep(), workingDirectory: dir })).toThrow(
        /inside the workspace/,
      );
    },
  );
});

describe('injection', () => {
  it.each(['A=B', 'PATH;x', 'a b', '1ABC', 'A\nB', 'SHITHUB_INPUT_0', ''])(
    'refuses the env name %j in a workflow',
    (name) => {
      const text = `on: push\njobs:\n  a:\n    runs-on: x\n    env:\n      ${JSON.stringify(name)}: v\n    steps:\n      - run: echo\n`;
      expect(parseWorkflow(text, 'ci.yml').diagnostics.filter((d) => d.severity === 'error')).not.toEqual([]);
    },
  );

  it.each(['a b', 'x;y', '$(id)', 'a/b', '../x', 'ü', 'a\u0000', 'x'.repeat(101)])(
    'refuses the runner label %j',
    (label) => {
      expect(() => normaliseLabels([label])).toThrow(
        expect.objectContaining({ code: 'runner.label_invalid' }),
      );
    },
  );

  it.each([
    ['!!js/function', 'on: push\njobs: !!js/function "function () { return 1 }"\n'],
    ['!!python/object', 'on: push\njobs: !!python/object:os.system [id]\n'],
    ['a custom tag', 'on: push\njobs:\n  a: !shell "id"\n'],
    ['an alias bomb', 'a: &a ["x","x"]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\non: push\njobs: *c\n'],
  ])('turns YAML with %s into diagnostics, building nothing', (_name, text) => {
    const parsed = parseWorkflow(text, 'ci.yml');
    expect(parsed.workflow).toBeNull();
    expect(parsed.diagnostics.length).toBeGreaterThan(0);
  });

  it.each(['trunk\u0001', 'a\u007fb', 'a\nb', 'a b', 'a..b', 'a~1', 'x@{0}', '-x', 'a.lock', ''])(
    'refuses the git ref %j',
    (ref) => {
      expect(isValidBranchName(ref)).toBe(false);
    },
  );

  const HOSTILE = [
    '$(touch pwned)',
    '`touch pwned`',
    '"; touch pwned; echo "',
    "'; touch pwned; echo '",
    'x\ntouch pwned',
    '${IFS}touch${IFS}pwned',
  ];
  const event = (text: string) => ({
    head_commit: { message: text },
    commits: [{ message: text }],
    pull_request: { title: text, body: text, head: { ref: text, label: text } },
  });
  it.each([
    ['a commit message', 'echo "${{ github.event.head_commit.message }}"'],
    ['every commit message', "echo ${{ join(github.event.commits.*.message, ' ') }}"],
    ['a pull request title', "echo '${{ github.event.pull_request.title }}'"],
    ['a pull request body', 'echo ${{ github.event.pull_request.body }}'],
    [
      "a fork's branch name",
      'git checkout ${{ github.event.pull_request.head.ref }} || echo ${{ shithub.event.pull_request.head.label }}',
    ],
  ])('passes %s to the shell as data, never as code', async (_name, run) => {
    for (const text of HOSTILE) {
      const rendered = renderRunScript(run, {
        contexts: { github: { event: event(text) }, shithub: { event: event(text) } },
      });
      expect(rendered.script).not.toContain('pwned');
      const cwd = tempDir();
      await execa('bash', ['-c', rendered.script], { cwd, env: rendered.env, reject: false });
      expect(readdirSync(cwd), `${run} with ${JSON.stringify(text)}`).toEqual([]);
    }
  });
});

function containerStep(): RunArgsInput {
  return {
    engine: 'docker',
    runnerId: 1,
    jobId: 2,
    stepId: 3,
    workspace: '/var/lib/shithubd-runner/ws/1/2',
    workingDirectory: '',
    envNames: [],
    network: 'shithub-actions',
    dnsServers: [],
    memory: '2g',
    cpus: 2,
    pidsLimit: 512,
    user: '1000:1000',
    image: 'ubuntu:24.04',
    seccompProfile: 'unconfined',
    shell: 'bash',
    script: 'pwd',
    pull: 'never',
  };
}
