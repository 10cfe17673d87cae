import { describe, expect, it } from 'vitest';
import { createValidator } from '../validate/create';
import { loadSchemas } from '../../node/schemas';
import { readAdmissionReview, type AdmissionRequest } from './review';
import { judgeAdmission } from './judge';
import { MAX_CONFIG_CHARS, WARNING_MAX_RUNES, MAX_WARNINGS, WARNINGS_TOTAL_RUNES } from './limits';
import { CLEAN_CONFIG, DENIED_CONFIG, DUMMY_CONFIG, nadReview, PORTMAP_BACKEND_CONFIG, type ReviewOptions } from './testing';

const validator = createValidator(loadSchemas());
const bookworm = validator.withProfile({ libcni: '1.1.2', plugins: '1.1.1' });

function request(o: ReviewOptions): AdmissionRequest {
  const read = readAdmissionReview(nadReview(o));
  if (!read.ok) throw new Error(read.error);
  return read.request;
}

describe('judgeAdmission', () => {
  it('allows a clean NAD without warnings', () => {
    expect(judgeAdmission(request({ uid: 'u-1', config: CLEAN_CONFIG }), validator)).toEqual({ uid: 'u-1', allowed: true });
  });

  it('denies an error with its code, pointer and words, naming the NAD and the profile', () => {
    const r = judgeAdmission(request({ uid: 'u-2', config: DENIED_CONFIG, namespace: 'team-a', name: 'mv' }), validator);
    expect(r.allowed).toBe(false);
    expect(r.status?.code).toBe(403);
    expect(r.status?.message).toBe(
      'NetworkAttachmentDefinition team-a/mv: spec.config has 1 error for libcni 1.3.0 + plugins 1.9.1:\n' +
        '- CNI208 at /plugins/0/ipam/ranges/0/0/subnet: ranges[0][0].subnet must be an address with a prefix length (CIDR notation), e.g. 10.22.0.0/16 or fd00::/64. Got "192.168.1.0/33".',
    );
  });

  it('points into a single-plugin config as the user wrote it (Multus makes a list of it; the pointer is not the list\'s)', () => {
    const single = JSON.stringify({ cniVersion: '1.0.0', name: 'mv', type: 'macvlan', master: 'eth0', mode: 'bridgee', ipam: { type: 'host-local', ranges: [[{ subnet: '192.168.1.0/24' }]] } });
    const r = judgeAdmission(request({ uid: 'u-s', config: single }), validator);
    expect(r.status?.message).toContain('- CNI205 at /mode: mode must be one of bridge, private, vepa or passthru');
  });

  it('gives a syntax error its line and column in spec.config', () => {
    const r = judgeAdmission(request({ config: '{\n  "cniVersion": "1.0.0",\n  "type": macvlan\n}' }), validator);
    expect(r.status?.message).toContain('- CNI001 at spec.config line 3, column 11: Not valid JSON');
  });

  it('positions past escaped characters (quotes, tabs, emoji) in the config', () => {
    const r = judgeAdmission(request({ config: '{"name": "a\\"😀\\t",\t"type": ?}' }), validator);
    // Columns count UTF-16 units, as lint's do: the emoji takes two.
    expect(r.status?.message).toContain('- CNI001 at spec.config line 1, column 29: Not valid JSON: an unexpected character here.');
  });

  it('follows the profile: warnings only with older plugins, an error for a plugin they lack', () => {
    expect(judgeAdmission(request({ config: PORTMAP_BACKEND_CONFIG }), validator)).toEqual({ uid: expect.any(String), allowed: true });
    const warned = judgeAdmission(request({ config: PORTMAP_BACKEND_CONFIG }), bookworm);
    expect(warned.allowed).toBe(true);
    expect(warned.warnings?.[0]).toMatch(/^default\/macvlan-conf: CNI212 at \/plugins\/1\/backend: portmap 1\.1\.1 ignores "backend"/);
    expect(judgeAdmission(request({ config: DUMMY_CONFIG }), validator).allowed).toBe(true);
    const denied = judgeAdmission(request({ config: DUMMY_CONFIG }), bookworm);
    expect(denied.status?.message).toContain('- CNI308 at /plugins/0/type: dummy is not part of plugins 1.1.1');
  });

  it('allows DELETE and CONNECT unchecked', () => {
    expect(judgeAdmission(request({ operation: 'DELETE' }), validator)).toEqual({ uid: expect.any(String), allowed: true });
    expect(judgeAdmission(request({ operation: 'CONNECT', config: DENIED_CONFIG }), validator).allowed).toBe(true);
  });

  it('allows another kind with a warning that it was not checked', () => {
    const r = judgeAdmission(request({ kind: { group: '', version: 'v1', kind: 'ConfigMap' }, config: DENIED_CONFIG }), validator);
    expect(r).toEqual({ uid: expect.any(String), allowed: true, warnings: ['cni-studio checks k8s.cni.cncf.io/v1 NetworkAttachmentDefinition only: this v1 ConfigMap was not checked (see the webhook\'s rules).'] });
  });

  it('allows a NAD without spec.config with a warning, and denies a config that is no string', () => {
    const absent = judgeAdmission(request({ config: undefined }), validator);
    expect(absent.allowed).toBe(true);
    expect(absent.warnings?.[0]).toContain('CNI022 no spec.config');
    const mapping = judgeAdmission(request({ config: { type: 'macvlan' } }), validator);
    expect(mapping.allowed).toBe(false);
    expect(mapping.status?.message).toContain('CNI021 at spec.config: it must be a string holding the CNI JSON, not an object');
  });

  it('denies a spec.config past the per-review budget unread, and reads one just within it', () => {
    const big = JSON.stringify({ cniVersion: '1.0.0', name: 'big', plugins: [{ type: 'bridge', x: 'y'.repeat(MAX_CONFIG_CHARS) }] });
    const r = judgeAdmission(request({ config: big }), validator);
    expect(r.status?.message).toBe(`NetworkAttachmentDefinition default/macvlan-conf: CNI010 at spec.config: it is 257 KiB; this webhook reads configs up to 256 KiB (real ones are a few KiB), so one review cannot hold it for seconds. Check it with "cni-studio lint".`);
    const within = JSON.stringify({ cniVersion: '1.0.0', name: 'big', plugins: [{ type: 'bridge', bridge: 'y'.repeat(MAX_CONFIG_CHARS - 100) }] });
    expect(judgeAdmission(request({ config: within }), validator).status?.message).not.toContain('CNI010');
  });

  it('does not block an UPDATE that leaves a broken spec.config as it was, and tells its errors', () => {
    const same = judgeAdmission(request({ operation: 'UPDATE', config: DENIED_CONFIG, oldConfig: DENIED_CONFIG }), validator);
    expect(same.allowed).toBe(true);
    expect(same.warnings?.[0]).toContain('spec.config did not change; its 1 error (libcni 1.3.0 + plugins 1.9.1) are not enforced');
    expect(same.warnings?.[1]).toContain('CNI208');
    expect(judgeAdmission(request({ operation: 'UPDATE', config: DENIED_CONFIG, oldConfig: CLEAN_CONFIG }), validator).allowed).toBe(false);
  });

  it('keeps warnings within what the API server passes on whole', () => {
    // 40 portmap plugins with the ignored backend: far more warnings than are listed.
    const plugins = Array.from({ length: 40 }, () => ({ type: 'portmap', backend: 'nftables', capabilities: { portMappings: true }, x: 'é'.repeat(300) }));
    const r = judgeAdmission(request({ config: JSON.stringify({ cniVersion: '1.0.0', name: 'n', plugins }) }), bookworm);
    const warnings = r.warnings ?? [];
    expect(warnings).toHaveLength(MAX_WARNINGS);
    expect(warnings.at(-1)).toMatch(/^… and \d+ more warnings/);
    for (const w of warnings) expect(Array.from(w).length).toBeLessThanOrEqual(WARNING_MAX_RUNES);
    expect(warnings.reduce((n, w) => n + Array.from(w).length, 0)).toBeLessThanOrEqual(WARNINGS_TOTAL_RUNES);
  });

  it('keeps control characters out of warnings and messages', () => {
    const r = judgeAdmission(request({ name: 'a\nb\u0007', config: PORTMAP_BACKEND_CONFIG }), bookworm);
    // eslint-disable-next-line no-control-regex
    for (const w of r.warnings ?? []) expect(w).not.toMatch(/[\u0000-\u001f]/);
    expect(r.warnings?.[0]).toMatch(/^default\/a b : CNI212/);
  });
});
