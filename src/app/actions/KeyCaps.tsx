// A shortcut as key caps ("Ctrl" "Shift" "P"), the same way on buttons, in the palette and in the sheet.
import { isMac, keyCaps, parseKeys } from './keys';

const MAC = isMac();

export function KeyCaps({ keys, all = false }: { keys: readonly string[] | undefined; all?: boolean }) {
  if (!keys?.length) return null;
  const shown = all ? keys : keys.slice(0, 1);
  return (
    <span className="keycaps">
      {shown.map((k, i) => (
        <span key={k} className="keycap-combo">
          {i > 0 && <span className="keycap-or">or</span>}
          {keyCaps(parseKeys(k), MAC).map((cap, j) => (
            <kbd key={j} className="keycap">
              {cap}
            </kbd>
          ))}
        </span>
      ))}
    </span>
  );
}

/** A shortcut as one string for tooltips and labels: "Ctrl+Shift+P" (or "⇧⌘P"). */
export function keysText(keys: readonly string[] | undefined): string {
  return keys?.length ? keyCaps(parseKeys(keys[0]!), MAC).join(MAC ? '' : '+') : '';
}
