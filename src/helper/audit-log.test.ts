// The audit log under a flood of refusals and against a log path another user prepared: what a request
// says is bounded and can make no word or line of its own, refusals are limited (runs never), and the file
// is never written through a link or a second name. Runs as any user; the checks only root makes run as root.
import { chownSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AUDIT_LIMITS, auditLine, auditLogUnsafe, bounded, openAuditLog, quoted } from './audit-log';

const root = process.getuid?.() === 0;
const tmp = mkdtempSync(join(tmpdir(), 'cnistudio-audit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(tmp, `log-${++n}`, 'audit.log');
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);
/** Every whitespace-separated word of a file, as a reader such as ld.so splits /etc/ld.so.preload. */
const words = (text: string) => text.split(/[\s:]+/);

describe('request text in the audit log', () => {
  it('is shown quoted: a word of its own whatever it holds, read back by JSON.parse', () => {
    for (const text of ['x /tmp/evil.so y', 'a\nb\r\nc', 'tab\there', 'nbsp\u00a0and\u2028line', '"quotes" and \\', 'café ✓ 😀']) {
      const shown = quoted(text);
      expect(shown, text).toMatch(/^"[\x21-\x7e]*"$/);
      expect(JSON.parse(shown)).toBe(text);
    }
    expect(quoted('x /tmp/evil.so y')).toBe('"x\\u0020/tmp/evil.so\\u0020y"');
  });

  it('is cut with a visible marker: the first characters, then how many more there were', () => {
    expect(quoted('a'.repeat(15000))).toBe(`"${'a'.repeat(120)}"...[14880 more characters]`);
    expect(bounded('abcdef', 4)).toBe('abcd...[2 more characters]');
    expect(bounded('abcd', 4)).toBe('abcd');
  });

  it('makes one line of printable ASCII, each value bounded, that reads back as JSON', () => {
    const line = auditLine({ path: `/${'p'.repeat(5000)}`, reason: `Origin ${quoted('x /tmp/evil.so y\n/etc/passwd')} is not allowed`, note: 'line\u2028break\u0085nel' });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).toMatch(/^[\x20-\x7e]*$/);
    expect(line.length).toBeLessThan(2500);
    const back = JSON.parse(line) as Record<string, string>;
    expect(back.path).toBe(`/${'p'.repeat(999)}...[4001 more characters]`);
    expect(back.note).toBe('line\u2028break\u0085nel');
    expect(words(line)).not.toContain('/tmp/evil.so');
    expect(words(line)).not.toContain('/etc/passwd');
  });
});

describe('refusals in the audit log', () => {
  it('writes a burst, then so many a minute, and counts the rest in one line; runs are always written', () => {
    const path = fresh();
    let t = Date.parse('2026-12-07T10:00:00Z');
    const log = openAuditLog(path, { burst: 3, perMinute: 60, ceilingBytes: 1 << 20 }, () => t);
    for (let i = 0; i < 10; i++) log.refusal({ status: 401, refused: 'unauthorized', reason: `r${i}` });
    log.run({ runId: 'run-1', ok: true });
    expect(lines(path).map((l) => JSON.parse(l) as Record<string, unknown>).map((l) => l.reason ?? l.runId)).toEqual(['r0', 'r1', 'r2', 'run-1']);
    t += 2000; // two more may be written
    for (let i = 10; i < 15; i++) log.refusal({ status: 401, refused: 'unauthorized', reason: `r${i}` });
    log.close();
    const all = lines(path).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(all.map((l) => l.reason ?? l.runId).slice(0, 6)).toEqual(['r0', 'r1', 'r2', 'run-1', 'r10', 'r11']);
    expect(all.at(-1)).toMatchObject({ notLogged: 10, since: '2026-12-07T10:00:00.000Z' });
    expect(all.at(-1)!.reason).toContain('10 refused requests not logged since 2026-12-07T10:00:00.000Z');
    expect(all).toHaveLength(7);
  });

  it('stops writing refusals past its ceiling (a count a minute only), and still writes runs', () => {
    const path = fresh();
    const log = openAuditLog(path, { burst: 1000, perMinute: 1000, ceilingBytes: 1000 });
    for (let i = 0; i < 50; i++) log.refusal({ status: 404, refused: 'not found', reason: 'x'.repeat(100) });
    log.run({ runId: 'after the ceiling' });
    log.close();
    const all = lines(path).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(all.filter((l) => l.refused).length).toBeLessThan(10);
    expect(all.some((l) => l.runId === 'after the ceiling')).toBe(true);
    expect(all.at(-1)!.notLogged).toBe(50 - all.filter((l) => l.refused).length);
  });

  it('bounds a flood of 15 KB Origins to a few hundred KB at most, by default', () => {
    const path = fresh();
    const log = openAuditLog(path);
    const origin = `http://${'a'.repeat(15000)}`;
    for (let i = 0; i < 2000; i++) log.refusal({ remote: '127.0.0.1', method: 'GET', path: '/api/probe', status: 403, refused: 'forbidden origin', reason: `Origin ${quoted(origin)} is not allowed.` });
    log.close();
    const written = lines(path);
    expect(written.length).toBe(AUDIT_LIMITS.burst + 1);
    expect(readFileSync(path).length).toBeLessThan(AUDIT_LIMITS.burst * 1000);
    expect(JSON.parse(written.at(-1)!)).toMatchObject({ notLogged: 2000 - AUDIT_LIMITS.burst });
  });
});

describe('where the audit log is written', () => {
  it('never through a link, even one made after the start, nor to a file with a second name', () => {
    const path = fresh();
    const log = openAuditLog(path);
    const victim = join(tmp, 'victim');
    writeFileSync(victim, 'untouched\n', { mode: 0o600 });
    symlinkSync(victim, path);
    expect(auditLogUnsafe(path)).toBe('it is a link: the audit log is never written through one; name the file itself');
    log.refusal({ reason: 'Origin "x\\u0020/tmp/evil.so\\u0020y"' });
    log.run({ runId: 'r' });
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
    rmSync(path);
    linkSync(victim, path);
    expect(auditLogUnsafe(path)).toBe('it has 2 names (hard links): the helper would write to the others too; name a file of its own');
    log.run({ runId: 'r' });
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
    rmSync(path);
    log.run({ runId: 'r' });
    expect(lstatSync(path).mode & 0o777).toBe(0o600);
    expect(lines(path)).toHaveLength(1);
  });

  it.runIf(root)('as root, not where another user could swap the file or a folder above it', () => {
    expect(auditLogUnsafe(join(tmpdir(), `cnistudio-audit-${process.pid}.log`))).toBe(`${tmpdir()} is writable by every user (sticky: anyone may add what is not there yet), so another user could send what the helper (root) writes elsewhere: name a file in a folder only root can change`);
    const theirs = join(tmp, 'theirs');
    mkdirSync(theirs);
    chownSync(theirs, 65534, 65534);
    expect(auditLogUnsafe(join(theirs, 'audit.log'))).toContain(`${theirs} belongs to uid 65534, not root, so another user could send what the helper (root) writes elsewhere`);
    const link = join(tmp, 'link.log');
    symlinkSync(join(tmp, 'victim'), link);
    expect(auditLogUnsafe(link)).toBe('it is a link: the audit log is never written through one; name the file itself');
    expect(auditLogUnsafe(join(tmp, 'ours', 'audit.log'))).toBeUndefined();
  });
});
