// Never a blank page: a crash while rendering the workbench sets the network aside (so the next visit
// opens) and says so, with the set-aside copy one click away; set-aside copies are listed at the top of
// the workbench until the user deletes them.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import type { SetAside } from '../store/persistence';
import { downloadText } from '../io/export';
import { store, useApp } from '../state';

interface BoundaryState {
  error: Error | null;
  kept: SetAside[];
}

export class WorkbenchBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null, kept: [] };

  static getDerivedStateFromError(error: unknown): Partial<BoundaryState> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('CNI Studio: the workbench failed to render', error, info.componentStack);
    try {
      const kept = store.getState().actions.recover(error instanceof Error ? error.message : String(error));
      // A second report of the same crash (React may retry the render) finds nothing left to set aside.
      this.setState((state) => ({ kept: [...state.kept, ...kept] }));
    } catch (e) {
      console.error('CNI Studio: setting the network aside failed too', e);
    }
  }

  override render(): ReactNode {
    const { error, kept } = this.state;
    if (!error) return this.props.children;
    const network = kept.find((k) => k.name.endsWith('.conflist'));
    return (
      <div className="recovery" role="alert" data-testid="recovery">
        <h1>CNI Studio</h1>
        <h2>The page failed while showing this network</h2>
        <p className="recovery-error">
          Error: <code>{error.message}</code>
        </p>
        {kept.length > 0 ? (
          <p>
            {network ? 'The network' : 'Your unsaved editor text'}
            {network && kept.length > 1 ? ' and your unsaved editor text were' : ' was'} set aside in this browser, so the app opens again. Download {kept.length > 1 ? 'them' : 'it'} now, or
            later from the note at the top of the workbench (which can also open the network again).
          </p>
        ) : (
          <p>The network was empty: nothing was lost.</p>
        )}
        <div className="button-row">
          {kept.map((k) => (
            <button key={k.id} className="primary" onClick={() => downloadText(k.text, k.name)} data-testid="recovery-download">
              Download {k.name}
            </button>
          ))}
          <button onClick={() => location.reload()} data-testid="recovery-restart">
            Start again with an empty network
          </button>
        </div>
      </div>
    );
  }
}

const when = (iso: string) => new Date(iso).toLocaleString();

/** What was set aside, at the top of the workbench, until the user deletes it. */
export function SetAsideBanner({ onOpen, onDelete }: { onOpen: (entry: SetAside) => void; onDelete: (entry: SetAside) => void }) {
  const list = useApp((s) => s.setAside);
  if (list.length === 0) return null;
  return (
    <section className="set-aside" role="status" aria-label="Set aside" data-testid="set-aside">
      <p>
        <strong>Set aside in this browser:</strong> {list.length === 1 ? 'something' : `${list.length} things`} kept out of the network (the reason is on each). Download to keep a copy; delete
        when you no longer need {list.length === 1 ? 'it' : 'them'}.
      </p>
      <ul>
        {list.map((entry) => (
          <li key={entry.id} data-testid="set-aside-item">
            <span>
              <code>{entry.name}</code> — {entry.reason} ({when(entry.time)})
            </span>
            <span className="button-row">
              <button onClick={() => downloadText(entry.text, entry.name)} data-testid="set-aside-download">
                Download
              </button>
              {entry.name.endsWith('.conflist') && (
                <button onClick={() => onOpen(entry)} data-testid="set-aside-open">
                  Open
                </button>
              )}
              <button onClick={() => onDelete(entry)} data-testid="set-aside-delete">
                Delete
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
