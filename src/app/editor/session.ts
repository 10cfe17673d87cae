// The editor session: one Monaco editor, a model per plugin (its URI names the plugin type, which
// selects the schema), one for the whole conflist and a read-only NAD view. Typing is committed to the
// store after a pause as one undoable change, only when the text is strict JSON; until then it is a
// draft (persisted) and the canvas keeps the last valid state. Store changes flow back into the models
// as minimal edits, so the cursor, selection and scroll stay where they were.
import { conflistOf, deepEqual, jsonNestingExcess, MAX_NESTING_DEPTH, parseJsonSource, parsePointer, toPointer, DOCUMENT_MODEL_PATH, fixToTextEdits, indexOfPlugin, mergeOnto, minimalEdit, pluginModelPath, serializeConflist, toNadYaml, nadOptionsFor, typeOfConf, validatePluginText, isJsonObject, type Chain, type Finding, type JsonObject, type JsonValue } from '../../core';
import { parseDraft } from '../store/drafts';
import { findingsOf } from '../state';
import type { AppStore } from '../store/store';
import { validator } from '../validator-full';
import { registerPendingEdits } from './pending';
import { travelFromText } from '../actions/edit';
import { MARKER_OWNER, monaco, monacoTheme, toMarkers } from './monaco';

export type EditorKey = 'document' | 'nad' | string;

const COMMIT_DELAY = 400;
const MARKER_DELAY = 80;

/** 'json', or 'plaintext' for text nested deeper than CNI Studio reads (fewer characters than levels cannot be: typing in a real config never scans). */
const languageOfJsonText = (text: string) => (text.length > MAX_NESTING_DEPTH && jsonNestingExcess(text) !== undefined ? 'plaintext' : 'json');

const typeOf = (value: unknown) => (isJsonObject(value) && typeof value.type === 'string' ? value.type : undefined);
/** A plugin's JSON by its id, or undefined when the chain no longer has it. */
const confOf = (chain: Chain, id: string) => chain.plugins.find((p) => p.id === id)?.conf;

function sameJson(text: string, value: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
  } catch {
    return false;
  }
}

export class EditorSession {
  readonly editor: monaco.editor.IStandaloneCodeEditor;
  private readonly models = new Map<EditorKey, monaco.editor.ITextModel>();
  private readonly viewStates = new Map<EditorKey, monaco.editor.ICodeEditorViewState | null>();
  private readonly findings = new Map<string, Finding[]>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: monaco.IDisposable[] = [];
  private readonly unsubscribe: () => void;
  private remote = false;
  private active: EditorKey | undefined;
  /**
   * What each editor's text was typed against: the network (or plugin) when the typing began. Another
   * editor or the canvas may change it before the text commits; the commit then merges (mergeOnto).
   */
  private readonly bases = new Map<EditorKey, JsonValue>();

