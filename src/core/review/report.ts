// The review report: Markdown to attach to a change request (a pull request that changes a conflist, a
// ticket for a node rollout). Sections: what the new config does, validation findings, the semantic changes,
// and the risk notes, highest severity first.
import type { Catalog } from '../catalog/catalog';
import type { JsonObject, JsonValue } from '../model/types';
import { jsonText } from '../model/serialize';
import type { Finding, Severity } from '../validate/finding';
import { semanticDiff, pluginsOf, pluginType, type ConflistDiff, type FieldChange, type PluginDiff } from './diff';
import { explainConflist } from './explain';
import { compareRiskNotes, riskNotes, type RiskNote } from './risk';

export interface ReviewInput {
  /** The config before the change; without it the report has no changes and no risk notes. */
  before?: JsonObject;
  after: JsonObject;
  /** e.g. the file names or "main" / "this branch". */
  beforeLabel?: string;
  afterLabel?: string;
  /** Validation findings of the new config. */
  findings: Finding[];
  /** Computed from before and after (with the catalog) when not given. */
  diff?: ConflistDiff;
  risks?: RiskNote[];
  /** Needed to compute the diff and risk notes when they are not given; improves the explanation. */
  catalog?: Catalog;
  /** The plain-words explanation of the new config; explainConflist(after, catalog) when not given. */
  explanation?: string[];
}

/** Text that Markdown must show as written (also inside table cells: `|` is escaped, newlines flattened). */
export function markdownText(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\`*_<>[\]|]/g, '\\$&');
}

/** A code span that survives backticks inside the value. */
export function markdownCode(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

const MAX_VALUE = 160;

function valueCode(value: JsonValue | undefined): string {
  if (value === undefined) return '(not set)';
  let text = jsonText(value);
  if (text.length > MAX_VALUE) text = `${text.slice(0, MAX_VALUE - 1)}…`;
  return markdownCode(text);
}

function changeLine(c: FieldChange): string {
  const where = markdownCode(c.pointer || '/');
  if (c.kind === 'added') return `- ${where} added: ${valueCode(c.after)}`;
  if (c.kind === 'removed') return `- ${where} removed (was ${valueCode(c.before)})`;
  return `- ${where}: ${valueCode(c.before)} → ${valueCode(c.after)}`;
}

const position = (i: number | undefined) => (i === undefined ? '?' : String(i + 1));

function pluginLine(p: PluginDiff): string | undefined {
  const type = markdownCode(p.type || '(no type)');
  if (p.status === 'added') return `- added: ${type} at position ${position(p.afterIndex)}`;
  if (p.status === 'removed') return `- removed: ${type} (was at position ${position(p.beforeIndex)})`;
  if (p.status === 'moved') return `- moved: ${type} from position ${position(p.beforeIndex)} to ${position(p.afterIndex)}`;
  return undefined;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function findingsSection(findings: readonly Finding[], after: JsonObject): string[] {
  const lines = ['## Findings', ''];
  if (findings.length === 0) return [...lines, 'No findings: the validator has nothing to say about this configuration.'];
  const plugins = pluginsOf(after);
  lines.push('| Severity | Code | Plugin | Message |', '| --- | --- | --- | --- |');
  const sorted = [...findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  for (const f of sorted) {
    const plugin = f.pluginIndex !== undefined ? `${pluginType(plugins[f.pluginIndex]) || '(no type)'} (${f.pluginIndex + 1})` : '—';
    lines.push(`| ${f.severity} | ${markdownText(f.code)} | ${markdownText(plugin)} | ${markdownText(f.message)} |`);
  }
  return lines;
}

function changesSection(diff: ConflistDiff | undefined, hasBefore: boolean): string[] {
  const lines = ['## Changes', ''];
  if (!hasBefore) return [...lines, 'No earlier version to compare with.'];
  if (!diff) return [...lines, 'Not computed (the report was made without a diff or a catalog).'];
  const pluginLines = diff.plugins.map(pluginLine).filter((l): l is string => l !== undefined);
  const changed = diff.plugins.filter((p) => p.changes.length > 0);
  if (pluginLines.length === 0 && changed.length === 0 && diff.listChanges.length === 0) return [...lines, 'No semantic changes: the two configurations are the same to a runtime.'];
  lines.push('### Plugins', '');
  lines.push(...(pluginLines.length ? pluginLines : ['No plugin added, removed or moved.']));
  if (diff.listChanges.length > 0 || changed.length > 0) {
    lines.push('', '### Fields');
    if (diff.listChanges.length > 0) lines.push('', 'The list:', '', ...diff.listChanges.map(changeLine));
    for (const p of changed) {
      const where = p.beforeIndex !== p.afterIndex ? `position ${position(p.afterIndex)}, was ${position(p.beforeIndex)}` : `position ${position(p.afterIndex)}`;
      lines.push('', `${markdownCode(p.type || '(no type)')} (${where}):`, '', ...p.changes.map(changeLine));
    }
  }
  return lines;
}

function risksSection(risks: readonly RiskNote[] | undefined, hasBefore: boolean): string[] {
  const lines = ['## Risk notes', ''];
  if (!hasBefore) return [...lines, 'No earlier version to compare with.'];
  if (!risks) return [...lines, 'Not computed (the report was made without a diff or a catalog).'];
  if (risks.length === 0) return [...lines, 'None: no change in this review is known to affect running pods or nodes.'];
  for (const r of [...risks].sort(compareRiskNotes)) {
    lines.push(`- **${r.severity}**: ${markdownText(r.message)}${r.pointer ? ` (${markdownCode(r.pointer)})` : ''}`);
  }
  return lines;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function reviewReport(input: ReviewInput): string {
  const { before, after, catalog, findings } = input;
  const diff = input.diff ?? (before && catalog ? semanticDiff(before, after, catalog) : undefined);
  const risks = input.risks ?? (before && diff && catalog ? riskNotes(diff, before, after, catalog) : undefined);
  const explanation = input.explanation ?? explainConflist(after, catalog);

  const name = typeof after.name === 'string' && after.name ? `network "${after.name}"` : 'CNI network configuration';
  const lines: string[] = [`# Review: ${markdownText(name)}`, ''];
  const summary: string[] = [];
  if (before) {
    // Both sides named, in the one direction every note reads: from the base to the proposed change.
    const from = input.beforeLabel ? `base ${markdownCode(input.beforeLabel)}` : 'the base (earlier version)';
    const to = input.afterLabel ? `proposed ${markdownCode(input.afterLabel)}` : 'the proposed version';
    summary.push(`Compares ${from} with ${to}.`);
  } else if (input.afterLabel) {
    summary.push(`Reviews ${markdownCode(input.afterLabel)}.`);
  }
  const bySeverity = (s: Severity) => findings.filter((f) => f.severity === s).length;
  summary.push(`Validation: ${count(bySeverity('error'), 'error')}, ${count(bySeverity('warning'), 'warning')}, ${count(bySeverity('info'), 'note')}.`);
  if (risks) {
    const n = (s: RiskNote['severity']) => risks.filter((r) => r.severity === s).length;
    summary.push(`Risk notes: ${n('high')} high, ${n('medium')} medium, ${n('low')} low.`);
  }
  lines.push(summary.join(' '), '');

  lines.push('## What the configuration does', '');
  for (const p of explanation) lines.push(markdownText(p), '');
  lines.push(...findingsSection(findings, after), '');
  lines.push(...changesSection(diff, before !== undefined), '');
  lines.push(...risksSection(risks, before !== undefined));
  return lines.join('\n') + '\n';
}
