// The containers of a run of several, as tabs (c1, c2…): arrow keys, Home and End move between them, the
// chosen one's namespace, plugin results and addresses show in the tab panel below.
import { useRef, type ReactNode } from 'react';

interface Props {
  containers: readonly { netns: string; containerId: string }[];
  shown: number;
  onShow: (container: number) => void;
  children: ReactNode;
}

export const containerName = (container: number) => `c${container + 1}`;

export function ContainerTabs({ containers, shown, onShow, children }: Props) {
  const list = useRef<HTMLDivElement>(null);
  const go = (to: number) => {
    const next = (to + containers.length) % containers.length;
    onShow(next);
    list.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[next]?.focus();
  };
  return (
    <div className="lab-containers">
      <div
        role="tablist"
        aria-label="Containers of the run"
        className="lab-container-tabs"
        ref={list}
        onKeyDown={(e) => {
          const to = e.key === 'ArrowRight' ? shown + 1 : e.key === 'ArrowLeft' ? shown - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? containers.length - 1 : undefined;
          if (to === undefined) return;
          e.preventDefault();
          go(to);
        }}
      >
        {containers.map((c, i) => (
          <button key={c.containerId} role="tab" id={`lab-container-tab-${i}`} aria-selected={i === shown} aria-controls="lab-container-panel" tabIndex={i === shown ? 0 : -1} onClick={() => onShow(i)} data-testid="lab-container-tab">
            container {containerName(i)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="lab-container-panel" aria-labelledby={`lab-container-tab-${shown}`} className="lab-container-panel" data-testid="lab-container-panel">
        <p className="hint" data-testid="lab-container-netns">
          {containerName(shown)}: namespace {containers[shown]?.netns} · container id {containers[shown]?.containerId}
        </p>
        {children}
      </div>
    </div>
  );
}
