// `lint` over many files: one bad file (unreadable, binary, not UTF-8, nested too deep, odd names, a
// failure inside the checker) is that file's finding, and every other file is still checked.
import { join, resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli, tempFiles } from './testing';
import { lint } from './lint';
import { MAX_NESTING_DEPTH, type Validator } from '../core';
import { createValidator } from '../core/validate/create';
import { loadSchemas } from '../node/schemas';

const { dir: tmp, write } = tempFiles('cni-studio-lint-files-');
const fixtures = resolve(__dirname, '../fixtures/real');
const good = JSON.stringify({ cniVersion: '1.0.0', name: 'good', plugins: [{ type: 'loopback' }] });

interface JsonReport {
  file: string;
  findings: { code: string; severity: string; message: string; pointer: string; line: number; column: number }[];
}

async function lintJson(...paths: string[]): Promise<{ code: number; reports: JsonReport[]; err: string }> {
  const r = await cli('lint', '--format', 'json', ...paths);
  return { code: r.code, reports: r.out ? (JSON.parse(r.out) as JsonReport[]) : [], err: r.err };
}

const codes = (reports: JsonReport[], file: string) => reports.find((r) => r.file.endsWith(file))?.findings.map((f) => f.code) ?? [];

function writeBytes(name: string, bytes: Uint8Array): string {
  const path = join(tmp, name);
  writeFileSync(path, bytes);
  return path;
}

