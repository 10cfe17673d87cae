// Monaco's diff of the two sides, base left and proposed right, both normalized (sorted keys, 2-space JSON), read-only.
import { useEffect, useRef } from 'react';
import { monaco, monacoTheme } from '../editor/monaco';

export default function DiffView({ before, after, theme }: { before: string; after: string; theme: 'light' | 'dark' }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  useEffect(() => {
    const diff = monaco.editor.createDiffEditor(host.current!, { readOnly: true, automaticLayout: true, renderSideBySide: true, minimap: { enabled: false }, fontSize: 12, scrollBeyondLastLine: false, originalAriaLabel: 'Base, normalized JSON', modifiedAriaLabel: 'Proposed, normalized JSON' });
    // The diff editor does not hand its side labels to the inner editors' input elements: named here.
    diff.getOriginalEditor().updateOptions({ ariaLabel: 'Base, normalized JSON' });
    diff.getModifiedEditor().updateOptions({ ariaLabel: 'Proposed, normalized JSON' });
    editor.current = diff;
    return () => {
      const model = diff.getModel();
      diff.dispose();
      model?.original.dispose();
      model?.modified.dispose();
    };
  }, []);
  useEffect(() => {
    const diff = editor.current;
    if (!diff) return;
    const old = diff.getModel();
    diff.setModel({ original: monaco.editor.createModel(before, 'json'), modified: monaco.editor.createModel(after, 'json') });
    old?.original.dispose();
    old?.modified.dispose();
  }, [before, after]);
  useEffect(() => monaco.editor.setTheme(monacoTheme(theme)), [theme]);
  return <div className="diff-view" ref={host} data-testid="diff-view" />;
}
