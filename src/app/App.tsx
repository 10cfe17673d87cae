import { useMemo, useState } from 'react';
import { Catalog } from './components/Catalog';
import { Problems } from './components/Problems';
import { validator } from './validator';

const STARTER = `{
  "cniVersion": "1.0.0",
  "name": "mynet",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni0",
      "isGateway": true,
      "ipMasq": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "10.22.0.0/16" }]],
        "routes": [{ "dst": "0.0.0.0/0" }]
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
`;

export function App() {
  const [text, setText] = useState(STARTER);
  const findings = useMemo(() => validator.validate(text), [text]);
  return (
    <div className="app">
      <header className="topbar">
        <h1>CNI Studio</h1>
        <span className="tagline">compose, check and preview CNI network configuration lists</span>
      </header>
      <main className="layout">
        <Catalog />
        <section className="workspace" aria-label="Conflist">
          <label htmlFor="conflist-text" className="panel-title">
            Conflist (paste a .conflist, .conf or NetworkAttachmentDefinition YAML)
          </label>
          <textarea id="conflist-text" data-testid="conflist-text" spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
        </section>
        <Problems findings={findings} />
      </main>
    </div>
  );
}
