// The lazily loaded editor: mounts one EditorSession and points it at the active model.
import { useEffect, useRef } from 'react';
import { store } from '../state';
import { EditorSession, type EditorKey } from './session';
import { revealAnswered, type RevealRequest } from './reveal';

/** `reveal`: a key of the plugin to put the cursor on; `revealAt`: a finding's place, asked for by a click on it. */
export default function MonacoHost({ editorKey, reveal, revealAt, theme }: { editorKey: EditorKey | undefined; reveal?: string; revealAt?: RevealRequest; theme: 'light' | 'dark' }) {
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
  // The key last revealed for each editor shown: the request's answer clears `revealAt`, and that must not
  // send the cursor from the finding's place back to the IPAM key selected with it.
  const revealed = useRef<string | undefined>(undefined);
  useEffect(() => {
    session.current?.show(editorKey);
    const asked = `${editorKey ?? ''}\n${reveal ?? ''}`;
    if (editorKey && revealAt) {
      session.current?.revealPointer(editorKey, revealAt.pointer, revealAt.target);
      revealed.current = asked;
      revealAnswered(revealAt.n);
    } else if (editorKey && reveal && revealed.current !== asked) session.current?.reveal(editorKey, reveal);
    revealed.current = asked;
  }, [editorKey, reveal, revealAt]);
  useEffect(() => session.current?.setTheme(theme), [theme]);
  // `nokey`: React Flow listens for keys on the whole window (Space pans, Delete removes) and tells typing
  // apart only by INPUT/TEXTAREA/contenteditable targets; Monaco types into an EditContext <div>, so
  // without this class every Space typed here was swallowed as "pan the canvas".
  // Monaco sizes itself in whole pixels: under it lies a strip of the host (less than a pixel), and a click
  // there left the focus on the page, where Ctrl+A then Delete removed every plugin on the canvas.
  const onMouseDown = (e: React.MouseEvent) => {
    if (e.target !== e.currentTarget || !session.current) return;
    e.preventDefault();
    session.current.editor.focus();
  };
  return <div className="monaco-host nokey" ref={container} data-testid="monaco" onMouseDown={onMouseDown} />;
}
