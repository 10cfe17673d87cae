// A small picture of what a run created: host links (bridge, veth, ifb) and the container's interfaces,
// with a wire for each real veth pair and a line from each veth to the bridge it is enslaved to. The
// pairing comes from core's topologyOf (peer indexes), never from positions.
import type { Topology as TopologyData } from '../../core';

const ROW = 34;
const TOP = 40;
const MAX_HOST = 6;

export function Topology({ topology }: { topology: TopologyData }) {
  const host = topology.host.slice(0, MAX_HOST);
  const container = topology.container;
  const height = Math.max(110, TOP + Math.max(host.length, container.length) * ROW + 24);
  const hostRow = new Map(host.map((l, i) => [l.ifname, i]));
  const containerRow = new Map(container.map((c, i) => [c.ifname, i]));
  const mid = (row: number) => TOP + row * ROW + 13;
  return (
    <svg className="topology" data-testid="topology" viewBox={`0 0 560 ${height}`} role="img" aria-label="Topology of the run">
      <rect x="8" y="8" width="230" height={height - 16} rx="8" className="topo-host" />
      <text x="18" y="28" className="topo-title">
        host
      </text>
      {host.map((l, i) => (
        <g key={l.ifname} data-testid="topo-host-link">
          <rect x="34" y={TOP + i * ROW} width="188" height="26" rx="5" className="topo-link" />
          <text x="42" y={TOP + 17 + i * ROW}>
            {l.ifname} {l.linkinfo?.info_kind ? `(${l.linkinfo.info_kind})` : ''}
          </text>
        </g>
      ))}
      {topology.host.length > MAX_HOST && (
        <text x="34" y={height - 14} className="topo-route">
          and {topology.host.length - MAX_HOST} more
        </text>
      )}
      {/* A veth enslaved to a bridge: a bracket on the left between the two boxes. */}
      {topology.masters.map(({ link, master }) => {
        const a = hostRow.get(link);
        const b = hostRow.get(master);
        if (a === undefined || b === undefined) return null;
        return <path key={`${link}-${master}`} d={`M34 ${mid(a)} H22 V${mid(b)} H34`} className="topo-wire" fill="none" data-testid="topo-master" />;
      })}
      <rect x="322" y="8" width="230" height={height - 16} rx="8" className="topo-ns" />
      <text x="332" y="28" className="topo-title">
        container namespace
      </text>
      {container.map((c, i) => (
        <g key={c.ifname}>
          <rect x="336" y={TOP + i * ROW} width="200" height="26" rx="5" className="topo-link" />
          <text x="344" y={TOP + 17 + i * ROW}>
            {c.ifname} {c.addresses.join(' ')}
          </text>
        </g>
      ))}
      {topology.wires.map(({ host: h, container: c }) => {
        const a = hostRow.get(h);
        const b = containerRow.get(c);
        if (a === undefined || b === undefined) return null;
        return <line key={`${h}-${c}`} x1="222" y1={mid(a)} x2="336" y2={mid(b)} className="topo-wire" data-testid="topo-wire" />;
      })}
      {topology.defaultRoute && (
        <text x="332" y={height - 14} className="topo-route">
          default via {topology.defaultRoute.via ?? '(link)'}
          {topology.defaultRoute.dev ? ` dev ${topology.defaultRoute.dev}` : ''}
        </text>
      )}
    </svg>
  );
}
