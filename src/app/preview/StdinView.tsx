// A plugin's stdin in a read-only Monaco view, the keys the runtime injected highlighted and labelled.
import { useEffect, useRef } from 'react';
import { parseJsonSource, type Injection } from '../../core';
import { monaco } from '../editor/monaco';

export default function StdinView({ text, injected, theme }: { text: string; injected: readonly Injection[]; theme: 'light' | 'dark' }) {
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
    });
    view.current = editor;
    decorations.current = editor.createDecorationsCollection();
    return () => editor.dispose();
  }, []);
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    editor.setValue(text);
    const source = parseJsonSource(text);
    const model = editor.getModel()!;
    decorations.current?.set(
      injected.flatMap((inj) => {
        const key = source.locate(inj.pointer, 'key');
        if (!key) return [];
        const a = model.getPositionAt(key.start);
        const b = model.getPositionAt(key.end);
        return [
          { range: new monaco.Range(a.lineNumber, a.column, b.lineNumber, b.column), options: { inlineClassName: 'injected-key', hoverMessage: { value: `Injected by the runtime: ${inj.source}` } } },
          { range: new monaco.Range(a.lineNumber, model.getLineMaxColumn(a.lineNumber), a.lineNumber, model.getLineMaxColumn(a.lineNumber)), options: { after: { content: `  ← ${inj.source}`, inlineClassName: 'injected-label' } } },
        ];
      }),
    );
  }, [text, injected]);
  useEffect(() => monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs'), [theme]);
  return <div className="stdin-view" ref={host} data-testid="stdin-view" />;
}
