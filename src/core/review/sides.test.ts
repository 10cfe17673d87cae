import { describe, expect, it } from 'vitest';
import { loadSchemas } from '../../node/schemas';
import { createCatalog } from '../catalog/catalog';
import { bridge, list, portmap } from '../testing';
import { canvasMarks, compareSides, sidesTitle } from './sides';
import { reviewReport } from './report';

const catalog = createCatalog(loadSchemas());
// The reviewer's case of issue 13: the proposal drops tuning's mac capability and adds bandwidth.
const base = list([bridge(), portmap(), { type: 'tuning', capabilities: { mac: true } }], { name: 'net' });
const proposed = list([bridge({ mtu: 1400 }), { type: 'tuning' }, { type: 'bandwidth' }], { name: 'net' });

describe('review sides: every finding reads from base to proposed', () => {
  it('a capability the proposal drops is "no longer declares" (medium); swapped, it reads as added (low)', () => {
    const forward = compareSides(base, proposed, catalog).risks.filter((r) => r.rule.startsWith('capability'));
    expect(forward).toEqual([expect.objectContaining({ rule: 'capability-dropped', severity: 'medium' })]);
    expect(forward[0]!.message).toContain('no longer declares the mac capability');
    const swapped = compareSides(proposed, base, catalog).risks.filter((r) => r.rule.startsWith('capability'));
    expect(swapped).toEqual([expect.objectContaining({ rule: 'capability-added', severity: 'low' })]);
    expect(swapped[0]!.message).toContain('now declares the mac capability');
  });

  it('a plugin the proposal removes is "removed" (portmap: high), one it adds "added"', () => {
    const { diff, risks } = compareSides(base, proposed, catalog);
    expect(diff.plugins.map((p) => `${p.type} ${p.status}`)).toEqual(['bridge kept', 'portmap removed', 'tuning kept', 'bandwidth added']);
    expect(risks.find((r) => r.rule === 'plugin-removed')).toMatchObject({ severity: 'high' });
    expect(risks.find((r) => r.rule === 'plugin-removed')!.message).toContain('portmap');
    // The bridge's MTU goes from not set to 1400 in the proposal, not the other way.
    expect(diff.plugins[0]!.changes).toEqual([expect.objectContaining({ pointer: '/plugins/0/mtu', kind: 'added', after: 1400 })]);
  });

  it('names both sides in the title and in the report', () => {
    expect(sidesTitle({ label: 'a.yaml' }, { label: 'current network' })).toBe('base: a.yaml · proposed: current network');
    const { diff, risks } = compareSides(base, proposed, catalog);
    const report = reviewReport({ before: base, after: proposed, beforeLabel: 'a.yaml', afterLabel: 'current network', findings: [], catalog, diff, risks });
    expect(report).toContain('Compares base `a.yaml` with proposed `current network`.');
    expect(report).toContain('- removed: `portmap` (was at position 2)');
  });

  it('marks the canvas from the side it shows', () => {
    const { diff } = compareSides(base, proposed, catalog);
    // The proposal on the canvas: bridge changed, tuning moved (3 → 2 keeps its order: kept, but changed), bandwidth added; portmap listed.
    const onProposed = canvasMarks(diff, 'proposed');
    expect([...onProposed.byIndex]).toEqual([
      [0, 'changed'],
      [1, 'changed'],
      [2, 'added'],
    ]);
    expect(onProposed.elsewhere).toEqual([{ type: 'portmap', mark: 'removed', index: 1 }]);
    // The base on the canvas: portmap is what the proposal removes; bandwidth is listed as added at 3.
    const onBase = canvasMarks(diff, 'base');
    expect([...onBase.byIndex]).toEqual([
      [0, 'changed'],
      [1, 'removed'],
      [2, 'changed'],
    ]);
    expect(onBase.elsewhere).toEqual([{ type: 'bandwidth', mark: 'added', index: 2 }]);
  });
});
