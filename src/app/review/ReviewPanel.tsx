// Review: two sides chosen explicitly, base (what runs now) and proposed (the change), each the network open
// here, an earlier or autosaved version, a template, a file or pasted text; a swap button; then what the
// proposed network does, and from base to proposed what changed and why it matters. The canvas marks the change.
import { Suspense, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { ArrowUpDown } from 'lucide-react';
import { CONFIG_FILE_ACCEPT, conflistOf, describeProfile, explainConflist, isJsonObject, jsonText, LIBCNI_RELEASES, PLUGIN_RELEASES, reviewReport, serializeConflist, sidesTitle, sortKeys, TEMPLATES, upgradeChanges, type JsonObject, type ReviewSideName, type RuntimeProfile } from '../../core';
import { findingsOf, store, useConflist, useFindings, useProfile } from '../state';
import { fullCatalog } from '../catalog-full';
import { validator } from '../validator-full';
import { importFile, importText, importTextNow, type ImportResult } from '../io/import';
import { loadHistory } from '../store/persistence';
import { downloadText, exportFileName } from '../io/export';
import { useReview, type SideChoice } from './review-state';
import { CURRENT_LABEL, useComparison, usePublishCanvas } from './comparison';
import { later } from '../later';
import './review.css';

const DiffView = later(() => import('./DiffView'), 'default', 'the side-by-side diff').Component;

function describe(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = jsonText(value);
  return text.length > 80 ? text.slice(0, 77) + '…' : text;
}

/** Earlier versions: this session's undo history, then the autosaved ones (kept across reloads). */
function useVersions(): { doc: JsonObject; label: string }[] {
  const past = store.temporal.getState().pastStates;
  return [
    ...past
      .map((p, i) => ({ doc: p.chain ? conflistOf(p.chain) : undefined, label: `this network, ${past.length - i} change${past.length - i > 1 ? 's' : ''} ago` }))
      .filter((v): v is { doc: JsonObject; label: string } => isJsonObject(v.doc))
      .reverse()
      .slice(0, 10),
    ...loadHistory(typeof localStorage !== 'undefined' ? localStorage : undefined).map((v) => ({ doc: v.doc, label: `autosaved ${new Date(v.time).toLocaleString()} ("${String(v.doc.name ?? '')}")` })),
  ];
}

const SIDE_WORDS: Record<ReviewSideName, { title: string; hint: string }> = {
  base: { title: 'Base', hint: 'what runs now' },
  proposed: { title: 'Proposed', hint: 'the change under review' },
};

/** One side: what it is now, and where to take it from. */
function SidePicker({ side, versions }: { side: ReviewSideName; versions: { doc: JsonObject; label: string }[] }) {
  const choice = useReview((s) => s[side]);
  const set = useReview((s) => s.set);
  const [paste, setPaste] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const id = `review-${side}`;
  const choose = (next: SideChoice) => {
    setProblem(null);
    set(side, next);
  };
  // Read as an import is: a file by its name (decoded strictly), pasted text by its content.
  const load = (r: ImportResult, label: string) => (r.ok ? choose({ kind: 'doc', doc: r.doc, label }) : setProblem(r.reason));
  const words = SIDE_WORDS[side];
  return (
    <section className="review-side-box" data-testid={`${id}-side`} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>
        {words.title} <span className="side-name">{words.hint}</span>
      </h4>
      <div className="side-label" data-testid={`${id}-label`}>
        {choice ? (choice.kind === 'current' ? CURRENT_LABEL : choice.label) : '(not chosen yet)'}
      </div>
      <label className="rt-field">
        <span>The network open here, a version or a template</span>
        <select
          data-testid={`${id}-source`}
          value=""
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'current') choose({ kind: 'current' });
            else if (v.startsWith('v:')) {
              const picked = versions[Number(v.slice(2))];
              if (picked) choose({ kind: 'doc', doc: picked.doc, label: picked.label });
            } else if (v.startsWith('t:')) {
              const t = TEMPLATES.find((x) => x.id === v.slice(2));
              if (t) choose({ kind: 'doc', doc: t.document, label: `template "${t.title}"` });
            }
          }}
        >
          <option value="">Choose…</option>
          <option value="current">{CURRENT_LABEL}</option>
          {versions.length > 0 && (
            <optgroup label="Earlier and autosaved versions">
              {versions.map((v, i) => (
                <option key={i} value={`v:${i}`}>
                  {v.label}
                </option>
              ))}
            </optgroup>
          )}
          <optgroup label="Templates">
            {TEMPLATES.map((t) => (
              <option key={t.id} value={`t:${t.id}`}>
                {t.title}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label className="rt-field">
        <span>A file</span>
        <input
          type="file"
          data-testid={`${id}-file`}
          accept={CONFIG_FILE_ACCEPT}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void importFile(f).then((r) => load(r, f.name));
            e.target.value = '';
          }}
        />
      </label>
      <label className="rt-field">
        <span>Pasted text</span>
        <textarea rows={3} data-testid={`${id}-paste`} value={paste} spellCheck={false} onChange={(e) => setPaste(e.target.value)} />
      </label>
      <button
        // In the click's own task when the reader is here (as the Import dialog does), so the sides change at once.
        onClick={() => {
          const now = importTextNow(paste);
          if (now) load(now, 'pasted text');
          else void importText(paste).then((r) => load(r, 'pasted text'));
        }}
        disabled={!paste.trim()}
        data-testid={`${id}-use-paste`}
      >
        Use the pasted text as {side}
      </button>
      {problem && (
        <p className="rt-error" role="alert">
          {words.title}: {problem}
        </p>
      )}
    </section>
  );
}

