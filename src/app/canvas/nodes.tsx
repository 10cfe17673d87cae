// Canvas node views: thin renderers of data prepared from the document (type, key settings, badges).
import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { PluginRole, Severity } from '../../core';
import type { PartRef } from '../store/store';
import type { LabState } from './graph';
import type { Direction } from './layout';
import { RoleIcon } from '../components/RoleIcon';
import { count } from '../text';

export interface PluginNodeData extends Record<string, unknown> {
  /** Which plugin this node draws (node ids are opaque keys for the canvas library only). */
  ref: PartRef;
  index: number;
  type: string;
  title: string;
  role: PluginRole | 'unknown';
  thirdParty: boolean;
  settings: [string, string][];
  counts: Record<Severity, number>;
  hasIpam: boolean;
  /** Teaching's step or review's change on this plugin. */
  mark?: { badge?: string; current?: boolean };
  /** In a live run of several containers, how this plugin did in each (c1 ok, c2 failed). */
  labContainers?: readonly { container: string; status: LabState }[];
  /** The way the chain runs through this node's row: it takes the result on one side, hands it on the other. */
  direction: Direction;
}

export interface IpamNodeData extends Record<string, unknown> {
  ref: PartRef;
  parentIndex: number;
  type: string;
  settings: [string, string][];
  counts: Record<Severity, number>;
}

export type PluginNodeType = Node<PluginNodeData, 'plugin'>;
export type IpamNodeType = Node<IpamNodeData, 'ipam'>;

/** A container's status on a node, beside its words (for screen readers) and its colour. */
const CHIP = { running: '…', ok: '✓', failed: '✗', contradicted: '!' } as const;

const ROLE_LABEL: Record<PluginNodeData['role'], string> = { interface: 'interface', ipam: 'IPAM', chained: 'chained', meta: 'meta', unknown: 'unknown' };

/** A class for a node's worst finding: the overview rings the block in its colour. */
const findingClass = (counts: Record<Severity, number>) => (counts.error > 0 ? ' has-error' : counts.warning > 0 ? ' has-warning' : '');

function Badge({ counts }: { counts: Record<Severity, number> }) {
  if (counts.error === 0 && counts.warning === 0) return null;
  return (
    <span className="badges" data-testid="node-badge" aria-label={`${count(counts.error, 'error')}, ${count(counts.warning, 'warning')}`}>
      {counts.error > 0 && <span className="badge badge-error">{counts.error}</span>}
      {counts.warning > 0 && <span className="badge badge-warning">{counts.warning}</span>}
    </span>
  );
}

function Settings({ settings }: { settings: [string, string][] }) {
  if (settings.length === 0) return null;
  return (
    <dl className="node-settings">
      {settings.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd title={v}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A node draws its data and whether it is selected, nothing else: moving it (a drag frame, a relayout) or
 * React Flow's other props changing does not draw it again. Its data is the same object while it projects
 * the same (graph.ts keepUnchanged).
 */
const sameView = (a: NodeProps, b: NodeProps) => a.data === b.data && a.selected === b.selected;

export const PluginNode = memo(function PluginNode({ data, selected }: NodeProps<PluginNodeType>) {
  const ltr = data.direction === 'ltr';
  return (
    <div className={`node plugin-node role-${data.role}${findingClass(data.counts)}${selected ? ' selected' : ''}`} data-testid={`node-${data.index}`} data-type={data.type} aria-current={data.mark?.current ? 'step' : undefined}>
      <Handle type="target" id="in" position={ltr ? Position.Left : Position.Right} />
      {data.mark?.badge && (
        <span className="node-mark" data-testid="node-mark">
          {data.mark.badge}
        </span>
      )}
      <div className="node-head">
        <RoleIcon role={data.role} className="node-glyph" />
        <span className="node-index">{data.index + 1}</span>
        <span className="node-type" title={data.type}>
          {data.type}
        </span>
        <Badge counts={data.counts} />
      </div>
      <div className="node-role">
        {ROLE_LABEL[data.role]}
        {data.thirdParty ? ' · third-party' : ''}
      </div>
      <Settings settings={data.settings} />
      {data.labContainers && (
        <ul className="node-containers" aria-label="In each container of the live run" data-testid="node-containers">
          {data.labContainers.map((c) => (
            <li key={c.container} className={`lab-chip ${c.status}`} title={`${c.container}: ${c.status}`}>
              {c.container} {CHIP[c.status]}
              <span className="visually-hidden"> {c.status}</span>
            </li>
          ))}
        </ul>
      )}
      <Handle type="source" id="out" position={ltr ? Position.Right : Position.Left} />
      {data.hasIpam && <Handle type="source" id="ipam" position={Position.Bottom} />}
    </div>
  );
}, sameView);

export const IpamNode = memo(function IpamNode({ data, selected }: NodeProps<IpamNodeType>) {
  return (
    <div className={`node ipam-node role-ipam${findingClass(data.counts)}${selected ? ' selected' : ''}`} data-testid={`ipam-${data.parentIndex}`} data-type={data.type}>
      <Handle type="target" position={Position.Top} />
      <div className="node-head">
        <RoleIcon role="ipam" className="node-glyph" />
        <span className="node-type" title={data.type}>
          {data.type || '(no type)'}
        </span>
        <Badge counts={data.counts} />
      </div>
      <div className="node-role">IPAM</div>
      <Settings settings={data.settings} />
    </div>
  );
}, sameView);

export const nodeTypes = { plugin: PluginNode, ipam: IpamNode };
