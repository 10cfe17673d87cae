// Version history: the autosaved versions of the network, newest first, each with its time, name, plugins
// and what changed from the one before; any of them can be compared in Review or restored (one undo step:
// Undo brings back what was there, which is also kept as a version first).
import { useMemo, useState } from 'react';
import { GitCompareArrows, RotateCcw } from 'lucide-react';
import { conflistOf, jsonText, pluginList, semanticDiff, summarizeDiff, typeOfConf, type JsonObject } from '../../core';
import { store, useConflist } from '../state';
import { fullCatalog } from '../catalog-full';
import { Dialog } from '../components/Dialog';
import { keepVersion, loadVersions, QUIET_MS, type SavedVersion } from '../store/versions';
import { compareWith } from '../review/compare-request';
import { focusCanvasSoon } from '../actions/focus';
import './history.css';

const storage = () => (typeof localStorage !== 'undefined' ? localStorage : undefined);

/** "just now", "4 min ago", "2 h ago", "3 days ago". */
export function ago(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.floor(h / 24);
  return `${d} day${d > 1 ? 's' : ''} ago`;
}

function when(time: string): string {
  const t = new Date(time);
  const today = new Date().toDateString() === t.toDateString();
  return today ? t.toLocaleTimeString() : t.toLocaleString();
}

const same = (a: JsonObject, b: JsonObject) => jsonText(a) === jsonText(b);

function changes(before: JsonObject | undefined, after: JsonObject): string {
  if (!before) return 'the oldest version kept';
  const phrases = summarizeDiff(semanticDiff(before, after, fullCatalog));
  return phrases.length ? phrases.join(' · ') : 'the same settings, written differently';
}

function Plugins({ doc }: { doc: JsonObject }) {
  const types = pluginList(doc).map(typeOfConf);
  return (
    <span className="version-plugins">
      {types.length} plugin{types.length === 1 ? '' : 's'}
      {types.length > 0 && `: ${types.join(' → ')}`}
    </span>
  );
}

export function VersionHistory({ onClose }: { onClose: () => void }) {
  const doc = useConflist();
  const [versions] = useState<SavedVersion[]>(() => loadVersions(storage()));
  const [now] = useState(() => Date.now());
  const rows = useMemo(() => versions.map((v, i) => ({ version: v, changed: changes(versions[i + 1]?.doc, v.doc) })), [versions]);
  const newest = versions[0];
  const sinceNewest = newest && (same(newest.doc, doc) ? 'The same as the newest version below.' : `Since the newest version: ${changes(newest.doc, doc)}`);

  const restore = (v: SavedVersion) => {
    const { actions, chain } = store.getState();
    // What is there now is kept too, so it stays reachable after this tab's undo history is gone.
    keepVersion(storage(), conflistOf(chain), { note: `before the version of ${when(v.time)} was restored` });
    if (!actions.dispatch({ kind: 'replace', doc: structuredClone(v.doc), ids: 'match' })) return;
    actions.notify({ kind: 'info', text: `Restored the version of ${when(v.time)} ("${String(v.doc.name ?? '')}"). Undo brings back what you had.` });
    onClose();
    focusCanvasSoon();
  };

  const compare = (v: SavedVersion) => {
    onClose();
    compareWith({ doc: v.doc, label: `the version of ${when(v.time)}` });
  };

  return (
    <Dialog title="Version history" onClose={onClose} testId="version-history" wide>
      <p className="hint">
        A version is kept each time the network has stayed the same for {QUIET_MS / 1000} seconds before the next change, and whenever a template, an import or a share
        link replaces it: the last 50, in this browser. Restoring is one step: Undo brings back what you had.
      </p>
      <ol className="versions" aria-label="Versions, newest first">
        <li className="version-row current" data-testid="version-current">
          <div className="version-when">
            <strong>Now</strong>
            <span className="hint">this tab</span>
          </div>
          <div className="version-what">
            <div>
              <strong className="version-name">{String(doc.name ?? '')}</strong> · <Plugins doc={doc} />
            </div>
            {sinceNewest && <div className="version-changes">{sinceNewest}</div>}
          </div>
        </li>
        {rows.map(({ version: v, changed }, i) => {
          const current = same(v.doc, doc);
          return (
            <li key={`${v.time}-${i}`} className="version-row" data-testid="version-row">
              <div className="version-when">
                <time dateTime={v.time}>{when(v.time)}</time>
                <span className="hint">{ago(now - Date.parse(v.time))}</span>
              </div>
              <div className="version-what">
                <div>
                  <strong className="version-name">{String(v.doc.name ?? '')}</strong> · <Plugins doc={v.doc} />
                </div>
                <div className="version-changes">{changed}</div>
                {v.note && <div className="version-note">Kept {v.note}.</div>}
              </div>
              <div className="version-actions">
                <button type="button" onClick={() => compare(v)} aria-label={`Compare with the version of ${when(v.time)}`}>
                  <GitCompareArrows aria-hidden="true" size={15} /> Compare
                </button>
                <button type="button" className="primary" disabled={current} title={current ? 'This is the network as it is now.' : undefined} onClick={() => restore(v)} aria-label={`Restore the version of ${when(v.time)}`}>
                  <RotateCcw aria-hidden="true" size={15} /> Restore
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      {versions.length === 0 && <p className="empty" data-testid="versions-empty">No earlier version yet: keep working, and versions appear here as you pause.</p>}
    </Dialog>
  );
}
