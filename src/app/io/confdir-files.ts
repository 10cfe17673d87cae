// A copy of /etc/cni/net.d given to the browser as a folder: chosen with a folder picker (each File carries
// webkitRelativePath) or dropped (read through the drop's file system entries). Paths are relative to the
// conf directory, with "/" between folders, as core's analyzeConfDir takes them: libcni reads the files at
// the top and, from 1.3, the *.conf files one folder down (a network's folder); deeper files are not read.

export interface PickedFile {
  /** The path inside the conf directory: `10-net.conflist`, `net/20-portmap.conf`. */
  path: string;
  file: File;
}

/** How deep libcni looks: the directory's files and those of its immediate folders. */
const MAX_DEPTH = 2;

/**
 * Files chosen with a folder picker, with their paths inside the chosen folder (its own name dropped);
 * undefined when they were chosen one by one (no relative paths).
 */
export function pickedFromFolder(files: readonly File[]): PickedFile[] | undefined {
  if (files.length === 0 || files.some((f) => !f.webkitRelativePath)) return undefined;
  return files
    .map((file) => ({ path: file.webkitRelativePath.split('/').slice(1).join('/'), file }))
    .filter((p) => p.path !== '' && p.path.split('/').length <= MAX_DEPTH);
}

/**
 * The drop's file system entries when it holds a folder, else undefined (plain files are imported as
 * before). Taken while the drop event runs: the browser empties the drop's data after it.
 */
export function droppedFolder(data: DataTransfer): FileSystemEntry[] | undefined {
  const entries = [...data.items].map((item) => (item.kind === 'file' ? item.webkitGetAsEntry?.() : null)).filter((e): e is FileSystemEntry => e !== null && e !== undefined);
  return entries.some((e) => e.isDirectory) ? entries : undefined;
}

const fileOf = (entry: FileSystemFileEntry) => new Promise<File>((resolve, reject) => entry.file(resolve, reject));

/** Every entry of a folder: readEntries hands them out in batches until it returns none. */
async function children(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/**
 * The files of a dropped folder. One folder dropped is the conf directory itself; several items dropped
 * together (files and folders picked inside net.d) are its contents.
 */
export async function readDropped(entries: readonly FileSystemEntry[]): Promise<PickedFile[]> {
  const only = entries.length === 1 ? entries[0] : undefined;
  const top = only?.isDirectory ? await children(only as FileSystemDirectoryEntry) : [...entries];
  const out: PickedFile[] = [];
  const walk = async (list: readonly FileSystemEntry[], prefix: string, depth: number): Promise<void> => {
    for (const entry of list) {
      const path = `${prefix}${entry.name}`;
      if (entry.isFile) out.push({ path, file: await fileOf(entry as FileSystemFileEntry) });
      else if (entry.isDirectory && depth < MAX_DEPTH) await walk(await children(entry as FileSystemDirectoryEntry), `${path}/`, depth + 1);
    }
  };
  await walk(top, '', 1);
  return out;
}
