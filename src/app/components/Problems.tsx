// The Problems panel: every finding with severity, code, plugin and message; one click applies a fix
// (undoably), selecting a finding selects its node, the code opens the rule's explanation.
import { memo, Suspense, useCallback, useLayoutEffect, useRef, useState } from 'react';
import { CirclePlus } from 'lucide-react';
import { countBySeverity, deepEqual, partAtPointer, pluginList, typeOfConf, type Chain, type Finding, type JsonObject, type JsonValue } from '../../core';
import { RuleExplanation } from '../later';
import { useFocusHandOff } from '../actions/use-focus-hand-off';
import { count } from '../text';
import { useUnparsed } from '../store/use-unparsed';
import { withUnparsed } from '../store/unparsed';
import { FindingBlock } from './FindingBlock';
import { ChunkFailed } from './ChunkFailed';
import { loadValidator } from '../validator';
import { useValidatorFailure } from '../state';

/** libcni's refusal of a list without plugins. */
const NO_PLUGINS = 'CNI105';

/**
 * The findings the panel lists and counts. A network with no plugin yet is being started, not broken:
 * its "no plugins" refusal is replaced by what to do (the export still lists it as the error it is).
 */
export function shownFindings(findings: readonly Finding[], chain: Chain): readonly Finding[] {
  return chain.plugins.length === 0 ? findings.filter((f) => f.code !== NO_PLUGINS) : findings;
}

interface Props {
  /** Undefined while the validator is loading. */
  findings: readonly Finding[] | undefined;
  doc: JsonObject;
  importNotes: readonly Finding[];
  /** The plugin a finding is about, as the chain names it. */
  /** Selects the plugin a finding is about; `finding`: the one clicked, whose place its editor shows. */
  onSelectPlugin: (pluginId: string, finding?: Finding) => void;
  chain: Chain;
  onFix: (finding: Finding) => void;
  onDismissNotes: () => void;
}

/** `inIpam`: the finding is about the plugin's IPAM (partAtPointer: under whichever spelling it reads). */
function pluginLabel(doc: JsonObject, f: Finding, inIpam: boolean): string {
  const index = f.pluginIndex;
  if (index === undefined) return 'network';
  const type = typeOfConf(pluginList(doc)[index]);
  return `${index + 1}. ${type || 'plugin'}${inIpam ? ' › ipam' : ''}`;
}


interface RowProps {
  f: Finding;
  /** Where the finding is, in words: "3. portmap › ipam", "network". */
  label: string;
  /** The plugin a click selects (none for the network's own keys). */
  pluginId: string | undefined;
  onSelectPlugin: Props['onSelectPlugin'];
  /** Applies the finding's fix; `from` is the button pressed (its row goes once the fix is in). */
  onFix?: (finding: Finding, from: HTMLElement) => void;
  onExplain: (code: string) => void;
}

/**
 * One finding. A row draws again only when what it shows or does changed: a long chain lists hundreds of
 * findings (793 at 500 plugins), and each edit validates again into new, mostly equal, finding objects.
 */
const Row = memo(
  function Row({ f, label, pluginId, onSelectPlugin, onFix, onExplain }: RowProps) {
    return (
      <div role="listitem" className={`finding severity-${f.severity}`} data-testid="finding" data-code={f.code} data-plugin={f.pluginIndex ?? ''}>
        <button className="finding-main" onClick={() => pluginId !== undefined && onSelectPlugin(pluginId, f)} title={f.pointer || '/'}>
          <span className="where">
            {f.severity} · {label}
            {f.line !== undefined ? ` · line ${f.line}` : ''}
          </span>
          <span className="message">
            {f.message}
            {f.profile && (
              <span className="finding-profile" data-testid="finding-profile" title="This finding depends on the runtime profile (network settings)">
                for {f.profile}
              </span>
            )}
          </span>
        </button>
        <span className="finding-actions">
          <button className="code-link" onClick={() => onExplain(f.code)} aria-label={`Explain ${f.code}`}>
            {f.code}
          </button>
          {onFix && f.fix?.patch && (
            <button className="fix-button" onClick={(e) => onFix(f, e.currentTarget)} data-testid="apply-fix">
              {f.fix.title}
            </button>
          )}
        </span>
      </div>
    );
  },
  (a, b) => a.label === b.label && a.pluginId === b.pluginId && a.onSelectPlugin === b.onSelectPlugin && a.onFix === b.onFix && a.onExplain === b.onExplain && deepEqual(a.f as unknown as JsonValue, b.f as unknown as JsonValue),
);

