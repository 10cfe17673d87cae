// A block of the Problems list's rows. The browser skips laying out and painting a block far from the view
// (content-visibility: auto, styles.css); while it is skipped the block also keeps its rows as last drawn,
// and draws them up to date when the browser is next idle (within a second) or as soon as it nears the view.
// Reordering a long chain rewrites hundreds of findings' messages ("also plugin 6"): drawing all of them in
// the gesture's own frame was most of the drop's render at 500 plugins.
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { whenIdle } from '../idle';

/** Whether the browser skips the element's contents (it says so by an event when that changes). */
function useSkipped(ref: React.RefObject<HTMLElement | null>): boolean {
  const [skipped, setSkipped] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const changed = (e: Event) => setSkipped((e as ContentVisibilityAutoStateChangeEvent).skipped);
    element.addEventListener('contentvisibilityautostatechange', changed);
    return () => element.removeEventListener('contentvisibilityautostatechange', changed);
  }, [ref]);
  return skipped;
}

interface Props<T> {
  rows: readonly T[];
  /** The block's height before the browser has laid it out, in px. */
  estimate: number;
  children: (row: T) => ReactNode;
}

export function FindingBlock<T>({ rows, estimate, children }: Props<T>) {
  const block = useRef<HTMLDivElement>(null);
  const skipped = useSkipped(block);
  // The rows as last drawn: while the block is shown they follow its rows at once.
  const [drawn, setDrawn] = useState(rows);
  if (!skipped && drawn !== rows) setDrawn(rows);
  const shown = skipped ? drawn : rows;
  // One catch-up at a time, drawing the rows as they are when it runs: the panel drawing again meanwhile
  // (an edit every few hundred ms) must not put it off past its second.
  const latest = useRef(rows);
  const catchUp = useRef<(() => void) | undefined>(undefined);
  useLayoutEffect(() => {
    latest.current = rows;
  });
  useEffect(() => {
    if (shown === rows || catchUp.current) return;
    catchUp.current = whenIdle(() => {
      catchUp.current = undefined;
      setDrawn(latest.current);
    });
  }, [shown, rows]);
  useEffect(() => () => catchUp.current?.(), []);
  return (
    <div className="finding-block" ref={block} data-testid="finding-block" style={{ containIntrinsicSize: `auto ${estimate}px` }}>
      {shown.map(children)}
    </div>
  );
}
