/**
 * `npm run bench`: every benchmark in turn, each in its own process (one at a time: they
 * would skew each other). It first lists what it will run, then runs each, printing its
 * duration, and ends with a summary: each bench's duration and exit, then the BENCH lines.
 * Arguments after `--` choose benches by name or by group (`faults` = every `faults/…`):
 * `npm run bench -- pickup-latency faults`; `--quick` runs the small mode of the benches
 * that have one (the others are skipped); `--list` only lists. Exits 0 when every bench
 * ran, whatever their PASS/MISS; a bench that crashed makes the exit code 1.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

interface Bench {
  name: string;
  script: string;
  args?: string[];
  /** Has a `--quick` mode. */
  quick?: boolean;
  /** Runs the real programs (bin/ → dist/): dist/ is rebuilt (incrementally) first. */
  dist?: boolean;
}

const ALL: Bench[] = [
  { name: 'pickup-latency', script: 'pickup-latency.ts' },
  { name: 'claim-throughput', script: 'claim-throughput.ts' },
  { name: 'queue-depth', script: 'queue-depth.ts' },
  { name: 'idle-heartbeats', script: 'idle-heartbeats.ts' },
  { name: 'log-ingest', script: 'log-ingest.ts' },
  { name: 'runner-overhead', script: 'runner-overhead.ts' },
  { name: 'retention-sweep', script: 'retention-sweep.ts' },
  { name: 'log-finalisation', script: 'log-finalisation.ts' },
  { name: 'ui-log-view', script: 'ui-log-view.ts' },
  { name: 'runner-load', script: 'runner-load.ts', quick: true, dist: true },
  { name: 'faults/runner-kill', script: 'faults/runner-kill.ts', quick: true, dist: true },
  { name: 'faults/server-kill', script: 'faults/server-kill.ts', quick: true, dist: true },
  {
    name: 'faults/server-kill-pglite',
    script: 'faults/server-kill.ts',
    args: ['--db', 'pglite'],
    quick: true,
    dist: true,
  },
  { name: 'faults/pg-restart', script: 'faults/pg-restart.ts', quick: true, dist: true },
  { name: 'faults/proxy-faults', script: 'faults/proxy-faults.ts', quick: true, dist: true },
];

const argv = process.argv.slice(2).filter((a) => a !== '--');
const quick = argv.includes('--quick');
const listOnly = argv.includes('--list');
const chosen = argv.filter((a) => !a.startsWith('--'));
for (const c of chosen) {
  if (!ALL.some((b) => b.name === c || b.name.startsWith(`${c}/`))) {
    throw new Error(
      `unknown bench ${c}: choose from ${ALL.map((b) => b.name).join(', ')} (or a group: faults)`,
    );
  }
}
const benches = ALL.filter(
  (b) =>
    (chosen.length === 0 || chosen.some((c) => b.name === c || b.name.startsWith(`${c}/`))) &&
    (!quick || b.quick),
);
const commandOf = (b: Bench) =>
  [`bench/${b.script}`, ...(b.args ?? []), ...(quick ? ['--quick'] : [])].join(' ');

console.log(`=== ${benches.length} benches${quick ? ' (quick mode)' : ''}, one at a time:`);
for (const b of benches) console.log(`  ${b.name.padEnd(28)} npx tsx ${commandOf(b)}`);
if (listOnly) process.exit(0);

const lines: string[] = [];
const durations: string[] = [];
let crashed = 0;
if (benches.some((b) => b.dist)) {
  const t0 = performance.now();
  console.log('\n=== npm run build (the real programs run dist/)');
  const code = await new Promise<number | null>((done) =>
    spawn('npm', ['run', 'build'], { stdio: 'inherit' }).once('exit', done),
  );
  if (code !== 0) throw new Error(`npm run build exited ${code}`);
  durations.push(
    `  ${'(npm run build)'.padEnd(28)} ${`${((performance.now() - t0) / 1000).toFixed(0)} s`.padStart(7)}`,
  );
}
for (const b of benches) {
  console.log(`\n=== ${b.name} (${new Date().toISOString()})`);
  const t0 = performance.now();
  const code = await new Promise<number | null>((done) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        resolve(import.meta.dirname, b.script),
        ...(b.args ?? []),
        ...(quick ? ['--quick'] : []),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      console.log(line);
      if (line.startsWith('BENCH ')) lines.push(line);
    });
    child.once('exit', done);
  });
  const took = `${((performance.now() - t0) / 1000).toFixed(0)} s`;
  console.log(`=== ${b.name} took ${took}${code === 0 ? '' : ` and exited ${code}`}`);
  durations.push(`  ${b.name.padEnd(28)} ${took.padStart(7)}${code === 0 ? '' : `  CRASHED (exit ${code})`}`);
  if (code !== 0) {
    crashed++;
    lines.push(`BENCH ${b.name} crashed (exit ${code})`);
  }
}
console.log(`\n=== summary\n${durations.join('\n')}\n${lines.join('\n')}`);
process.exit(crashed > 0 ? 1 : 0);
