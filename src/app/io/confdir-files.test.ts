import { describe, expect, it } from 'vitest';
import { droppedFolder, pickedFromFolder, readDropped } from './confdir-files';

/** A folder as the browser's file system entries show it (readEntries hands out batches of two). */
function folder(name: string, content: Record<string, string | object>): FileSystemDirectoryEntry {
  const entries = Object.entries(content).map(([n, v]) => (typeof v === 'string' ? file(n, v) : folder(n, v as Record<string, string | object>)));
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader() {
      let at = 0;
      return {
        readEntries(ok: (e: FileSystemEntry[]) => void) {
          const batch = entries.slice(at, at + 2);
          at += batch.length;
          queueMicrotask(() => ok(batch));
        },
      };
    },
  } as unknown as FileSystemDirectoryEntry;
}

function file(name: string, text: string): FileSystemFileEntry {
  return { name, isFile: true, isDirectory: false, file: (ok: (f: File) => void) => ok(new File([text], name)) } as unknown as FileSystemFileEntry;
}

const paths = async (entries: FileSystemEntry[]) => (await readDropped(entries)).map((p) => p.path).sort();

describe('a conf directory given as a folder', () => {
  const netd = folder('net.d', {
    '10-net.conflist': '{}',
    '20-b.conf': '{}',
    net: { '10-tuning.conf': '{}', '20-portmap.conf': '{}', deeper: { 'x.conf': '{}' } },
    'README.md': '#',
  });

  it('reads a dropped folder as the directory: its files and its folders\' files, nothing deeper', async () => {
    expect(await paths([netd])).toEqual(['10-net.conflist', '20-b.conf', 'README.md', 'net/10-tuning.conf', 'net/20-portmap.conf']);
    const picked = await readDropped([netd]);
    expect(await picked.find((p) => p.path === 'net/10-tuning.conf')!.file.text()).toBe('{}');
  });

  it('reads several items dropped together as the directory\'s contents', async () => {
    expect(await paths([file('10-net.conflist', '{}'), folder('net', { '10-tuning.conf': '{}', sub: { 'y.conf': '{}' } })])).toEqual(['10-net.conflist', 'net/10-tuning.conf']);
  });

  it('takes a drop as a folder only when it holds one', () => {
    const transfer = (entries: FileSystemEntry[]) => ({ items: entries.map((e) => ({ kind: 'file', webkitGetAsEntry: () => e })) }) as unknown as DataTransfer;
    expect(droppedFolder(transfer([file('a.conflist', '{}'), file('b.conf', '{}')]))).toBeUndefined();
    expect(droppedFolder(transfer([netd]))).toHaveLength(1);
  });

  it('keeps the paths a folder picker gives, without the chosen folder\'s own name', () => {
    const picked = (path: string) => Object.assign(new File(['{}'], path.split('/').pop()!), { webkitRelativePath: path });
    const files = [picked('net.d/10-net.conflist'), picked('net.d/net/20-portmap.conf'), picked('net.d/net/deeper/x.conf')];
    expect(pickedFromFolder(files)!.map((p) => p.path)).toEqual(['10-net.conflist', 'net/20-portmap.conf']);
    expect(pickedFromFolder([new File(['{}'], 'a.conflist'), new File(['{}'], 'b.conf')])).toBeUndefined();
  });
});
