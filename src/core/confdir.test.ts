import { describe, expect, it } from 'vitest';
import { analyzeConfDir } from './confdir';
import { createValidator } from './validate/validate';
import { loadSchemas } from '../node/schemas';

const validator = createValidator(loadSchemas());
const conflist = (name: string) => JSON.stringify({ cniVersion: '1.0.0', name, plugins: [{ type: 'loopback' }] });
const conf = (name: string) => JSON.stringify({ cniVersion: '1.0.0', name, type: 'loopback' });

describe('analyzeConfDir (libcni LoadNetworkConf order)', () => {
  it('tries every .conflist before any .conf, in byte order; the first name match wins', () => {
    const r = analyzeConfDir(
      [
        { name: '05-a.conf', text: conf('net') },
        { name: '20-b.conflist', text: conflist('net') },
        { name: '10-c.conflist', text: conflist('other') },
        { name: 'README.md', text: '# notes' },
      ],
      validator,
    );
    expect(r.configFiles).toEqual(['10-c.conflist', '20-b.conflist', '05-a.conf']);
    expect(r.networks.map((n) => [n.network, n.file, n.shadowed])).toEqual([
      ['other', '10-c.conflist', []],
      ['net', '20-b.conflist', ['05-a.conf']],
    ]);
    // containerd/CRI-O: the first file of all, sorted together, is the default network.
    expect(r.defaultNetwork).toEqual({ network: 'net', file: '05-a.conf' });
    const codes = r.findings.map((f) => `${f.code} ${f.file}`);
    expect(codes).toContain('CNI701 05-a.conf');
    expect(codes).toContain('CNI704 README.md');
    expect(codes.filter((c) => c.startsWith('CNI700'))).toHaveLength(2);
  });

  it('reports a broken file that aborts every lookup after it', () => {
    const r = analyzeConfDir(
      [
        { name: '01-ok.conflist', text: conflist('first') },
        { name: '05-broken.conflist', text: '{"name": "x", "plugins": [' },
        { name: '10-net.conflist', text: conflist('net') },
      ],
      validator,
    );
    expect(r.networks.map((n) => n.network)).toEqual(['first']);
    const broken = r.findings.filter((f) => f.code === 'CNI702');
    expect(broken.map((f) => f.file)).toEqual(['05-broken.conflist', '10-net.conflist']);
    expect(broken[0]!.message).toContain('10-net.conflist');
    expect(r.perFile.get('05-broken.conflist')!.some((f) => f.code === 'CNI001')).toBe(true);
  });

  it('does not report anything for a healthy directory but the network notes', () => {
    const r = analyzeConfDir([{ name: '10-net.conflist', text: conflist('net') }], validator);
    expect(r.findings.map((f) => f.code)).toEqual(['CNI700']);
  });
});