  constructor(
    container: HTMLElement,
    private readonly store: AppStore,
  ) {
    this.editor = monaco.editor.create(container, {
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      renderValidationDecorations: 'on',
      quickSuggestions: { strings: true, other: true, comments: false },
      stickyScroll: { enabled: false },
      model: null,
    });
    this.disposables.push(
      monaco.languages.registerCodeActionProvider('json', { provideCodeActions: (model, range) => this.codeActions(model, range) }),
      // Leaving the editor (focus moves on mousedown, before the click elsewhere lands) commits what was
      // typed at once, so a canvas edit that follows applies on top of it instead of being overwritten.
      this.editor.onDidBlurEditorText(() => this.flush()),
      { dispose: registerPendingEdits(() => this.flush()) },
    );
    // One history: Ctrl+Z here is the toolbar's Undo. Monaco's own stack also holds every change the store
    // made to the text (the toolbar's Undo among them), so its undo after the toolbar's redid what that undid.
    this.editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyZ, () => this.travel('undo'));
    this.editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.KeyZ, () => this.travel('redo'));
    this.editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyY, () => this.travel('redo'));
    this.unsubscribe = store.subscribe((s, prev) => {
      // A draft the store dropped (the network it was typed for was replaced) gives way to the document.
      if (s.chain !== prev.chain || s.nad !== prev.nad || Object.keys(prev.drafts).some((k) => s.drafts[k] === undefined)) this.syncFromStore();
      // Another runtime profile: every marker is judged again (the app's validator already follows it).
      else if (s.profile !== prev.profile) for (const key of this.models.keys()) this.schedule(`markers:${key}`, 0, () => this.refreshMarkers(key));
    });
  }

  show(key: EditorKey | undefined): void {
    if (this.active !== undefined && this.models.has(this.active)) this.viewStates.set(this.active, this.editor.saveViewState());
    this.active = key;
    if (key === undefined) {
      this.editor.setModel(null);
      return;
    }
    const model = this.modelFor(key);
    if (!model) return;
    this.editor.setModel(model);
    const view = this.viewStates.get(key);
    if (view) this.editor.restoreViewState(view);
    this.editor.updateOptions({ readOnly: key === 'nad' });
    this.refreshMarkers(key);
  }

  /** Puts the cursor on a plugin's key (e.g. "ipam" when the IPAM node was selected). */
  reveal(key: EditorKey, property: string): void {
    const model = this.models.get(key);
    if (!model || this.active !== key) return;
    const match = model.findMatches(`"${property}"`, false, false, true, null, false)[0];
    if (match) {
      this.editor.setPosition({ lineNumber: match.range.startLineNumber, column: match.range.startColumn });
      this.editor.revealLineInCenterIfOutsideViewport(match.range.startLineNumber);
    }
  }

  /** Puts the cursor on what `pointer` names inside the plugin's text (a finding's place), else the nearest value above it that is there. */
  revealPointer(key: EditorKey, pointer: string, target?: 'key' | 'value'): void {
    const model = this.models.get(key);
    if (!model || this.active !== key) return;
    const source = parseJsonSource(model.getValue());
    const segments = parsePointer(pointer);
    let range = source.locate(pointer, target);
    while (!range && segments.length > 0) {
      segments.pop();
      range = source.locate(toPointer(segments));
    }
    if (!range) return;
    const at = model.getPositionAt(range.start);
    this.editor.setPosition(at);
    this.editor.revealLineInCenterIfOutsideViewport(at.lineNumber);
  }

  setTheme(theme: 'light' | 'dark'): void {
    monaco.editor.setTheme(monacoTheme(theme));
  }

  dispose(): void {
    this.unsubscribe();
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
    for (const m of this.models.values()) m.dispose();
    this.editor.dispose();
  }

  private textFor(key: EditorKey): string | undefined {
    const s = this.store.getState();
    if (key === 'nad') return toNadYaml(conflistOf(s.chain), nadOptionsFor(conflistOf(s.chain), s.nad));
    if (s.drafts[key] !== undefined) return s.drafts[key];
    if (key === 'document') return serializeConflist(conflistOf(s.chain));
    const plugin = confOf(s.chain, key);
    return plugin === undefined ? undefined : serializeConflist(plugin);
  }

  private uriFor(key: EditorKey, text: string): monaco.Uri {
    if (key === 'document') return monaco.Uri.from({ scheme: 'cni-studio', path: DOCUMENT_MODEL_PATH });
    if (key === 'nad') return monaco.Uri.from({ scheme: 'cni-studio', path: '/document/network-attachment-definition.yaml' });
    let type: string | undefined;
    try {
      type = typeOf(JSON.parse(text));
    } catch {
      type = typeOfConf(confOf(this.store.getState().chain, key)) || undefined;
    }
    return monaco.Uri.from({ scheme: 'cni-studio', path: pluginModelPath(key, type) });
  }

  private modelFor(key: EditorKey): monaco.editor.ITextModel | undefined {
    const existing = this.models.get(key);
    if (existing) return existing;
    const text = this.textFor(key);
    if (text === undefined) return undefined;
    const model = monaco.editor.createModel(text, key === 'nad' ? 'yaml' : languageOfJsonText(text), this.uriFor(key, text));
    model.updateOptions({ tabSize: 2, insertSpaces: true });
    model.onDidChangeContent(() => this.onEdit(key, model));
    this.models.set(key, model);
    return model;
  }

  private readonly pending = new Map<string, () => void>();

  private schedule(name: string, delay: number, fn: () => void): void {
    clearTimeout(this.timers.get(name));
    this.pending.set(name, fn);
    this.timers.set(
      name,
      setTimeout(() => {
        this.pending.delete(name);
        fn();
      }, delay),
    );
  }

  /**
   * What was typed is committed first, so it is the step undone. Text that is not in the network (it does
   * not parse, or the network refused it) is undone in the text itself, back towards what is.
   */
  private travel(direction: 'undo' | 'redo'): void {
    this.flush();
    const key = this.active;
    if (key !== undefined && this.store.getState().drafts[key] !== undefined) return this.editor.trigger('keyboard', direction, null);
    travelFromText(direction);
  }

  /** Runs every pending commit now. */
  flush(): void {
    for (const [name, fn] of [...this.pending]) {
      if (!name.startsWith('commit:')) continue;
      clearTimeout(this.timers.get(name));
      this.pending.delete(name);
      fn();
    }
  }

  /** The network or the plugin as the store has it now: what an editor's text stands for. */
  private valueOf(key: EditorKey): JsonValue | undefined {
    const { chain } = this.store.getState();
    return key === 'document' ? conflistOf(chain) : confOf(chain, key);
  }

  private onEdit(key: EditorKey, model: monaco.editor.ITextModel): void {
    if (this.remote || key === 'nad') return;
    // The first keystroke since the last commit: the text is now typed against the store as it is, or,
    // for a draft from before a reload, against what it was typed against then (kept with it).
    if (!this.bases.has(key)) {
      const { actions } = this.store.getState();
      const kept = actions.draftBase(key);
      const base = kept ?? this.valueOf(key);
      if (base !== undefined) {
        this.bases.set(key, base);
        if (kept === undefined) actions.setDraftBase(key, base);
      }
    }
    this.store.getState().actions.setDraft(key, model.getValue());
    this.followDepth(model);
    this.schedule(`markers:${key}`, MARKER_DELAY, () => this.refreshMarkers(key));
    this.schedule(`commit:${key}`, COMMIT_DELAY, () => this.commit(key, model));
  }

  /**
   * Text nested deeper than CNI Studio reads is plain text while it is: Monaco's JSON worker recurses once
   * per level and overflowed its stack on a paste 3,000 deep (page errors at each change). Our own markers
   * still say where and why (CNI011); completion and folding come back with the text's depth.
   */
  private followDepth(model: monaco.editor.ITextModel): void {
    const language = languageOfJsonText(model.getValue());
    if (model.getLanguageId() !== language) monaco.editor.setModelLanguage(model, language);
  }

  /** The rounded numbers last told per editor, so a note is given once, not at every commit. */
  private readonly roundedTold = new Map<EditorKey, string>();

  /**
   * An integer a float64 cannot hold (CNI014) is in the network as the nearest one once committed: the
   * marker stays only while the text does, and the Problems panel reads the network. A note says it once.
   */
  private tellRounded(key: EditorKey, model: monaco.editor.ITextModel): void {
    const text = model.getValue();
    // The text scan's own finding (no validation needed): only JSON text with such a number has one.
    const rounded = parseJsonSource(text).findings.filter((f) => f.code === 'CNI014');
    const told = rounded.map((f) => f.message).join('\n');
    if (told === (this.roundedTold.get(key) ?? '')) return;
    this.roundedTold.set(key, told);
    const [first] = rounded;
    if (!first) return;
    const line = model.getPositionAt(first.range?.start ?? 0).lineNumber;
    const more = rounded.length > 1 ? ` (and ${rounded.length - 1} more such number${rounded.length > 2 ? 's' : ''})` : '';
    this.store.getState().actions.notify({ kind: 'info', text: `Line ${line}: ${first.message}${more}` });
  }

  /** Commits strict JSON to the store (one undo step); anything else, or a change refused, stays a draft. */
  private commit(key: EditorKey, model: monaco.editor.ITextModel): void {
    if (model.isDisposed()) return;
    const { chain, actions } = this.store.getState();
    const text = model.getValue();
    const edit = parseDraft(key, text);
    if (!edit) return;
    const current = key === 'document' ? conflistOf(chain) : confOf(chain, key);
    if (current === undefined) return;
    const { value, merged } = this.mergedWithStore(key, edit.kind === 'document' ? edit.doc : edit.plugin, current);
    // Compared as written (key order too): a text that only reorders keys is still the user's to keep.
    const unchanged = JSON.stringify(current) === JSON.stringify(value);
    if (edit.kind === 'document') {
      if (!unchanged && !actions.commitDocument(value)) return;
    } else if (!unchanged && !actions.replacePlugin(key, value)) return;
    actions.setDraft(key, undefined);
    this.bases.delete(key);
    this.tellRounded(key, model);
    // What changed meanwhile elsewhere is in the store now: the text shows it too (the next edit starts from it).
    if (merged) this.applyRemote(model, serializeConflist(value));
    if (edit.kind === 'document') return;
    // The type decides the model's schema: a new type needs a model under the new name.
    const now = model.getValue();
    if (model.uri.toString() !== this.uriFor(key, now).toString()) this.recreate(key, model, now);
  }

  /**
   * The text's value applied onto what the store has now, when that changed since the typing began (in
   * another editor, on the canvas): changes of both are kept; where both changed the same value the text
   * wins, and the notice says what it replaced (undo brings it back).
   */
  private mergedWithStore(key: EditorKey, typed: JsonObject, current: JsonValue): { value: JsonObject; merged: boolean } {
    const base = this.bases.get(key);
    if (base === undefined || base === current || deepEqual(base, current)) return { value: typed, merged: false };
    const merge = mergeOnto(base, typed, current);
    if (merge.ok && isJsonObject(merge.value)) return { value: merge.value, merged: merge.merged };
    if (!merge.ok) {
      const where = key === 'document' ? 'the network' : 'this plugin';
      this.store.getState().actions.notify({ kind: 'info', text: `The text typed here replaced what changed in ${where} elsewhere while it was being typed (at ${merge.conflicts.join(', ')}). Undo brings that back.` });
    }
    return { value: typed, merged: false };
  }

  private recreate(key: EditorKey, old: monaco.editor.ITextModel, text: string): void {
    const wasActive = this.active === key;
    const view = wasActive ? this.editor.saveViewState() : this.viewStates.get(key);
    this.models.delete(key);
    old.dispose();
    const model = this.modelFor(key)!;
    if (model.getValue() !== text) model.setValue(text);
    if (wasActive) {
      this.editor.setModel(model);
      if (view) this.editor.restoreViewState(view);
    }
    this.refreshMarkers(key);
  }

  private findingsFor(key: EditorKey, text: string): Finding[] {
    const { chain } = this.store.getState();
    if (key === 'document') return validator.validate(text, { kind: 'conflist' });
    if (key === 'nad') return validator.validate(text, { kind: 'yaml' });
    const index = indexOfPlugin(chain, key);
    // The store's findings of the list (cached per document) serve when the text is the plugin as it stands.
    const doc = conflistOf(chain);
    return index < 0 ? [] : validatePluginText(validator, doc, index, text, findingsOf(doc)).findings;
  }

  private refreshMarkers(key: EditorKey): void {
    const model = this.models.get(key);
    if (!model || model.isDisposed()) return;
    let findings: Finding[];
    try {
      findings = this.findingsFor(key, model.getValue());
    } catch (e) {
      // A defect in checking this text: say so on the first line instead of failing in a timer.
      findings = [{ code: 'internal-error', severity: 'error', message: `CNI Studio failed checking this text: ${(e as Error).message}`, pointer: '', line: 1, column: 1, endLine: 1, endColumn: 2 }];
    }
    this.findings.set(model.uri.toString(), findings);
    monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(findings));
  }

  /** Replaces only what differs, so the cursor and scroll stay put. */
  private applyRemote(model: monaco.editor.ITextModel, text: string): void {
    const old = model.getValue();
    if (old === text) return;
    const edit = minimalEdit(old, text);
    const from = model.getPositionAt(edit.offset);
    const to = model.getPositionAt(edit.offset + edit.length);
    this.remote = true;
    try {
      model.pushEditOperations([], [{ range: new monaco.Range(from.lineNumber, from.column, to.lineNumber, to.column), text: edit.content }], () => null);
    } finally {
      this.remote = false;
    }
  }

  private syncFromStore(): void {
    const { chain, drafts, nad } = this.store.getState();
    const doc = conflistOf(chain);
    for (const [key, model] of [...this.models]) {
      if (key === 'nad') {
        this.remote = true;
        model.setValue(toNadYaml(doc, nadOptionsFor(doc, nad)));
        this.remote = false;
      } else if (key === 'document') {
        if (drafts.document === undefined && !sameJson(model.getValue(), doc)) this.applyRemote(model, serializeConflist(doc));
      } else {
        const plugin = confOf(chain, key);
        if (plugin === undefined) {
          model.dispose();
          this.models.delete(key);
          this.viewStates.delete(key);
          if (drafts[key] !== undefined) this.store.getState().actions.setDraft(key, undefined);
          if (this.active === key) this.show(undefined);
          continue;
        }
        // Typing in progress wins over the canvas for the same plugin.
        if (drafts[key] === undefined && !sameJson(model.getValue(), plugin)) {
          const text = serializeConflist(plugin);
          this.applyRemote(model, text);
          if (model.uri.toString() !== this.uriFor(key, text).toString()) this.recreate(key, model, text);
        }
      }
      this.schedule(`markers:${key}`, MARKER_DELAY, () => this.refreshMarkers(key));
    }
  }

  private codeActions(model: monaco.editor.ITextModel, range: monaco.Range): monaco.languages.CodeActionList {
    const findings = this.findings.get(model.uri.toString()) ?? [];
    const text = model.getValue();
    const actions: monaco.languages.CodeAction[] = [];
    for (const f of findings) {
      if (!f.fix || f.line === undefined) continue;
      const fRange = new monaco.Range(f.line, f.column!, f.endLine ?? f.line, f.endColumn ?? f.column! + 1);
      if (!monaco.Range.areIntersectingOrTouching(fRange, range)) continue;
      const edits = fixToTextEdits(text, f.fix);
      if (!edits) continue;
      actions.push({
        title: `${f.fix.title} (${f.code})`,
        kind: 'quickfix',
        diagnostics: toMarkers([f]),
        isPreferred: true,
        edit: {
          edits: edits.map((e) => {
            const a = model.getPositionAt(e.offset);
            const b = model.getPositionAt(e.offset + e.length);
            return { resource: model.uri, versionId: model.getVersionId(), textEdit: { range: new monaco.Range(a.lineNumber, a.column, b.lineNumber, b.column), text: e.content } };
          }),
        },
      });
    }
    return { actions, dispose() {} };
  }
}
