// Never a blank page: a crash while rendering the workbench sets the network aside (so the next visit
// opens) and says so, with the set-aside copy one click away; set-aside copies are listed at the top of
// the workbench until the user deletes them.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import type { SetAside } from '../store/persistence';
import { downloadText } from '../io/export';
import { Dialog } from './Dialog';
import { conflistOf, diffValues, parsePointer, pluginList, typeOfConf, type Chain, type JsonObject, type JsonValue } from '../../core';
import { store, useActions, useApp, useConflist } from '../state';

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

/** Another tab changed this network while this tab had changes of its own: keep one, the other is kept too. */
export function ConflictDialog() {
  const conflict = useApp((s) => s.conflict);
  const drafts = useApp((s) => s.drafts);
  const chain = useApp((s) => s.chain);
  const doc = useConflist();
  const actions = useActions();
  if (!conflict) return null;
  const theirs = conflistOf(conflict.theirs.state.chain);
  const describe = (d: typeof doc) => {
    const plugins = pluginList(d);
    const types = plugins.map((p) => (p && typeof p === 'object' && !Array.isArray(p) ? String(p.type ?? '?') : '?'));
    return `"${String(d.name ?? '')}", ${plugins.length} plugin${plugins.length === 1 ? '' : 's'}${types.length ? `: ${types.join(', ')}` : ''}`;
  };
  return (
    <Dialog title="This network was changed in another tab" onClose={() => {}} dismissable={false} unprompted testId="conflict">
      <p>
        Another tab saved a change to this network while this tab had {conflict.drafts ? 'editor text not yet applied' : 'a change of its own'}. Choose the version to keep
        here and in every tab; the other one is kept in <em>Review</em>, under the autosaved versions
        {conflict.drafts ? ' (editor text that does not parse yet is set aside for download)' : ''}.
      </p>
      <dl className="conflict-versions">
        <dt>This tab</dt>
        <dd data-testid="conflict-mine">
          {describe(doc)}
          {conflict.drafts && <>; with editor text not yet applied to {pendingWhere(drafts, chain)}</>}
        </dd>
        <dt>The other tab</dt>
        <dd data-testid="conflict-theirs">{describe(theirs)}</dd>
      </dl>
      <ConflictDifferences mine={doc} theirs={theirs} />
      <div className="dialog-buttons">
        <button onClick={() => actions.resolveConflict('theirs')} data-testid="conflict-take-theirs">
          Use the other tab's version
        </button>
        <button className="primary" onClick={() => actions.resolveConflict('mine')} data-testid="conflict-keep-mine">
          Keep this tab's version
        </button>
      </div>
    </Dialog>
  );
}

/** Where this tab's pending editor text is: the whole network's editor, or plugins by place and type. */
function pendingWhere(drafts: Record<string, string>, chain: Chain): string {
  const places = Object.keys(drafts).map((key) => {
    if (key === 'document') return { at: -1, words: 'the whole network' };
    const at = chain.plugins.findIndex((p) => p.id === key);
    return { at, words: at < 0 ? 'a plugin no longer in it' : `plugin ${at + 1} (${typeOfConf(chain.plugins[at]!.conf) || '?'})` };
  });
  return places
    .sort((a, b) => a.at - b.at)
    .map((p) => p.words)
    .join(', ');
}

const MAX_DIFFERENCES = 5;
const shown = (v: JsonValue | undefined) => {
  if (v === undefined) return 'not set';
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
};

/** Where the two versions differ, field by field (two versions with the same plugins looked the same above). */
function ConflictDifferences({ mine, theirs }: { mine: JsonObject; theirs: JsonObject }) {
  const changes = diffValues(mine, theirs, '');
  if (changes.length === 0) return <p data-testid="conflict-differences">The two versions have the same settings.</p>;
  const where = (pointer: string) => {
    const [top, index, ...rest] = parsePointer(pointer);
    if (top !== 'plugins' || index === undefined) return pointer.slice(1).replaceAll('/', '.');
    const plugin = pluginList(theirs)[Number(index)] ?? pluginList(mine)[Number(index)];
    return `plugin ${Number(index) + 1} (${typeOfConf(plugin) || '?'})${rest.length ? `: ${rest.join('.')}` : ''}`;
  };
  return (
    <ul className="conflict-differences" data-testid="conflict-differences" aria-label="Where they differ">
      {changes.slice(0, MAX_DIFFERENCES).map((c) => (
        <li key={c.pointer}>
          {where(c.pointer)}: this tab {shown(c.before)}, the other tab {shown(c.after)}
        </li>
      ))}
      {changes.length > MAX_DIFFERENCES && <li>and {changes.length - MAX_DIFFERENCES} more</li>}
    </ul>
  );
}
