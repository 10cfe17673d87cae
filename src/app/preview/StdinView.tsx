// A plugin's stdin in a read-only Monaco view. What the runtime injected (core's injectedKeys) is highlighted
// over its whole value and labelled with where it comes from, and the view scrolls so the key a reader should
// see first (the step's own data: runtimeConfig, GC's attachments, prevResult) is in sight.
import { useEffect, useRef } from 'react';
import { parseJsonSource, type InjectedKey } from '../../core';
import { monaco, monacoTheme } from '../editor/monaco';

export interface StdinFocus {
  pointer: string;
  /** Changes on every request, so asking for the same key again scrolls again. */
  nonce: number;
}

export default function StdinView({ text, injected, focus, theme }: { text: string; injected: readonly InjectedKey[]; focus?: StdinFocus; theme: 'light' | 'dark' }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  useEffect(() => {
    const editor = monaco.editor.create(host.current!, {
      value: '',
      language: 'json',
      readOnly: true,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 12,
      scrollBeyondLastLine: false,
      stickyScroll: { enabled: false },
      lineNumbers: 'off',
      folding: true,
      ariaLabel: 'The plugin\'s stdin; keys the runtime injected are highlighted',
    });
    view.current = editor;
    decorations.current = editor.createDecorationsCollection();
    return () => editor.dispose();
  }, []);
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    if (editor.getValue() !== text) editor.setValue(text);
    const source = parseJsonSource(text);
    const model = editor.getModel()!;
    decorations.current?.set(
      injected.flatMap((inj) => {
        const key = source.locate(inj.pointer, 'key');
        const value = source.locate(inj.pointer, 'value');
        if (!key) return [];
        const a = model.getPositionAt(key.start);
        const b = model.getPositionAt(key.end);
        const end = model.getPositionAt(value?.end ?? key.end);
        const lineEnd = model.getLineMaxColumn(a.lineNumber);
        const where = inj.source ?? 'the runtime';
        return [
          // The whole member, key to the end of its value, as one highlighted block with a bar in the margin.
          { range: new monaco.Range(a.lineNumber, 1, end.lineNumber, 1), options: { isWholeLine: true, className: 'injected-region', linesDecorationsClassName: 'injected-bar' } },
          { range: new monaco.Range(a.lineNumber, a.column, b.lineNumber, b.column), options: { inlineClassName: 'injected-key', hoverMessage: { value: `Injected by the runtime: ${where}` } } },
          { range: new monaco.Range(a.lineNumber, lineEnd, a.lineNumber, lineEnd), options: { showIfCollapsed: true, after: { content: `  ← ${inj.kind === 'replaced' ? 'replaced by the runtime: ' : ''}${where}`, inlineClassName: 'injected-label' } } },
        ];
      }),
    );
  }, [text, injected]);
  useEffect(() => {
    const editor = view.current;
    if (!editor || !focus) return;
    const source = parseJsonSource(editor.getValue());
    const key = source.locate(focus.pointer, 'key');
    if (!key) return;
    const model = editor.getModel()!;
    const a = model.getPositionAt(key.start);
    const end = model.getPositionAt(source.locate(focus.pointer, 'value')?.end ?? key.end);
    // The key at the top when the block does not fit; untouched when it is in sight already.
    editor.revealRangeNearTopIfOutsideViewport(new monaco.Range(a.lineNumber, 1, end.lineNumber, 1), monaco.editor.ScrollType.Immediate);
  }, [focus, text]);
  useEffect(() => monaco.editor.setTheme(monacoTheme(theme)), [theme]);
  return <div className="stdin-view" ref={host} data-testid="stdin-view" />;
}
