import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenersIn, listeningPorts, sctpEndpointsIn } from './listening';

// As /proc/net/tcp and /proc/net/udp6 print them: a listener on 2024, an established connection, an
// unconnected UDP socket on 5353 and a connected one.
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1077 1 0000000000000000 100 0 0 10 0
   1: 0100007F:A1B2 0100007F:07E8 01 00000000:00000000 00:00000000 00000000     0        0 2077 1 0000000000000000 20 4 30 10 -1
`;
const UDP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  0: 00000000000000000000000000000000:14E9 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 3001 2 0000000000000000 0
  1: 00000000000000000000000001000000:C000 00000000000000000000000001000000:0035 01 00000000:00000000 00:00000000 00000000     0        0 3002 2 0000000000000000 0
`;

// As /proc/net/sctp/eps prints it (net/sctp/proc.c, sctp_eps_seq_show): an endpoint on 2905 (IPv4 and IPv6) and one on 36412.
const SCTP = ` ENDPT     SOCK   STY SST HBKT LPORT   UID INODE LADDRS
       0        0 2   10  29   2905      0 299689357 10.0.0.102 10.0.0.70 
       0        0 1   10  30   2905      0 273361203 fd00::1 
       0        0 2   7   31   36412     0 273361145 0.0.0.0 
`;

describe('the ports the lab machine listens on', () => {
  it('reads SCTP endpoints (none without the sctp module: the file is not there)', () => {
    expect(sctpEndpointsIn(SCTP)).toEqual([{ protocol: 'sctp', port: 2905 }, { protocol: 'sctp', port: 36412 }]);
    expect(sctpEndpointsIn('')).toEqual([]);
  });

  it('reads listeners and unconnected UDP sockets, not connections', () => {
    expect(listenersIn(TCP, 'tcp')).toEqual([{ protocol: 'tcp', port: 2024 }]);
    expect(listenersIn(UDP6, 'udp')).toEqual([{ protocol: 'udp', port: 5353 }]);
    expect(listenersIn('', 'tcp')).toEqual([]);
  });

  it("finds a listener this process opens on loopback", async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as { port: number }).port;
    try {
      expect(await listeningPorts()).toContainEqual({ protocol: 'tcp', port });
    } finally {
      server.close();
    }
  });
});
