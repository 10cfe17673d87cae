// validatePluginText with the list's findings already known: used only when the text is the list's plugin
// as it stands, and then the same result as validating again.
import { describe, expect, it } from 'vitest';
import { validatePluginText } from './plugin-text';
import { createValidator } from './create';
import { loadSchemas } from '../../node/schemas';
import type { Finding } from './finding';
import type { JsonObject } from '../model/types';

const validator = createValidator(loadSchemas());
const doc: JsonObject = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', mtu: '1500', ipam: { type: 'host-local', subnet: '10.1.0.5/24' } }, { type: 'portmap' }, { type: 'tuning', mtu: 'x' }] };
const bogus: Finding = { code: 'CNI999', severity: 'error', message: 'not from this text', pointer: '/plugins/0/type', pluginIndex: 0 };

describe('validatePluginText with known findings', () => {
  it('gives what validating again gives when the text is the plugin as the list has it, in any layout', () => {
    const known = validator.validate(doc);
    for (const [index, text] of [
      [0, JSON.stringify((doc.plugins as JsonObject[])[0], null, 2)],
      [0, '{"ipam": {"subnet": "10.1.0.5/24", "type": "host-local"}, "mtu": "1500", "type": "bridge"}'],
      [2, JSON.stringify((doc.plugins as JsonObject[])[2])],
    ] as const) {
      const again = validatePluginText(validator, doc, index, text);
      expect(again.findings.length).toBeGreaterThan(0);
      expect(validatePluginText(validator, doc, index, text, known)).toEqual(again);
    }
  });

  it('uses them only then: a text that differs from the list is validated', () => {
    const text = '{"type": "bridge", "mtu": 1500}';
    const r = validatePluginText(validator, doc, 0, text, [bogus]);
    expect(r).toEqual(validatePluginText(validator, doc, 0, text));
    expect(r.findings.map((f) => f.code)).not.toContain('CNI999');
    // The same text as the list's plugin takes them, bogus or not: they are the caller's word for this list.
    const same = validatePluginText(validator, doc, 1, '{"type": "portmap"}', [{ ...bogus, pointer: '/plugins/1/type', pluginIndex: 1 }]);
    expect(same.findings.map((f) => f.code)).toEqual(['CNI999']);
  });
});
