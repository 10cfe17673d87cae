import { describe, expect, it } from 'vitest';
import { deflateSync } from 'fflate';
import { decodeShare, encodeShare, MAX_SHARE_CHARS } from './share';
import { TEMPLATES } from '../templates';
import { DEFAULT_INPUTS, runtimeInputsFrom } from '../runtime/inputs';

describe('share links', () => {
  it('round-trip every template, with runtime inputs', () => {
    for (const t of TEMPLATES) {
      const state = { doc: t.document, runtime: { ifname: 'net1', capabilityArgs: { portMappings: [{ hostPort: 8080, containerPort: 80 }] } } };
      const e = encodeShare(state);
      expect(e.ok, t.id).toBe(true);
      if (!e.ok) continue;
      expect(e.payload).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
      expect(decodeShare(e.payload)).toEqual({ ok: true, state });
    }
  });
  it('keep a number beyond a float64 as one, so the link opens what libcni would refuse (CNI013)', () => {
    const state = { doc: { cniVersion: '1.0.0', name: 'huge', plugins: [{ type: 'tuning', mtu: Infinity }] } };
    const e = encodeShare(state);
    expect(e.ok && decodeShare(e.payload)).toEqual({ ok: true, state });
  });
  it('refuse a document too large for a link, saying so', () => {
    const plugins = Array.from({ length: 3000 }, (_, i) => ({ type: 'tuning', sysctl: { [`net.ipv4.conf.eth${i}.rp_filter`]: String(i) }, note: Math.random().toString(36) }));
    const e = encodeShare({ doc: { cniVersion: '1.0.0', name: 'huge', plugins } });
    expect(e.ok).toBe(false);
    expect(!e.ok && e.message).toContain('too large for a link');
  });
  it('refuse damaged, foreign and hostile payloads without throwing', () => {
    expect(decodeShare('v2.abc')).toMatchObject({ ok: false });
    expect(decodeShare('v1.***')).toMatchObject({ ok: false });
    expect(decodeShare('v1.AAAA')).toMatchObject({ ok: false });
    expect(decodeShare('v1.' + 'A'.repeat(MAX_SHARE_CHARS + 10))).toMatchObject({ ok: false });
    // A zip bomb: a small link that would inflate to 20 MB.
    const bomb = deflateSync(new Uint8Array(20 * 1024 * 1024), { level: 9 });
    const payload = 'v1.' + Buffer.from(bomb).toString('base64url');
    expect(payload.length).toBeLessThan(MAX_SHARE_CHARS);
    expect(decodeShare(payload)).toEqual({ ok: false, message: 'This share link cannot be opened: it expands to more than 5 MB.' });
    const notDoc = 'v1.' + Buffer.from(deflateSync(Buffer.from('{"x":1}'))).toString('base64url');
    expect(decodeShare(notDoc)).toMatchObject({ ok: false, message: expect.stringContaining('no CNI document') });
    const notList = 'v1.' + Buffer.from(deflateSync(Buffer.from('{"doc":{"name":"x","plugins":"nope"}}'))).toString('base64url');
    expect(decodeShare(notList)).toMatchObject({ ok: false, message: expect.stringContaining('"plugins" is not a list') });
  });

  it("runtime inputs of the wrong shape are left as they were, and named (the preview failed on them)", () => {
    const base = { ...DEFAULT_INPUTS, ifname: 'net1' };
    const { inputs, ignored } = runtimeInputsFrom({ cniPath: null, cniArgs: 5, ifname: { a: 1 }, containerId: 'c1', validAttachments: 'x', capabilityArgs: { mac: 'c2:00:00:00:00:01' } }, base);
    expect(ignored).toEqual(['ifname', 'cniArgs', 'cniPath', 'validAttachments']);
    expect(inputs).toEqual({ ...base, containerId: 'c1', capabilityArgs: { mac: 'c2:00:00:00:00:01' } });
    expect(runtimeInputsFrom({ validAttachments: null }).inputs.validAttachments).toBeNull();
    expect(runtimeInputsFrom('x')).toEqual({ inputs: DEFAULT_INPUTS, ignored: ['(not an object)'] });
    expect(runtimeInputsFrom(undefined)).toEqual({ inputs: DEFAULT_INPUTS, ignored: [] });
  });
});
