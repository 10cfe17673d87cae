// The stack's floor: the libraries the first screen is made of (React, React Flow, the panel library, the
// icons), drawing a screen of the same shape as the app's (a toolbar, a palette's first screenful, the
// benchmark's five plugins and their IPAM on a fitted canvas, the bottom panel's tabs, a settings form) with
// none of the app's code: no store, no document, no catalog, no checks. What the app takes above this page
// is its own; below it nothing built on this stack can go.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Background, ReactFlow, ReactFlowProvider, type Edge, type Node } from '@xyflow/react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import { Blocks, Command, Download, History, Link2, Maximize2, Moon, Plus, Redo2, Share2, Undo2, Upload, ZoomIn, ZoomOut } from 'lucide-react';
import '@xyflow/react/dist/style.css';

const PALETTE = ['bridge', 'dummy', 'host-device', 'ipvlan', 'loopback', 'macvlan', 'ptp', 'tap', 'vlan'];
const CHAIN = ['bridge', 'portmap', 'tuning', 'bandwidth', 'firewall'];
const nodes: Node[] = [
  ...CHAIN.map((type, i) => ({ id: type, position: { x: (i % 3) * 220, y: i < 3 ? 0 : 240 }, data: { label: `${i + 1} ${type}` } })),
  { id: 'ipam', position: { x: 0, y: 120 }, data: { label: 'host-local' } },
];
const edges: Edge[] = [...CHAIN.slice(1).map((type, i) => ({ id: type, source: CHAIN[i]!, target: type, label: 'prevResult' })), { id: 'ipam', source: 'bridge', target: 'ipam', label: 'delegates' }];
const TOOLBAR = [Blocks, Upload, Download, Share2, History, Undo2, Redo2, Plus, Command, Moon];
const TABS = ['Plugin', 'Whole conflist', 'NAD YAML', 'Runtime preview', 'Live lab', 'Review'];

function Stack() {
  return (
    <div style={{ height: '100vh', display: 'flex', flexDirection: 'column', font: '14px system-ui, sans-serif', margin: -8 }}>
      <header style={{ display: 'flex', gap: 6, padding: 8, borderBottom: '1px solid #ddd' }}>
        <b>CNI Studio</b>
        {TOOLBAR.map((Icon, k) => (
          <button key={k} type="button">
            <Icon size={16} /> Action
          </button>
        ))}
      </header>
      <Group orientation="horizontal" style={{ flex: 1 }}>
        <Panel defaultSize="18%">
          <nav className="palette">
            <input type="search" placeholder="Search plugins" />
            {PALETTE.map((type) => (
              <div className="plugin" key={type} draggable>
                <Link2 size={14} /> <b>{type}</b>
                <div>A plugin of the palette, in a line</div>
              </div>
            ))}
          </nav>
        </Panel>
        <Separator />
        <Panel>
          <Group orientation="vertical">
            <Panel defaultSize="60%">
              <div style={{ display: 'flex', gap: 4 }}>
                Chain {[ZoomOut, ZoomIn, Maximize2].map((Icon, k) => <Icon key={k} size={16} />)}
              </div>
              <ReactFlowProvider>
                <ReactFlow nodes={nodes} edges={edges} fitView>
                  <Background />
                </ReactFlow>
              </ReactFlowProvider>
            </Panel>
            <Separator />
            <Panel>
              <div role="tablist">
                {TABS.map((tab) => (
                  <button key={tab} type="button" role="tab">
                    {tab}
                  </button>
                ))}
              </div>
              <p>Select a plugin on the canvas to edit its JSON.</p>
            </Panel>
          </Group>
        </Panel>
        <Separator />
        <Panel defaultSize="24%">
          <form>
            {['libcni', 'plugins', 'cniVersion'].map((label) => (
              <label key={label} style={{ display: 'block' }}>
                {label}
                <select>
                  <option>1.0.0</option>
                  <option>1.1.0</option>
                </select>
              </label>
            ))}
            <label style={{ display: 'block' }}>
              name <input defaultValue="pods" />
            </label>
          </form>
          <h2>Problems</h2>
        </Panel>
      </Group>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Stack />
  </StrictMode>,
);
