// The lazily loaded editor: mounts one EditorSession and points it at the active model.
import { useEffect, useRef } from 'react';
import { store } from '../state';
import { EditorSession, type EditorKey } from './session';

export default function MonacoHost({ editorKey, reveal, theme }: { editorKey: EditorKey | undefined; reveal?: string; theme: 'light' | 'dark' }) {
  const container = useRef<HTMLDivElement>(null);
  const session = useRef<EditorSession | null>(null);
  useEffect(() => {
    const s = new EditorSession(container.current!, store);
    session.current = s;
    return () => {
      s.dispose();
      session.current = null;
    };
  }, []);
  useEffect(() => {
    session.current?.show(editorKey);
    if (editorKey && reveal) session.current?.reveal(editorKey, reveal);
  }, [editorKey, reveal]);
  useEffect(() => session.current?.setTheme(theme), [theme]);
  // `nokey`: React Flow listens for keys on the whole window (Space pans, Delete removes) and tells typing
  // apart only by INPUT/TEXTAREA/contenteditable targets; Monaco types into an EditContext <div>, so
  // without this class every Space typed here was swallowed as "pan the canvas".
  return <div className="monaco-host nokey" ref={container} data-testid="monaco" />;
}
