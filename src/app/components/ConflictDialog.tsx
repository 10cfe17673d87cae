// Another tab saved a change to the network while this tab had one of its own: the choice between the two
// versions, with where they differ. Loaded when such a conflict first happens (later.ts), not with the first screen.
import { Dialog } from './Dialog';
import { conflistOf, diffValues, parsePointer, pluginList, typeOfConf, type Chain, type JsonObject, type JsonValue } from '../../core';
import { useActions, useApp, useConflist } from '../state';

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
