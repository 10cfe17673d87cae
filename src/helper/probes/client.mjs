// The lab's TCP client, run by the helper inside a namespace (probes.ts): connects, sends a token, and
// expects the listener's echo of it. Prints one JSON line: {"ok":true,"seenFrom":"10.88.0.1","answeredAt":"10.88.0.5","answeredPort":80} or
// {"ok":false,"error":"…"}. Bounded by the milliseconds it is given. No dependencies.
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';

const [host, portText, timeoutText, mode] = process.argv.slice(2);
const token = randomBytes(6).toString('hex');
const done = (answer) => {
  console.log(JSON.stringify(answer));
  process.exit(answer.ok ? 0 : 1);
};
setTimeout(() => done({ ok: false, error: `no answer within ${timeoutText} ms` }), Number(timeoutText ?? 3000)).unref();
// "send:<ms>": send as fast as the path takes for that long, half-close, and report what the listener counted.
const sendMs = mode?.startsWith('send:') ? Number(mode.slice(5)) : undefined;
const socket = connect({ host, port: Number(portText) }, () => {
  if (sendMs === undefined) return socket.write(`${token}\n`);
  socket.write('sink\n');
  const chunk = Buffer.alloc(64 * 1024, 120);
  const until = Date.now() + sendMs;
  const pump = () => {
    while (Date.now() < until) if (!socket.write(chunk)) return socket.once('drain', pump);
    socket.end();
  };
  pump();
});
let answer = '';
socket.on('data', (chunk) => {
  answer += chunk.toString('utf8');
  if (sendMs !== undefined) {
    const nl = answer.indexOf('\n');
    if (nl >= 0) {
      const counted = JSON.parse(answer.slice(0, nl));
      done({ ok: true, bytes: counted.bytes, ms: counted.ms });
    }
    return;
  }
  const m = new RegExp(`^echo ${token} from (\\S+) to (\\S+)(?: port (\\d+))?\\n`).exec(answer);
  if (m) done({ ok: true, seenFrom: m[1], answeredAt: m[2], ...(m[3] ? { answeredPort: Number(m[3]) } : {}) });
});
socket.on('error', (e) => done({ ok: false, error: e.message }));
socket.on('end', () => done({ ok: false, error: `the connection closed without ${sendMs === undefined ? 'the echo' : 'the count'} (got ${JSON.stringify(answer.slice(0, 80))})` }));
