// A value that follows another one frame later: the frame that a gesture's own change ends with is painted
// first, and the value changes in a task after it (not a transition, which a pan's input could put off).
import { useEffect, useState } from 'react';

/** `value`, or the one before it until a frame has been painted since it changed. */
export function useAfterPaint<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The frame's callbacks run before its paint; a task queued from them runs after it.
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setShown(value))));
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [value, shown]);
  return shown;
}
