// Review: what this conflist does, and against another version what changed and why it matters.
import { lazy, Suspense, useMemo, useState } from 'react';
import { CONFIG_FILE_ACCEPT, conflistOf, describeProfile, explainConflist, isJsonObject, LIBCNI_RELEASES, PLUGIN_RELEASES, reviewReport, riskNotes, semanticDiff, serializeConflist, sortKeys, TEMPLATES, upgradeChanges, type JsonObject, type RuntimeProfile } from '../../core';
import { store, useConflist, useFindings, useProfile } from '../state';
import { catalog, validator } from '../validator';
import { importFile, importText, type ImportResult } from '../io/import';
import { loadHistory } from '../store/persistence';
import { downloadText, exportFileName } from '../io/export';
import { useCompareRequest } from './compare-request';

const DiffView = lazy(() => import('./DiffView'));

interface Other {
  doc: JsonObject;
  label: string;
}

function describe(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return text.length > 80 ? text.slice(0, 77) + '…' : text;
}

export function ReviewPanel({ theme }: { theme: 'light' | 'dark' }) {
  const doc = useConflist();
  const findings = useFindings();
  const profile = useProfile();
  const [other, setOther] = useState<Other | null>(null);
  const [paste, setPaste] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  // Opened from version history's "Compare".
  useCompareRequest(setOther);
  const explanation = useMemo(() => explainConflist(doc, catalog), [doc]);
  const review = useMemo(() => {
    if (!other) return null;
    const diff = semanticDiff(other.doc, doc, catalog);
    return { diff, risks: riskNotes(diff, other.doc, doc, catalog, profile) };
  }, [other, doc, profile]);

  // Read as an import is: a file by its name (decoded strictly), pasted text by its content.
  const load = (r: ImportResult, label: string) => {
    if (!r.ok) return setProblem(r.reason);
    setProblem(null);
    setOther({ doc: r.doc, label });
  };
  // Earlier versions: this session's undo history, then the autosaved ones (kept across reloads).
  const past = store.temporal.getState().pastStates;
  const versions = [
    ...past
      .map((p, i) => ({ doc: p.chain ? conflistOf(p.chain) : undefined, label: `${past.length - i} change${past.length - i > 1 ? 's' : ''} ago` }))
      .filter((v): v is { doc: JsonObject; label: string } => isJsonObject(v.doc))
      .reverse()
      .slice(0, 10),
    ...loadHistory(typeof localStorage !== 'undefined' ? localStorage : undefined).map((v) => ({ doc: v.doc, label: `autosaved ${new Date(v.time).toLocaleString()} ("${String(v.doc.name ?? '')}")` })),
  ];

  return (
    <div className="review" data-testid="review">
      <div className="review-side">
        <h4>Compare with</h4>
        <label className="rt-field">
          <span>An earlier or autosaved version</span>
          <select data-testid="review-version" value="" onChange={(e) => versions[Number(e.target.value)] && setOther(versions[Number(e.target.value)]!)}>
            <option value="">{versions.length ? 'Choose…' : '(no earlier version yet)'}</option>
            {versions.map((v, i) => (
              <option key={i} value={i}>
                {v.label}
              </option>
            ))}
          </select>
        </label>
        <label className="rt-field">
          <span>A template</span>
          <select data-testid="review-template" value="" onChange={(e) => {
            const t = TEMPLATES.find((x) => x.id === e.target.value);
            if (t) setOther({ doc: t.document, label: `template "${t.title}"` });
          }}>
            <option value="">Choose…</option>
            {TEMPLATES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
        </label>
        <label className="rt-field">
          <span>A file</span>
          <input type="file" data-testid="review-file" accept={CONFIG_FILE_ACCEPT} onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void importFile(f).then((r) => load(r, f.name));
            e.target.value = '';
          }} />
        </label>
        <label className="rt-field">
          <span>Pasted text</span>
          <textarea rows={5} data-testid="review-paste" value={paste} spellCheck={false} onChange={(e) => setPaste(e.target.value)} />
        </label>
        <button onClick={() => load(importText(paste), 'pasted text')} disabled={!paste.trim()} data-testid="review-compare">
          Compare
        </button>
        {problem && <p className="rt-error">{problem}</p>}
        <button
          className="primary"
          data-testid="review-report"
          onClick={() =>
            downloadText(
              reviewReport({ ...(other ? { before: other.doc, beforeLabel: other.label } : {}), after: doc, afterLabel: 'this version', findings, catalog, ...(review ? { diff: review.diff, risks: review.risks } : {}) }),
              exportFileName(doc).replace(/\.conflist$/, '-review.md'),
              'text/markdown',
            )
          }
        >
          Download the review report (Markdown)
        </button>
      </div>
      <div className="review-main">
        <section data-testid="explain">
          <h4>What this conflist does</h4>
          {explanation.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </section>
        <UpgradeSection doc={doc} profile={profile} />
        {other && review && (
          <>
            <h4>
              Against {other.label}: {review.risks.length} risk note{review.risks.length === 1 ? '' : 's'}
            </h4>
            <ul className="risks" data-testid="risk-notes">
              {review.risks.map((r, i) => (
                <li key={i} className={`risk-${r.severity}`}>
                  <strong>{r.severity}</strong> {r.message}
                </li>
              ))}
            </ul>
            <ul className="changes" data-testid="changes">
              {review.diff.listChanges.map((c) => (
                <li key={c.pointer}>
                  <code>{c.pointer}</code> {describe(c.before)} → {describe(c.after)}
                </li>
              ))}
              {review.diff.plugins
                .filter((p) => p.status !== 'kept' || p.changes.length)
                .map((p, i) => (
                  <li key={i}>
                    <strong>{p.type}</strong> {p.status === 'kept' ? '' : p.status}
                    {p.status === 'moved' ? ` (${(p.beforeIndex ?? 0) + 1} → ${(p.afterIndex ?? 0) + 1})` : ''}
                    {p.changes.length > 0 && (
                      <ul>
                        {p.changes.map((c) => (
                          <li key={c.pointer}>
                            <code>{c.pointer}</code> {describe(c.before)} → {describe(c.after)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
            </ul>
            <Suspense fallback={<p className="hint">Loading the diff…</p>}>
              <DiffView before={serializeConflist(sortKeys(other.doc))} after={serializeConflist(sortKeys(doc))} theme={theme} />
            </Suspense>
          </>
        )}
      </div>
    </div>
  );
}

/** What moving the nodes from the chosen profile to other releases changes for this conflist (as `cni-studio diff --plugins-from A --plugins-to B`). */
const NEWEST: RuntimeProfile = { libcni: LIBCNI_RELEASES[LIBCNI_RELEASES.length - 1]!, plugins: PLUGIN_RELEASES[PLUGIN_RELEASES.length - 1]! };

function UpgradeSection({ doc, profile }: { doc: JsonObject; profile: RuntimeProfile }) {
  const [to, setTo] = useState<RuntimeProfile | null>(null);
  const target = to ?? NEWEST;
  const report = useMemo(() => upgradeChanges(doc, validator, { libcni: profile.libcni, plugins: profile.plugins }, target), [doc, profile, target]);
  return (
    <section data-testid="upgrade">
      <h4>
        Upgrade the nodes: {describeProfile(profile)} →{' '}
        <select aria-label="libcni release after" data-testid="upgrade-libcni" value={target.libcni} onChange={(e) => setTo({ ...target, libcni: e.target.value })}>
          {LIBCNI_RELEASES.map((r) => (
            <option key={r} value={r}>
              libcni {r}
            </option>
          ))}
        </select>{' '}
        <select aria-label="plugins release after" data-testid="upgrade-plugins" value={target.plugins} onChange={(e) => setTo({ ...target, plugins: e.target.value })}>
          {PLUGIN_RELEASES.map((r) => (
            <option key={r} value={r}>
              plugins {r}
            </option>
          ))}
        </select>
      </h4>
      {report.changes.length === 0 ? (
        <p className="hint">Nothing changes for this conflist.</p>
      ) : (
        <ul className="risks" data-testid="upgrade-changes">
          {report.changes.map((c, i) => (
            <li key={i} className={c.breaks ? 'risk-high' : 'risk-low'} title={c.pointer || '/'}>
              {c.breaks && <strong>breaks </strong>}
              {c.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