/**
 * Each finding's row props and key. The key names the plugin by id, not by position, so reordering a long
 * chain keeps every row (and its DOM) instead of replacing those whose plugin moved.
 */
function rowsOf(findings: readonly Finding[], doc: JsonObject, chain: Chain) {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const part = partAtPointer(chain, f.pointer);
    const pluginId = part?.pluginId;
    const within = pluginId !== undefined && f.pluginIndex !== undefined ? f.pointer.slice(`/plugins/${f.pluginIndex}`.length) : f.pointer;
    const base = `${f.code}|${pluginId ?? ''}|${within}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { key: `${base}|${n}`, f, label: pluginLabel(doc, f, part?.part === 'ipam'), pluginId };
  });
}

/**
 * Findings per block. A long chain has hundreds of findings (793 at 500 plugins): each block is laid out
 * and painted only near the view (content-visibility, styles.css). Blocks, not rows, so the browser checks
 * a few elements against the view on every frame, not every row (2 ms a frame at 793, panning the canvas).
 */
const BLOCK = 40;
/** A row's height before it was ever drawn (then the browser remembers its own), in px. */
const ROW_ESTIMATE = 88;
function blocks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BLOCK) out.push(rows.slice(i, i + BLOCK));
  return out;
}

export const Problems = memo(function Problems({ findings: all, doc, chain, importNotes, onSelectPlugin, onFix, onDismissNotes }: Props) {
  const [explain, setExplain] = useState<string | null>(null);
  // The rows' handlers stay the same functions across renders (so rows are not drawn again for a new
  // closure) and call whatever the panel was last given.
  const latest = useRef({ onSelectPlugin, onFix });
  useLayoutEffect(() => {
    latest.current = { onSelectPlugin, onFix };
  });
  const selectPlugin = useCallback((id: string, f?: Finding) => latest.current.onSelectPlugin(id, f), []);
  // A fixed finding's row goes with the focus on its button: the finding that takes its place gets it (or
  // the last one, or the panel's title).
  const section = useRef<HTMLElement>(null);
  const handFocus = useFocusHandOff();
  const fix = useCallback(
    (f: Finding, from: HTMLElement) => {
      const at = [...(section.current?.querySelectorAll('[role="listitem"]') ?? [])].indexOf(from.closest('[role="listitem"]')!);
      handFocus(() => {
        const rows = [...(section.current?.querySelectorAll<HTMLElement>('[role="listitem"] .finding-main') ?? [])];
        return rows[Math.min(Math.max(at, 0), rows.length - 1)] ?? section.current?.querySelector<HTMLElement>('.panel-title');
      });
      latest.current.onFix(f);
    },
    [handFocus],
  );
  // A row that leaves with the focus in it for another reason (a profile switched, an undo, a change made in
  // another tab): the focus goes where a fix sends it, instead of to the page, where the keyboard's place is
  // lost. Where the focus was is read as this render starts, before the commit can take the row out.
  const focusedRow = useRef<{ control: Element; at: number } | undefined>(undefined);
  const active = typeof document === 'undefined' ? null : document.activeElement;
  const activeRow = active && section.current?.contains(active) ? active.closest('[role="listitem"]') : null;
  focusedRow.current = activeRow && active ? { control: active, at: [...section.current!.querySelectorAll('[role="listitem"]')].indexOf(activeRow) } : undefined;
  useLayoutEffect(() => {
    const was = focusedRow.current;
    if (!was || was.control.isConnected || (document.activeElement !== document.body && document.activeElement !== null)) return;
    const rows = [...(section.current?.querySelectorAll<HTMLElement>('[role="listitem"] .finding-main') ?? [])];
    (rows[Math.min(Math.max(was.at, 0), rows.length - 1)] ?? section.current?.querySelector<HTMLElement>('.panel-title'))?.focus();
  });
  const empty = chain.plugins.length === 0;
  // Until the validator has arrived (right after the first paint) the findings are unknown: "checking…".
  const checking = all === undefined;
  const checkerFailure = useValidatorFailure();
  const findings = shownFindings(all ?? [], chain);
  // Editor text that does not parse is an error the user has now, even though the document is still valid.
  const unparsed = useUnparsed();
  const counts = withUnparsed(countBySeverity(findings), unparsed.length);
  return (
    <section className="problems" aria-label="Problems" ref={section}>
      <h2 className="panel-title" tabIndex={-1}>
        Problems{' '}
        {!checking && !(empty && findings.length === 0 && unparsed.length === 0) && (
          <span className="counts" data-testid="problem-counts">
            {count(counts.error, 'error')} · {count(counts.warning, 'warning')} · {count(counts.info, 'note')}
          </span>
        )}
      </h2>
      {empty && (
        <p className="problems-start" data-testid="problems-start">
          <CirclePlus size={16} aria-hidden />
          <span>Add a plugin to start: the network needs at least one plugin before a runtime can use it.</span>
        </p>
      )}
      {importNotes.length > 0 && (
        <div className="import-notes" data-testid="import-notes">
          <p>
            In the imported file (already corrected in the document):{' '}
            <button className="link" onClick={onDismissNotes}>
              dismiss
            </button>
          </p>
          <div role="list">
            {rowsOf(importNotes, doc, chain).map(({ key, ...row }) => (
              <Row key={key} {...row} onSelectPlugin={selectPlugin} onExplain={setExplain} />
            ))}
          </div>
        </div>
      )}
      {unparsed.length > 0 && (
        <ul data-testid="unparsed">
          {unparsed.map((u) => (
            <li key={u.key} className="finding severity-error" data-testid="finding" data-code="unparsed">
              <div className="finding-where">
                error · editor text of {u.label}
                {u.line !== undefined && ` · line ${u.line}${u.column !== undefined ? `, column ${u.column}` : ''}`}
              </div>
              <div>
                {u.message} Until it {u.refused ? 'is' : 'parses'}, the canvas, the checks, Export and Share use the last valid state.
              </div>
            </li>
          ))}
        </ul>
      )}
      {checking ? (
        !empty &&
        (checkerFailure ? (
          // The checker's code did not arrive: said, with Try again (which rechecks once it comes) and Reload.
          <ChunkFailed what="the checker" error={checkerFailure} onRetry={() => loadValidator()} />
        ) : (
          <p className="empty" data-testid="problems-checking" role="status">
            Checking…
          </p>
        ))
      ) : findings.length === 0 ? (
        !empty && unparsed.length === 0 && <p className="empty">No problems: a runtime would accept this configuration.</p>
      ) : (
        <div role="list">
          {blocks(rowsOf(findings, doc, chain)).map((rows, i) => (
            <FindingBlock key={i} rows={rows} estimate={rows.length * ROW_ESTIMATE}>
              {({ key, ...row }) => <Row key={key} {...row} onSelectPlugin={selectPlugin} onFix={fix} onExplain={setExplain} />}
            </FindingBlock>
          ))}
        </div>
      )}
      {explain && (
        <Suspense fallback={null}>
          <RuleExplanation code={explain} onClose={() => setExplain(null)} />
        </Suspense>
      )}
    </section>
  );
});
