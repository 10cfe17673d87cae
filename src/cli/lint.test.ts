import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempFiles } from './testing';

const { dir: tmp, write } = tempFiles('cni-studio-lint-');
const fixtures = resolve(__dirname, '../fixtures/real');

describe('cni-studio lint', () => {
  it('exits 0 on valid files and prints file:line:col severity code message for notes', async () => {
    const r = await cli('lint', join(fixtures, '10-containerd-net.conflist'), join(fixtures, 'nad-macvlan-whereabouts.yaml'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2 file\(s\): 0 error\(s\)/);
  });

  it('exits 1 on errors, with positions', async () => {
    const file = write('bad.conflist', '{\n  "cniVersion": "1.0.0",\n  "name": "n",\n  "plugins": [{"type": "portmap"}]\n}\n');
    const r = await cli('lint', file);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${file}:4:24 error CNI300 portmap needs a previous result`);
  });

  it('prints the JSON format as specified', async () => {
    const file = write('json.conflist', '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge", "mtu": "1500"}]}');
    const r = await cli('lint', '--format', 'json', file);
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.out) as { file: string; findings: Record<string, unknown>[] }[];
    expect(parsed).toHaveLength(1);
    expect(parsed[0]!.file).toBe(file);
    const f = parsed[0]!.findings.find((x) => x.code === 'CNI202')!;
    expect(Object.keys(f).sort()).toEqual(['code', 'column', 'line', 'message', 'pointer', 'severity']);
    expect(f).toMatchObject({ severity: 'error', pointer: '/plugins/0/mtu', line: 1, column: 76 });
  });

  it('reports what a runtime does with a directory', async () => {
    const dir = join(tmp, 'net.d');
    write('net.d/10-a.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'net', plugins: [{ type: 'loopback' }] }));
    write('net.d/20-b.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'net', plugins: [{ type: 'loopback' }] }));
    const r = await cli('lint', dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('20-b.conflist:1:1 warning CNI701 Network "net" is also defined by 10-a.conflist');
    expect(r.out).toContain('CNI700 Network "net" comes from 10-a.conflist (the default network');
    write('net.d/05-broken.conflist', '{"name": ');
    const broken = await cli('lint', dir);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('CNI702');
  });

  it('exits 2 on bad usage, with a clear message; an unreadable file is a finding', async () => {
    expect((await cli('lint')).code).toBe(2);
    const unknown = await cli('lint', '--frobnicate', 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown option --frobnicate');
    const badFormat = await cli('lint', '--format', 'xml', 'x');
    expect(badFormat.err).toContain('--format must be text, json, sarif or github');
    const missing = await cli('lint', join(tmp, 'nope.conflist'));
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.err).toContain('ENOENT');
    const binary = write('bin.conflist', 'ab\u0000cd');
    expect(await cli('lint', binary)).toMatchObject({ code: 1, out: expect.stringMatching(/bin\.conflist:1:1 error CNI010 .*binary data/) });
    const huge = write('huge.conflist', ' '.repeat(6 * 1024 * 1024));
    expect(await cli('lint', huge)).toMatchObject({ code: 1, out: expect.stringMatching(/huge\.conflist:1:1 error CNI010 .*more than CNI Studio reads as a config \(5 MB/) });
    expect((await cli('frob')).code).toBe(2);
  });

  it('explains a rule', async () => {
    const r = await cli('lint', '--explain', 'cni411');
    expect(r.code).toBe(0);
    expect(r.out).toContain('CNI411 (error): Subnet has host bits set');
    expect((await cli('lint', '--explain', 'CNI999')).code).toBe(2);
  });
});
