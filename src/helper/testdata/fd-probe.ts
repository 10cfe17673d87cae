// Run by inherited-fds.test.ts with extra descriptors open: closes what it inherited, as the helper
// does at start, then prints the descriptors a program it starts sees.
import { spawnSync } from 'node:child_process';
import { closeInheritedFds } from '../inherited-fds';

const closed = process.argv.includes('--close') ? closeInheritedFds() : [];
const seen = spawnSync('ls', ['/proc/self/fd'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
process.stdout.write(JSON.stringify({ closed, seen }));
