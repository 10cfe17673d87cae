// Run by lock.test.ts, several at once: at each line on stdin (a round's length in ms), takes the lock as
// often as it can until the round ends, holding it a few milliseconds each time, and prints when it held it
// (the machine's monotonic clock, the same in every process) and the errors it met. Every other time it
// leaves the lock as a killed owner would (a dead pid's, put in its place in one rename), for the others
// to take over.
import { renameSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { acquireLock } from '../lock';

const [path, deadPid] = process.argv.slice(2) as [string, string];
const now = () => process.hrtime.bigint();
const spin = (ns: bigint) => {
  for (const end = now() + ns; now() < end; );
};

createInterface({ input: process.stdin }).on('line', (line) => {
  const end = now() + BigInt(Number(line)) * 1_000_000n;
  const held: [string, string][] = [];
  const errors: string[] = [];
  while (now() < end) {
    let lock: ReturnType<typeof acquireLock>;
    try {
      lock = acquireLock(path);
    } catch (e) {
      errors.push((e as Error).message);
      continue;
    }
    if (!lock.ok) continue;
    const start = now();
    spin(5_000_000n);
    held.push([String(start), String(now())]);
    if (held.length % 2) {
      lock.release();
    } else {
      writeFileSync(`${path}.killed-${process.pid}`, deadPid);
      renameSync(`${path}.killed-${process.pid}`, path);
    }
  }
  process.stdout.write(JSON.stringify({ held, errors }) + '\n');
});
process.stdout.write('ready\n');
