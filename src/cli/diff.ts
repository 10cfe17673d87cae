// `cni-studio diff <old> <new>`: the semantic diff of two network configurations and what the change risks.
import { formatUpgrade, jsonText, reviewReport, riskNotes, semanticDiff, upgradeChanges, type ConflistDiff, type FieldChange, type Finding, type JsonObject, type JsonValue, type RiskNote, type Validator } from '../core';
import { parseArgs, PROFILE_FLAGS, PROFILE_USAGE, profileFlags, validatorFor, releaseFlag, UsageError } from './args';
import { readAssembledFile } from './network-folder';
import { libcniLoadPath } from './libcni-file';

export const DIFF_USAGE = `usage: cni-studio diff <old> <new> [--format text|markdown|json] [--libcni VERSION] [--plugins VERSION]
       cni-studio diff --plugins-from VERSION --plugins-to VERSION [--libcni-from V] [--libcni-to V] <file>

Compares two network configurations (.conflist, .conf, NAD YAML) the way a runtime sees them: plugins
matched by type, so it reports plugins added, removed and moved and every field changed, then risk notes
for changes that matter on nodes that already run pods (subnet, MTU, masquerading, capabilities, chain
order, bridge and network names, spec version). Each file is read as libcni loads it: from libcni 1.3 a
.conflist with its network folder's plugin files, and a file libcni refuses (a BOM, a trailing comma) is
a high risk.

  --format text       the changes, then the risk notes (default)
  --format markdown   a review report for a change request: what the new config does, validation
                      findings, changes and risk notes
  --format json       {"diff": {"listChanges", "plugins", "orderChanged"}, "risks": [{"severity", "message", "pointer", "rule"}]}
${PROFILE_USAGE}

With --plugins-from and --plugins-to (and optionally --libcni-from, --libcni-to; each defaults to --plugins
or --libcni, else the newest) it compares one file on two runtimes instead: what an upgrade (or downgrade)
of the nodes changes for the same config. Keys a plugin starts or stops reading, defaults that flip, values
and key pairs that become accepted or refused, spec versions a plugin starts or stops accepting, plugin
types that appear or go, libcni's own keys, then validation errors, and warnings naming a release (a CHECK that fails), that only one side has. Lines marked "!"
break what worked. --format json prints {"from", "to", "changes": [{"kind", "pointer", "message", "breaks"}]}.

Exit status: 0 no high risk, 1 at least one high risk note (an upgrade: at least one change that breaks
what worked), 2 bad usage or unreadable input.`;

interface Loaded {
  path: string;
  conflist: JsonObject;
  /** Validation findings of the configuration that is compared. */
  findings: () => Finding[];
}

function readOne(path: string, err: (s: string) => void, validator: Validator): Loaded {
  const file = readAssembledFile(path, validator, err, 'diff compares two configuration files', 'comparing');
  return { path, conflist: file.conflist, findings: file.findings };
}

const MAX_VALUE = 120;