export function ReviewPanel({ theme }: { theme: 'light' | 'dark' }) {
  const doc = useConflist();
  const currentFindings = useFindings();
  const profile = useProfile();
  const versions = useVersions();
  const swap = useReview((s) => s.swap);
  const setOpen = useReview((s) => s.setOpen);
  // The canvas marks the change only while this tab is shown.
  useEffect(() => {
    setOpen(true);
    return () => setOpen(false);
  }, [setOpen]);
  const comparison = useComparison();
  usePublishCanvas(comparison);
  const { base, proposed, result } = comparison;
  // What the review explains and judges: the proposed side (the network open here until one is chosen).
  const subject = proposed?.doc ?? doc;
  const explanation = useMemo(() => explainConflist(subject, fullCatalog, 'eth0', profile.libcni), [subject, profile.libcni]);
  // This chunk loads with the validator, so findings are there; judged directly should they not be.
  const findings = (proposed && !proposed.current ? findingsOf(proposed.doc) : currentFindings) ?? validator.validate(subject, { profile });

  return (
    <div className="review" data-testid="review">
      <div className="review-side review-sides">
        <SidePicker side="base" versions={versions} />
        <button className="review-swap" onClick={swap} data-testid="review-swap" title="Swap base and proposed">
          <ArrowUpDown size={14} aria-hidden="true" /> Swap base and proposed
        </button>
        <SidePicker side="proposed" versions={versions} />
        <button
          className="primary"
          data-testid="review-report"
          disabled={!proposed}
          title={proposed ? undefined : 'Choose the proposed side first'}
          onClick={() =>
            proposed &&
            downloadText(
              reviewReport({ ...(base ? { before: base.doc, beforeLabel: base.label } : {}), after: proposed.doc, afterLabel: proposed.label, findings, catalog: fullCatalog, ...(result ? { diff: result.diff, risks: result.risks } : {}) }),
              exportFileName(proposed.doc).replace(/\.conflist$/, '-review.md'),
              'text/markdown',
            )
          }
        >
          Download the review report (Markdown)
        </button>
      </div>
      <div className="review-main">
        {base && proposed ? (
          <p className="review-title" data-testid="review-title">
            {sidesTitle(base, proposed)}
          </p>
        ) : (
          <p className="hint" data-testid="review-title">
            Choose {base ? 'the proposed side' : 'a base'} to compare: every change then reads from base to proposed.
          </p>
        )}
        <section data-testid="explain">
          <h4>What {proposed ? (proposed.current ? 'the network open here' : `the proposed side (${proposed.label})`) : 'this conflist'} does</h4>
          {explanation.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </section>
        <UpgradeSection doc={subject} profile={profile} />
        {base && proposed && result && (
          <>
            <h4>
              From base to proposed: {result.risks.length} risk note{result.risks.length === 1 ? '' : 's'}
            </h4>
            <ul className="risks" data-testid="risk-notes">
              {result.risks.map((r, i) => (
                <li key={i} className={`risk-${r.severity}`}>
                  <strong>{r.severity}</strong> {r.message}
                </li>
              ))}
            </ul>
            <ul className="changes" data-testid="changes">
              {result.diff.listChanges.map((c) => (
                <li key={c.pointer}>
                  <code>{c.pointer}</code> {describe(c.before)} → {describe(c.after)}
                </li>
              ))}
              {result.diff.plugins
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
            <p className="hint">
              Left: base ({base.label}). Right: proposed ({proposed.label}).
            </p>
            <Suspense fallback={<p className="hint">Loading the diff…</p>}>
              <DiffView before={serializeConflist(sortKeys(base.doc))} after={serializeConflist(sortKeys(proposed.doc))} theme={theme} />
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
  // Two whole validations per edit (one per profile): drawn after the edit, in a render of its own.
  const shown = useDeferredValue(doc);
  const report = useMemo(() => upgradeChanges(shown, validator, { libcni: profile.libcni, plugins: profile.plugins }, target), [shown, profile, target]);
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
