// host-local's lease folder as a run leaves it: what the run made there goes once no lease is left.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leaseFolderBefore, otherFiles, tidyLeaseFolder } from './lease-folders';

const root = mkdtempSync(join(tmpdir(), 'cnistudio-lease-folders-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const folder = (name: string, files: Record<string, string> = {}) => {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
};

describe('lease folders', () => {
  it('a folder the run made: its bookkeeping and the folder go once its leases are gone', () => {
    const dir = join(root, 'made');
    const before = leaseFolderBefore(dir);
    expect(before).toEqual({ dir, existed: false, bookkeeping: [] });
    folder('made', { lock: '', 'last_reserved_ip.0': '10.1.0.2', 'last_reserved_ip.1': 'fd00::2' });
    expect(tidyLeaseFolder(before).sort()).toEqual([dir, join(dir, 'last_reserved_ip.0'), join(dir, 'last_reserved_ip.1'), join(dir, 'lock')]);
    expect(existsSync(dir)).toBe(false);
  });

  it('the folders above it the run made (host-local makes its dataDir as MkdirAll does) go too, while empty', () => {
    const dir = join(root, 'orchestrator', 'ipam-state', 'net');
    const before = leaseFolderBefore(dir);
    expect(before).toEqual({ dir, existed: false, bookkeeping: [], madeParents: [join(root, 'orchestrator', 'ipam-state'), join(root, 'orchestrator')] });
    folder('orchestrator/ipam-state/net', { lock: '' });
    expect(tidyLeaseFolder(before)).toEqual([join(dir, 'lock'), dir, join(root, 'orchestrator', 'ipam-state'), join(root, 'orchestrator')]);
    expect(existsSync(join(root, 'orchestrator'))).toBe(false);
    // Something else put in one of them meanwhile: it and those above it stay.
    const again = leaseFolderBefore(dir);
    folder('orchestrator/ipam-state/net', { lock: '' });
    folder('orchestrator', { 'theirs.txt': '' });
    expect(tidyLeaseFolder(again)).toEqual([join(dir, 'lock'), dir, join(root, 'orchestrator', 'ipam-state')]);
    expect(readdirSync(join(root, 'orchestrator'))).toEqual(['theirs.txt']);
    // Only folders above the lease folder: a note naming another is not followed.
    const odd = join(root, 'odd');
    mkdirSync(odd);
    folder('lone', {});
    expect(tidyLeaseFolder({ dir: join(root, 'lone'), existed: false, bookkeeping: [], madeParents: [odd] })).toEqual([join(root, 'lone')]);
    expect(existsSync(odd)).toBe(true);
  });

  it('a folder that was there keeps itself and the bookkeeping it had; a lease left (a failed DEL) keeps everything', () => {
    const dir = folder('had', { lock: '' });
    const before = leaseFolderBefore(dir);
    expect(before.bookkeeping).toEqual(['lock']);
    writeFileSync(join(dir, 'last_reserved_ip.0'), '10.1.0.2');
    expect(tidyLeaseFolder(before)).toEqual([join(dir, 'last_reserved_ip.0')]);
    expect(readdirSync(dir)).toEqual(['lock']);
    const kept = join(root, 'kept');
    const made = leaseFolderBefore(kept);
    folder('kept', { lock: '', '10.1.0.2': 'cnistudio-x\neth0' });
    expect(tidyLeaseFolder(made)).toEqual([]);
    expect(readdirSync(kept).sort()).toEqual(['10.1.0.2', 'lock']);
  });

  it('touches nothing but regular files of a real folder: a link in place of the folder, or of its lock, stays', () => {
    const target = folder('target', { lock: '' });
    const link = join(root, 'link');
    symlinkSync(target, link);
    expect(tidyLeaseFolder({ dir: link, existed: false, bookkeeping: [] })).toEqual([]);
    expect(readdirSync(target)).toEqual(['lock']);
    const dir = join(root, 'linked-lock');
    mkdirSync(dir);
    symlinkSync(join(target, 'lock'), join(dir, 'lock'));
    expect(tidyLeaseFolder({ dir, existed: false, bookkeeping: [] })).toEqual([]);
    expect(existsSync(join(target, 'lock'))).toBe(true);
  });

  it('names the entries host-local does not make', () => {
    const dir = folder('mixed', { lock: '', 'last_reserved_ip.0': '', '10.1.0.2': '', 'fd00::2': '', 'app.pid': '', notes: '' });
    expect(otherFiles(dir).sort()).toEqual(['app.pid', 'notes']);
    expect(otherFiles(join(root, 'absent'))).toEqual([]);
  });
});
