// The lab's TCP listener, started by the helper inside a container's namespace (probes.ts): it answers each
// line with "echo <line> from <peer> to <its own address>" (or, after a "sink" line, counts what arrives until the client
// half-closes and answers {"bytes","ms"}) and prints one JSON line per event, so the helper learns when it
// listens and who connected (the source address says whether masquerade applied). It ends when its stdin
// ends (the helper holds the other end: killed, the kernel closes it), and in any case after the seconds it
// is given. No dependencies.
import { createServer } from 'node:net';

const port = Number(process.argv[2]);
const limitSeconds = Number(process.argv[3] ?? 120);
const bind = process.argv[4] ?? '::';
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`listener: bad port ${process.argv[2]}`);
  process.exit(2);
}
const peerOf = (socket) => (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
const server = createServer((socket) => {
  const peer = peerOf(socket);
  console.log(JSON.stringify({ peer }));
  socket.setTimeout(5000, () => socket.destroy());
  let line = '';
  // "sink": count what arrives until the client half-closes, then answer how much and how long (bandwidth).
  let sink;
  socket.on('data', (chunk) => {
    if (sink) {
      sink.bytes += chunk.length;
      sink.last = Date.now();
      return;
    }
    line += chunk.toString('latin1');
    if (line.length > 1024 && line.indexOf('\n') < 0) return socket.destroy();
    const nl = line.indexOf('\n');
    if (nl < 0) return;
    const first = line.slice(0, nl);
    if (first === 'sink') {
      const rest = line.length - nl - 1;
      sink = { bytes: rest, first: Date.now(), last: Date.now() };
      socket.setTimeout(0);
      return;
    }
    // Its own address and port too: after a DNAT it says which container, and which of its ports, the connection really reached.
    socket.end(`echo ${first} from ${peer} to ${(socket.localAddress ?? '').replace(/^::ffff:/, '')} port ${socket.localPort}\n`);
  });
  socket.on('end', () => {
    if (sink) socket.end(`${JSON.stringify({ bytes: sink.bytes, ms: Math.max(1, sink.last - sink.first) })}\n`);
  });
  socket.on('error', () => {});
});
// Both families on one socket ("::" accepts IPv4 as mapped addresses).
server.listen({ port, host: bind, ...(bind === '::' ? { ipv6Only: false } : {}) }, () => console.log(JSON.stringify({ listening: port })));
server.on('error', (e) => {
  console.error(`listener: ${e.message}`);
  process.exit(1);
});
setTimeout(() => process.exit(0), limitSeconds * 1000).unref();
// The helper gone (or done with it): nothing holds its namespace any more.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
