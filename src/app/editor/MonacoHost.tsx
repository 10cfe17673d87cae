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
  return <div className="monaco-host" ref={container} data-testid="monaco" />;
}