function show(value: JsonValue | undefined): string {
  const text = jsonText(value) ?? '';
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function changeLine(c: FieldChange): string {
  if (c.kind === 'added') return `+ ${c.pointer}: ${show(c.after)}`;
  if (c.kind === 'removed') return `- ${c.pointer}: ${show(c.before)}`;
  return `~ ${c.pointer}: ${show(c.before)} → ${show(c.after)}`;
}

const pos = (i: number | undefined) => (i === undefined ? '?' : String(i + 1));

export function formatDiffText(diff: ConflistDiff, risks: readonly RiskNote[], oldLabel: string, newLabel: string): string {
  const lines: string[] = [`${oldLabel} → ${newLabel}`];
  const anything = diff.listChanges.length > 0 || diff.plugins.some((p) => p.status !== 'kept' || p.changes.length > 0 || p.beforeIndex !== p.afterIndex);
  if (!anything) lines.push('', 'No semantic changes: a runtime sees the same configuration.');
  if (diff.listChanges.length > 0) {
    lines.push('', 'List:');
    for (const c of diff.listChanges) lines.push(`  ${changeLine(c)}`);
  }
  if (anything) {
    lines.push('', `Plugins${diff.orderChanged ? ' (order changed)' : ''}:`);
    for (const p of diff.plugins) {
      const type = p.type || '(no type)';
      let head: string;
      if (p.status === 'added') head = `+ ${type} added at ${pos(p.afterIndex)}`;
      else if (p.status === 'removed') head = `- ${type} removed (was ${pos(p.beforeIndex)})`;
      else if (p.status === 'moved') head = `↕ ${type} moved ${pos(p.beforeIndex)} → ${pos(p.afterIndex)}`;
      else head = `  ${type} ${p.beforeIndex === p.afterIndex ? `at ${pos(p.afterIndex)}` : `${pos(p.beforeIndex)} → ${pos(p.afterIndex)}`}${p.changes.length ? '' : ', unchanged'}`;
      lines.push(`  ${head}`);
      for (const c of p.changes) lines.push(`      ${changeLine(c)}`);
    }
  }
  lines.push('', risks.length ? 'Risk notes:' : 'Risk notes: none.');
  for (const r of risks) lines.push(`  ${r.severity}: ${r.message}${r.pointer ? ` [${r.pointer}]` : ''}`);
  const n = (s: RiskNote['severity']) => risks.filter((r) => r.severity === s).length;
  lines.push('', `${risks.length} risk note(s): ${n('high')} high, ${n('medium')} medium, ${n('low')} low`);
  return lines.join('\n');
}

const UPGRADE_FLAGS = ['plugins-from', 'plugins-to', 'libcni-from', 'libcni-to'] as const;

/** `diff --plugins-from A --plugins-to B <file>`: one config on two runtime profiles. */
function upgradeCommand(flags: Map<string, string | true>, positional: string[], format: string, validator: Validator, out: (s: string) => void, err: (s: string) => void): number {
  for (const kind of ['plugins', 'libcni']) {
    if (flags.has(`${kind}-from`) !== flags.has(`${kind}-to`)) throw new UsageError(`--${kind}-from and --${kind}-to go together`);
  }
  if (format === 'markdown') throw new UsageError('--format markdown compares two files; an upgrade prints text or json');
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'name the configuration file to compare on the two releases' : `an upgrade diff takes one file, not ${positional.length}`);
  const base = profileFlags(flags);
  const from = { libcni: releaseFlag(flags, 'libcni-from', 'libcni', base.libcni), plugins: releaseFlag(flags, 'plugins-from', 'plugins', base.plugins) };
  const to = { libcni: releaseFlag(flags, 'libcni-to', 'libcni', base.libcni), plugins: releaseFlag(flags, 'plugins-to', 'plugins', base.plugins) };
  const file = readOne(positional[0]!, err, validator);
  const report = upgradeChanges(file.conflist, validator, from, to);
  out(format === 'json' ? jsonText(report, 2) : formatUpgrade(report, file.path));
  return report.changes.some((c) => c.breaks) ? 1 : 0;
}

export function diffCommand(argv: readonly string[], given: Validator, out: (s: string) => void, err: (s: string) => void = () => {}): number {
  const { flags, positional } = parseArgs(argv, { values: ['format', ...PROFILE_FLAGS, ...UPGRADE_FLAGS], booleans: ['help'] });
  if (flags.has('help')) {
    out(DIFF_USAGE);
    return 0;
  }
  const format = flags.get('format') ?? 'text';
  if (format !== 'text' && format !== 'markdown' && format !== 'json') throw new UsageError(`--format must be text, markdown or json, not "${String(format)}"`);
  if (UPGRADE_FLAGS.some((f) => flags.has(f))) return upgradeCommand(flags, positional, format, given, out, err);
  const profile = profileFlags(flags);
  const validator = validatorFor(given, profile);
  if (positional.length !== 2) throw new UsageError(positional.length < 2 ? 'name the old and the new configuration file' : `diff takes two files, not ${positional.length}`);
  const before = readOne(positional[0]!, err, validator);
  const after = readOne(positional[1]!, err, validator);
  const catalog = validator.catalog;
  const diff = semanticDiff(before.conflist, after.conflist, catalog);
  // Whether libcni loads each file is judged on its bytes, as a node reads it (a BOM, a trailing comma).
  const [oldLoad, newLoad] = [before, after].map((f) => libcniLoadPath(f.path, profile.libcni));
  const risks = riskNotes(diff, before.conflist, after.conflist, catalog, profile, { before: oldLoad!, after: newLoad! });
  if (format === 'json') out(jsonText({ diff, risks }, 2));
  else if (format === 'markdown') {
    out(reviewReport({ before: before.conflist, after: after.conflist, beforeLabel: before.path, afterLabel: after.path, findings: after.findings(), diff, risks, catalog }).trimEnd());
  } else out(formatDiffText(diff, risks, before.path, after.path));
  return risks.some((r) => r.severity === 'high') ? 1 : 0;
}