describe('lint of a batch', () => {
  it('reports an unreadable file as its own finding and still lints the others', async () => {
    const a = write('batch/a.conflist', good);
    const nul = write('batch/nul.conflist', `{"name": "x\u0000"}`);
    const latin1 = writeBytes('batch/latin1.conflist', new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d])); // {"n":"é"} in Latin-1
    const replacement = write('batch/fffd.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'fffd', plugins: [{ type: 'loopback', note: 'a \uFFFD in the text' }] }));
    const bad = write('batch/z.conflist', '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "portmap"}]}');
    const { code, reports } = await lintJson(a, nul, latin1, replacement, bad);
    expect(code).toBe(1);
    expect(reports.map((r) => r.file)).toEqual([a, nul, latin1, replacement, bad]);
    expect(codes(reports, 'a.conflist')).toEqual([]);
    expect(codes(reports, 'nul.conflist')).toEqual(['CNI010']);
    expect(reports[1]!.findings[0]!.message).toContain('binary data');
    // Bytes that are not UTF-8 inside a string: Go reads each as U+FFFD and loads the file; a warning, and checked on.
    expect(reports[2]!.findings[0]).toMatchObject({ code: 'CNI010', severity: 'warning', line: 1, column: 7 });
    expect(reports[2]!.findings[0]!.message).toContain('not UTF-8');
    expect(codes(reports, 'latin1.conflist').length).toBeGreaterThan(1);
    // A U+FFFD written in a valid UTF-8 file is a character like any other.
    expect(codes(reports, 'fffd.conflist')).not.toContain('CNI010');
    expect(codes(reports, 'fffd.conflist')).toContain('CNI203');
    expect(codes(reports, 'z.conflist')).toContain('CNI300');
    for (const r of reports) for (const f of r.findings) expect(f).toMatchObject({ code: expect.stringMatching(/^CNI\d{3}$/), line: expect.any(Number), column: expect.any(Number) });
  });

  it('reads CRLF, and says libcni refuses a JSON file with a BOM (cnitool 1.3.0: "invalid character \'ï\'"); YAML may have one', async () => {
    const crlf = write('batch/crlf.conflist', `${good.replace(/,/g, ',\r\n')}\r\n`);
    expect(await lintJson(crlf)).toMatchObject({ code: 0, reports: [{ findings: [] }] });
    const bom = write('batch/bom.conflist', `\uFEFF${good.replace(/,/g, ',\r\n')}\r\n`);
    const r = await lintJson(bom);
    expect(r.code).toBe(1);
    expect(r.reports[0]!.findings).toEqual([expect.objectContaining({ code: 'CNI001', severity: 'error', line: 1, column: 1, message: expect.stringContaining('byte order mark') })]);
    const yaml = write('batch/bom.yaml', `\uFEFFapiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: x\nspec:\n  config: '${good}'\n`);
    expect((await lintJson(yaml)).code).toBe(0);
  });

  it('reads a directory with unreadable files in it', async () => {
    write('dir/10-a.conflist', good);
    write('dir/05-nul.conflist', 'ab\u0000cd');
    writeBytes('dir/07-latin1.conf', new Uint8Array([0x7b, 0xff, 0x7d]));
    write('dir/20-b.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'other', plugins: [{ type: 'loopback' }] }));
    write('dir/nad.yaml', `kind: NetworkAttachmentDefinition\nmetadata: {name: x}\nspec:\n  config: ${'['.repeat(MAX_NESTING_DEPTH + 5)}\n`);
    const { code, reports } = await lintJson(join(tmp, 'dir'));
    expect(code).toBe(1);
    expect(codes(reports, '05-nul.conflist')).toEqual(expect.arrayContaining(['CNI010', 'CNI702']));
    // A byte that is not UTF-8 outside a string: read as U+FFFD, as Go reads it, which stops its decoder.
    expect(codes(reports, '07-latin1.conf')).toEqual(['CNI010', 'CNI001']);
    expect(codes(reports, '10-a.conflist')).toContain('CNI702'); // the binary file before it blocks its lookup
    expect(codes(reports, 'nad.yaml')).toEqual(['CNI011']);
    expect(reports.find((r) => r.file.endsWith('nad.yaml'))!.findings[0]).toMatchObject({ line: 4, column: 11 + MAX_NESTING_DEPTH - 2 });
  });

  it('exits 2 only for bad usage: a path that does not exist', async () => {
    const r = await cli('lint', write('ok.conflist', good), join(tmp, 'missing.conflist'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('ENOENT');
  });

  it('turns a failure inside the checker into a finding for that file', async () => {
    const real = createValidator(loadSchemas());
    const poisoned = write('batch/poisoned.conflist', JSON.stringify({ cniVersion: '1.0.0', name: 'poison', plugins: [{ type: 'loopback' }] }));
    const fine = write('batch/fine.conflist', good);
    // The one way to reach this handler now that no known input fails: a checker that throws for one file.
    const failing: Validator = {
      ...real,
      validateSource: (source) => {
        if (source.text.includes('"poison"')) throw new RangeError('Maximum call stack size exceeded');
        return real.validateSource(source);
      },
    };
    const out: string[] = [];
    const code = lint(['--format', 'json', poisoned, fine], failing, (s) => out.push(s));
    expect(code).toBe(1);
    const reports = JSON.parse(out.join('\n')) as JsonReport[];
    expect(reports[0]!.findings).toEqual([expect.objectContaining({ code: 'CNI012', severity: 'error', line: 1, column: 1, message: expect.stringContaining('RangeError: Maximum call stack size exceeded') })]);
    expect(reports[1]!.findings).toEqual([]);
  });
});

describe('lint of deep nesting', () => {
  it('refuses "[" thirty thousand times with a finding where the limit is exceeded', async () => {
    const file = write('deep/brackets.conflist', '['.repeat(30_000));
    const { code, reports } = await lintJson(file);
    expect(code).toBe(1);
    expect(reports[0]!.findings).toEqual([expect.objectContaining({ code: 'CNI011', severity: 'error', line: 1, column: MAX_NESTING_DEPTH + 1, message: expect.stringContaining(`${MAX_NESTING_DEPTH} levels`) })]);
  });

  it('refuses a 20 KB file nested 2,000+ levels, pointing at the line', async () => {
    const lines = ['{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge", "x":'];
    for (let i = 0; i < 2100; i++) lines.push(`${' '.repeat(i % 7)}{"a":`);
    const text = lines.join('\n') + '1' + '}'.repeat(2100) + '}]}';
    expect(text.length).toBeGreaterThan(20_000);
    const file = write('deep/objects.conflist', text);
    const text2 = await cli('lint', file);
    expect(text2.code).toBe(1);
    // Level 1 is the list, 2 the plugins array, 3 the plugin: the first too-deep "{" is on line 1 + (limit - 2).
    expect(text2.out).toContain(`${file}:${MAX_NESTING_DEPTH - 1}:`);
    expect(text2.out).toContain('error CNI011');
  });

  it('reads nesting at exactly the limit', async () => {
    const inner = MAX_NESTING_DEPTH - 3;
    const file = write('deep/at-limit.conflist', `{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge", "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.22.0.0/16"}]]}, "x": ${'['.repeat(inner)}${']'.repeat(inner)}}]}`);
    const { code, reports } = await lintJson(file);
    expect(code).toBe(0);
    // CNI662: the bridge is not the gateway (a note at the plugin); CNI203: the unknown key "x", read to its depth.
    expect(codes(reports, 'at-limit.conflist')).toEqual(['CNI662', 'CNI203']);
  });

  it('refuses deep NAD YAML: flow, compact sequences and indentation', async () => {
    const flow = write('deep/flow.yaml', `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata: {name: x}\nspec: ${'['.repeat(30_000)}\n`);
    const compact = write('deep/compact.yaml', `kind: NetworkAttachmentDefinition\nspec:\n  x: 1\n  y:\n${'- '.repeat(5_000)}x\n`);
    let indented = 'kind: NetworkAttachmentDefinition\nspec:\n';
    for (let i = 1; i <= MAX_NESTING_DEPTH + 10; i++) indented += `${' '.repeat(i)}k:\n`;
    const blocks = write('deep/blocks.yaml', indented);
    const { code, reports } = await lintJson(flow, compact, blocks);
    expect(code).toBe(1);
    for (const r of reports) expect(r.findings.map((f) => f.code)).toEqual(['CNI011']);
    expect(reports[0]!.findings[0]).toMatchObject({ line: 4 });
    expect(reports[1]!.findings[0]).toMatchObject({ line: 5 });
    expect(reports[2]!.findings[0]).toMatchObject({ line: MAX_NESTING_DEPTH + 2 });
  });

  it('lints the real fixtures unchanged', async () => {
    const { reports } = await lintJson(fixtures);
    expect(reports.length).toBeGreaterThan(40);
    for (const r of reports) expect(r.findings.filter((f) => ['CNI010', 'CNI011', 'CNI012'].includes(f.code))).toEqual([]);
  });
});

describe('lint of built-in names', () => {
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'])('"type": "%s" is an unknown plugin, with a complete finding', async (name) => {
    const file = write(`builtin/${name}.conflist`, `{"cniVersion":"1.0.0","name":"p","plugins":[{"type":"${name}","${name}":1,"capabilities":{"${name}":true},"ipam":{"type":"${name}"}}]}`);
    const text = await cli('lint', file);
    expect(text.code).toBe(0);
    for (const line of text.out.split('\n').slice(0, -1)) expect(line).toMatch(/^\S+:\d+:\d+ (error|warning|info) CNI\d{3} \S/);
    expect(text.out).toContain(`info CNI201 "${name}" is not a plugin CNI Studio knows`);
    const { reports } = await lintJson(file);
    for (const f of reports[0]!.findings) expect(Object.keys(f).sort()).toEqual(['code', 'column', 'line', 'message', 'pointer', 'severity']);
  });

  it('--op with a built-in name is bad usage', async () => {
    const file = write('builtin/ok.conflist', good);
    expect(await cli('plan', '--op', 'constructor', file)).toMatchObject({ code: 2, err: expect.stringContaining('--op must be') });
    expect(await cli('lab', 'run', '--op', 'constructor', file)).toMatchObject({ code: 2, err: expect.stringContaining('--op must be') });
  });
});

