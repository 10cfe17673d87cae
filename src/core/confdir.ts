// What a runtime does with a conf directory (/etc/cni/net.d): which file wins for each network name
// (libcni's LoadNetworkConf order), which is the default network (containerd/CRI-O take the first file),
// duplicates, and broken files that abort every lookup after them.
import type { Finding } from './validate/finding';
import type { Validator } from './validate/validate';
import { parseSource } from './model/source';
import { confDirKind, kindFromFileName } from './model/file-names';

export interface ConfDirFile {
  name: string;
  text: string;
}

export interface NetworkChoice {
  network: string;
  file: string;
  shadowed: string[];
}

export interface ConfDirReport {
  /** Files a runtime reads, in its order. */
  configFiles: string[];
  networks: NetworkChoice[];
  defaultNetwork?: { network: string; file: string };
  /** Findings about the directory as a whole, each naming the file it is about in `file`. */
  findings: (Finding & { file: string })[];
  /** Per-file findings (the same as linting each file alone). */
  perFile: Map<string, Finding[]>;
}

/** Findings that make libcni's parse of the file fail (and so abort a directory lookup); CNI010: binary content. */
const LOAD_FAILURES = new Set(['CNI001', 'CNI002', 'CNI003', 'CNI004', 'CNI006', 'CNI007', 'CNI008', 'CNI010', 'CNI100', 'CNI105', 'CNI200', 'CNI500']);

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function analyzeConfDir(files: readonly ConfDirFile[], validator: Validator): ConfDirReport {
  const perFile = new Map<string, Finding[]>();
  const findings: ConfDirReport['findings'] = [];
  const lists = files.filter((f) => confDirKind(f.name) === 'conflist').sort((a, b) => byteOrder(a.name, b.name));
  const confs = files.filter((f) => confDirKind(f.name) === 'conf').sort((a, b) => byteOrder(a.name, b.name));
  for (const f of files.filter((x) => confDirKind(x.name) === undefined)) {
    findings.push({ file: f.name, code: 'CNI704', severity: 'info', message: `${f.name} is not a .conflist, .conf or .json file: runtimes ignore it in a conf directory.`, pointer: '' });
  }
  const info = new Map<string, { name?: string; broken: boolean }>();
  for (const f of [...lists, ...confs]) {
    const source = parseSource(f.text, { kind: kindFromFileName(f.name) });
    const result = validator.validateSource(source);
    perFile.set(f.name, result);
    const conflist = source.configs[0]?.conflist;
    const name = typeof conflist?.name === 'string' ? conflist.name : undefined;
    info.set(f.name, { name, broken: result.some((x) => x.severity === 'error' && LOAD_FAILURES.has(x.code)) });
  }
  const networks = new Map<string, NetworkChoice>();
  // libcni tries every .conflist first (in byte order), then .conf/.json; a parse failure aborts the lookup.
  const ordered = [...lists, ...confs];
  let blockedBy: string | undefined;
  for (const f of ordered) {
    const { name, broken } = info.get(f.name)!;
    if (broken) {
      if (!blockedBy) {
        blockedBy = f.name;
        const later = ordered.slice(ordered.indexOf(f) + 1).map((x) => x.name);
        findings.push({
          file: f.name,
          code: 'CNI702',
          severity: 'error',
          message: `${f.name} does not load, and libcni stops at the first file it cannot parse: every lookup of a network not found before it fails${later.length ? ` (including ${later.join(', ')})` : ''}.`,
          pointer: '',
        });
      }
      continue;
    }
    if (!name) continue;
    const existing = networks.get(name);
    if (existing) {
      existing.shadowed.push(f.name);
      findings.push({ file: f.name, code: 'CNI701', severity: 'warning', message: `Network "${name}" is also defined by ${existing.file}, which wins (libcni order): ${f.name} is never used for it.`, pointer: '/name' });
    } else if (blockedBy) {
      findings.push({ file: f.name, code: 'CNI702', severity: 'error', message: `Network "${name}" is never found: the lookup aborts at ${blockedBy} first.`, pointer: '/name' });
    } else {
      networks.set(name, { network: name, file: f.name, shadowed: [] });
    }
  }
  // containerd and CRI-O take the first config file (all extensions sorted together) as the default network.
  const first = [...lists, ...confs].sort((a, b) => byteOrder(a.name, b.name))[0];
  const firstInfo = first && info.get(first.name);
  const defaultNetwork = first && firstInfo?.name && !firstInfo.broken ? { network: firstInfo.name, file: first.name } : undefined;
  for (const n of networks.values()) {
    findings.push({
      file: n.file,
      code: 'CNI700',
      severity: 'info',
      message: `Network "${n.network}" comes from ${n.file}${defaultNetwork?.file === n.file ? ' (the default network for containerd and CRI-O: the first file in order)' : ''}.`,
      pointer: '/name',
    });
  }
  return { configFiles: ordered.map((f) => f.name), networks: [...networks.values()], defaultNetwork, findings, perFile };
}
