// A short plain-words note on capabilities and runtimeConfig, shown the first time they appear in the
// preview; dismissed once, it stays dismissed (across reloads) and a "?" button brings it back.
import { useState } from 'react';
import { CircleHelp, X } from 'lucide-react';

const KEY = 'cni-studio.explained.capabilities';

function dismissedBefore(): boolean {
  try {
    return typeof localStorage !== 'undefined' && localStorage.getItem(KEY) === 'dismissed';
  } catch {
    return false;
  }
}

function remember(dismissed: boolean) {
  try {
    if (dismissed) localStorage.setItem(KEY, 'dismissed');
    else localStorage.removeItem(KEY);
  } catch {
    // Storage refused (private mode, quota): the note just shows again next time.
  }
}

/** `relevant`: the step shown carries a runtimeConfig, or its plugin declares capabilities. */
export function CapabilityExplainer({ relevant }: { relevant: boolean }) {
  const [dismissed, setDismissed] = useState(dismissedBefore);
  const [opened, setOpened] = useState(false);
  if (!relevant && !opened) return null;
  if (dismissed && !opened) {
    return (
      <button className="explainer-reopen" onClick={() => setOpened(true)} data-testid="explainer-reopen" aria-label="What are capabilities and runtimeConfig?" title="What are capabilities and runtimeConfig?">
        <CircleHelp size={14} aria-hidden="true" /> capabilities?
      </button>
    );
  }
  return (
    <aside className="explainer" data-testid="capability-explainer" aria-label="Capabilities and runtimeConfig">
      <div className="explainer-head">
        <strong>Capabilities and runtimeConfig, in plain words</strong>
        <button
          className="explainer-close"
          aria-label="Dismiss this explanation"
          data-testid="explainer-dismiss"
          onClick={() => {
            remember(true);
            setDismissed(true);
            setOpened(false);
          }}
        >
          <X size={14} aria-hidden="true" />
        </button>
      </div>
      <p>
        Some things only the container runtime knows when a container starts: the host ports to publish, a bandwidth limit, the addresses or MAC asked for. Each kind is a <em>capability</em>
        (<code>portMappings</code>, <code>bandwidth</code>, <code>ips</code>, <code>mac</code>, …).
      </p>
      <p>
        A plugin asks for the ones it can use by declaring them in its own config: <code>"capabilities": {'{'}"portMappings": true{'}'}</code>. For each plugin, the runtime (libcni) puts the values it
        has for exactly those declared capabilities into that plugin's stdin as <code>runtimeConfig</code>. A plugin that declares none gets no runtimeConfig, and a value no plugin declares reaches no
        plugin. libcni leaves the <code>capabilities</code> key itself in the stdin.
      </p>
    </aside>
  );
}
