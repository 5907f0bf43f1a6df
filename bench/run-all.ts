/**
 * `npm run bench`: every benchmark in turn, each in its own process (one at a time: they
 * would skew each other), then the BENCH lines together. Arguments after `--` are bench
 * names to run (`npm run bench -- pickup-latency log-ingest`). Exits 0 when every bench
 * ran, whatever their PASS/MISS; a bench that crashed makes the exit code 1.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ALL = [
  'pickup-latency',
  'claim-throughput',
  'queue-depth',
  'idle-heartbeats',
  'log-ingest',
  'runner-overhead',
  'retention-sweep',
  'log-finalisation',
  'ui-log-view',
];
const chosen = process.argv.slice(2).filter((a) => a !== '--');
const names = chosen.length > 0 ? chosen : ALL;
const lines: string[] = [];
let crashed = 0;

for (const name of names) {
  if (!ALL.includes(name)) throw new Error(`unknown bench ${name}: choose from ${ALL.join(', ')}`);
  console.log(`\n=== ${name} (${new Date().toISOString()})`);
  const code = await new Promise<number | null>((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, `${name}.ts`)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      console.log(line);
      if (line.startsWith('BENCH ')) lines.push(line);
    });
    child.once('exit', done);
  });
  if (code !== 0) {
    crashed++;
    lines.push(`BENCH ${name} crashed (exit ${code})`);
  }
}
console.log(`\n=== summary\n${lines.join('\n')}`);
process.exit(crashed > 0 ? 1 : 0);