describe('lab run refuses a chain it cannot run, before touching the machine', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    // libcni itself refuses an empty type at load: its words (issue 12 §3).
    ['an empty type', '{"type": ""}', '/plugins/0/type', 'CNI200', "libcni 1.3.0 refuses to load"],
    ['a path', '{"type": "../../bin/sh"}', '/plugins/0/type', 'CNI211', 'is a path'],
    ['a dot', '{"type": ".."}', '/plugins/0/type', 'CNI201', 'is a directory'],
    ['an odd character', '{"type": "bridge;rm"}', '/plugins/0/type', 'CNI201', 'has characters'],
    ['an empty ipam.type', '{"type": "bridge", "ipam": {"type": ""}}', '/plugins/0/ipam/type', 'CNI401', 'plugin 1 (bridge): "ipam.type" must be a bare plugin name: it is empty'],
  ])('%s', async (_what, plugin, _pointer, code, says) => {
    // Were the refusal missing, the run would stop at the root check (exit 2), never reaching the machine.
    vi.spyOn(process, 'getuid').mockReturnValue(65534);
    const file = write(`lab/${code}-${plugin.length}.conflist`, `{"cniVersion": "1.0.0", "name": "n", "plugins": [${plugin}]}`);
    const r = await cli('lab', 'run', file);
    expect(r.code).toBe(1);
    expect(r.err).toContain(code);
    expect(r.err).toContain(says);
    expect(r.err).toContain('refused, nothing was run');
    expect(r.out).toBe('');
  });
});
