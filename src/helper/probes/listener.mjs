// The lab's TCP listener, started by the helper inside a container's namespace (probes.ts): it answers each
// line with "echo <line> from <peer>" and prints one JSON line per event, so the helper learns when it
// listens and who connected (the source address says whether masquerade applied). It ends on its own after
// the seconds it is given, whatever happens to the helper. No dependencies.
import { createServer } from 'node:net';

const port = Number(process.argv[2]);
const limitSeconds = Number(process.argv[3] ?? 120);
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
  socket.on('data', (chunk) => {
    line += chunk.toString('utf8');
    if (line.length > 1024) return socket.destroy();
    const nl = line.indexOf('\n');
    if (nl >= 0) socket.end(`echo ${line.slice(0, nl)} from ${peer}\n`);
  });
  socket.on('error', () => {});
});
// Both families on one socket ("::" accepts IPv4 as mapped addresses).
server.listen({ port, host: '::', ipv6Only: false }, () => console.log(JSON.stringify({ listening: port })));
server.on('error', (e) => {
  console.error(`listener: ${e.message}`);
  process.exit(1);
});
setTimeout(() => process.exit(0), limitSeconds * 1000).unref();
