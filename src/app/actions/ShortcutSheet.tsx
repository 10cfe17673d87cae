// The shortcut sheet (?): every registered shortcut, grouped, read from the same list as the keys.
import { Dialog } from '../components/Dialog';
import { grouped } from './registry';
import { useActionList } from './hooks';
import { KeyCaps } from './KeyCaps';
import './actions.css';

export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  const withKeys = useActionList().filter((a) => a.keys?.length);
  const everywhere = withKeys.filter((a) => a.keyScope === 'anywhere');
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} testId="shortcut-sheet" wide>
      <p className="hint">
        Shortcuts work outside text fields and editors
        {everywhere.length > 0 && (
          <>
            ; {everywhere.map((a, i) => (
              <span key={a.id}>
                {i > 0 && ' and '}
                <KeyCaps keys={a.keys} />
              </span>
            ))}{' '}
            work everywhere
          </>
        )}
        .
      </p>
      <div className="sheet-groups">
        {grouped(withKeys).map(([group, list]) => (
          <section key={group} className="sheet-group" aria-labelledby={`sheet-${group}`}>
            <h3 id={`sheet-${group}`}>{group}</h3>
            <dl>
              {list.map((a) => (
                <div key={a.id} className="sheet-row" data-testid="shortcut-row" data-action={a.id}>
                  <dt>{a.title}</dt>
                  <dd>
                    <KeyCaps keys={a.keys} all />
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
