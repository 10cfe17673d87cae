// The topology picture of a run: core's model (every host link and container interface, addresses of
// both families, routes, the rules the run added, wires proven by peer index) laid out by dagre. Every
// link, address, route and rule is a button: it shows the record it was read from beside the picture.
import { useMemo, useState } from 'react';
import type { TopologyItem, TopologyModel, TopologyNode } from '../../core';
import { layoutTopology } from './topology-layout';
import './topology.css';

type Selected = { node: TopologyNode; item?: TopologyItem };

/** A box's label; a container of a run of several is "container c1", "container c2"…. */
const CLUSTER_LABEL: Partial<Record<string, string>> = { host: 'host (what the run added)', container: 'container namespace', client: 'client namespace (hostPort checks)', outside: 'outside namespace (stands in for the uplink)' };

/** Which command printed a record, in the words a person would type to see it again. */
function source({ node, item }: Selected): string {
  const where = node.side === 'container' ? `ip netns exec <${node.container !== undefined ? `c${node.container + 1}’s` : 'the run’s'} namespace> ` : '';
  // The checks' own namespaces and links are made after the observation: what the helper said it wired.
  if (typeof node.raw === 'object' && node.raw !== null && 'role' in node.raw) return `the checks' event: the ${String(node.raw.role)} namespace it wired to the host (a veth pair made after the observation, removed with the checks)`;
  if (!item) return node.kind === 'rules' ? `iptables-save / ip6tables-save, table ${node.name.split(' ')[0]} (lines the run added)` : `${where}ip -j -d link show ${node.name} (and ip -j addr show)`;
  if (item.section === 'address') return `${where}ip -j addr show dev ${node.name}`;
  if (item.section === 'route') {
    const table = (item.raw as { table?: unknown }).table;
    return `${where}ip -j ${item.family === 'ipv6' ? '-6 ' : ''}route show ${typeof table === 'string' ? `table ${table} ` : ''}dev ${node.name}`;
  }
  return `${item.family === 'ipv6' ? 'ip6tables-save' : 'iptables-save'} (the line as printed)`;
}

function recordText({ node, item }: Selected): string {
  const raw = item ? item.raw : node.raw;
  if (node.kind === 'rules') {
    const rules = (Array.isArray(raw) ? raw : [raw]) as { family: string; table: string; rule: string }[];
    return rules.map((r) => `${r.family === 'ipv6' ? '[IPv6] ' : ''}*${r.table} ${r.rule}`).join('\n');
  }
  return JSON.stringify(raw, null, 2);
}

const path = (points: { x: number; y: number }[]) => points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');

export function Topology({ model }: { model: TopologyModel }) {
  const layout = useMemo(() => layoutTopology(model), [model]);
  const [selected, setSelected] = useState<Selected | null>(null);
  const isOn = (node: TopologyNode, item?: TopologyItem) => selected?.node.id === node.id && selected.item?.id === item?.id;
  return (
    <div className="topo" data-testid="topology">
      <div className="topo-scroll">
        <div className="topo-canvas" style={{ width: layout.width, height: layout.height }}>
          {layout.clusters.map(({ key, side, box }) => (
            <div key={key} className={`topo-cluster ${side}`} style={{ left: box.x, top: box.y, width: box.width, height: box.height }} data-testid="topo-cluster" data-cluster={key}>
              <span>{CLUSTER_LABEL[key] ?? `container ${key}`}</span>
            </div>
          ))}
          <svg className="topo-wires" width={layout.width} height={layout.height} aria-hidden="true">
            {model.edges.map((e) => {
              const laid = layout.edges.find((x) => x.id === e.id);
              return laid ? <path key={e.id} d={path(laid.points)} className={`topo-wire ${e.kind}`} data-testid="topo-edge" data-kind={e.kind} data-from={e.from} data-to={e.to} /> : null;
            })}
          </svg>
          {model.edges.map((e) => {
            const at = layout.edges.find((x) => x.id === e.id)?.label;
            return at ? (
              <span key={e.id} className={`topo-edge-label ${e.kind}`} style={{ left: at.x, top: at.y }}>
                {e.label}
              </span>
            ) : null;
          })}
          {model.nodes.map((n) => {
            const b = layout.nodes.get(n.id)!;
            return (
              <div key={n.id} className={`topo-node ${n.kind} ${n.side}`} style={{ left: b.x, top: b.y, width: b.width, minHeight: b.height }} data-testid="topo-node" data-node-id={n.id}>
                <button className={`topo-node-title${isOn(n) ? ' on' : ''}`} onClick={() => setSelected({ node: n })} aria-pressed={isOn(n)}>
                  <strong>{n.name}</strong>
                  <span className="topo-caption">{n.caption}</span>
                </button>
                {n.items.length > 0 && (
                  <ul>
                    {n.items.map((i) => (
                      <li key={i.id}>
                        <button className={`topo-item ${i.section}${isOn(n, i) ? ' on' : ''}`} onClick={() => setSelected({ node: n, item: i })} aria-pressed={isOn(n, i)} data-testid={`topo-${i.section}`}>
                          {i.family && i.section !== 'rule' && <span className={`topo-family ${i.family}`}>{i.family === 'ipv6' ? 'v6' : 'v4'}</span>}
                          {i.section === 'route' && <span className="topo-tag">route</span>}
                          {i.text}
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            );
          })}
        </div>
      </div>
      <aside className="topo-detail" aria-label="Record of the selected element" data-testid="topo-detail">
        {selected ? (
          <>
            <h5>
              {selected.node.name}
              {selected.item ? ` · ${selected.item.section} ${selected.item.text}` : ''}
            </h5>
            <p className="hint">{source(selected)}</p>
            <pre tabIndex={0} className="json-view" data-testid="topo-record">
              {recordText(selected)}
            </pre>
          </>
        ) : (
          <p className="hint">Click a link, an address, a route or a rule to see the record it was read from.</p>
        )}
        {model.notes.map((note) => (
          <p key={note} className="lab-warning">
            {note}
          </p>
        ))}
      </aside>
    </div>
  );
}
