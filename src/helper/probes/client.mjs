// The lab's TCP client, run by the helper inside a namespace (probes.ts): connects, sends a token, and
// expects the listener's echo of it. Prints one JSON line: {"ok":true,"seenFrom":"10.88.0.1"} or
// {"ok":false,"error":"…"}. Bounded by the milliseconds it is given. No dependencies.
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';

const [host, portText, timeoutText] = process.argv.slice(2);
const token = randomBytes(6).toString('hex');
const done = (answer) => {
  console.log(JSON.stringify(answer));
  process.exit(answer.ok ? 0 : 1);
};
setTimeout(() => done({ ok: false, error: `no answer within ${timeoutText} ms` }), Number(timeoutText ?? 3000)).unref();
const socket = connect({ host, port: Number(portText) }, () => socket.write(`${token}\n`));
let answer = '';
socket.on('data', (chunk) => {
  answer += chunk.toString('utf8');
  const m = new RegExp(`^echo ${token} from (\\S+)\\n`).exec(answer);
  if (m) done({ ok: true, seenFrom: m[1] });
});
socket.on('error', (e) => done({ ok: false, error: e.message }));
socket.on('end', () => done({ ok: false, error: `the connection closed without the echo (got ${JSON.stringify(answer.slice(0, 80))})` }));
