// A rule's explanation (severity, why it matters, an example, the fix), opened from a finding's code. The
// rules' documentation is its own chunk (later.ts), not the first screen's.
import { RULES_BY_CODE } from '../../core';
import { Dialog } from './Dialog';

export function RuleExplanation({ code, onClose }: { code: string; onClose: () => void }) {
  const rule = RULES_BY_CODE.get(code);
  return (
    <Dialog title={`${code}: ${rule?.title ?? 'unknown rule'}`} onClose={onClose} testId="rule-doc">
      {rule ? (
        <dl className="rule-doc">
          <dt>Severity</dt>
          <dd>{rule.severity}</dd>
          <dt>Why it matters</dt>
          <dd>{rule.why}</dd>
          <dt>Example</dt>
          <dd>
            <code>{rule.example || '(empty document)'}</code>
          </dd>
          <dt>Fix</dt>
          <dd>{rule.fix}</dd>
        </dl>
      ) : (
        <p>No documentation for this code.</p>
      )}
    </Dialog>
  );
}
