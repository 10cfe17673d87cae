// `cni-studio plan <file>`: what a runtime would run for ADD, CHECK, DEL, GC or STATUS (env and stdin per plugin).
import { CHECK_BREAKERS, DEFAULT_INPUTS, parseCachedAttachments, parseValidAttachments, plan, type Finding, type Operation, type Plan, type RuntimeInputs, type Validator } from '../core';
import { capArgsFlag, cniArgsFlag, parseArgs, PROFILE_FLAGS, PROFILE_USAGE, profileFlags, validatorFor, stringFlag, UsageError, type ParsedArgs } from './args';
import { readAssembledFile } from './network-folder';

export const PLAN_USAGE = `usage: cni-studio plan <file> [--op add|check|del|gc|status] [--cap-args JSON] [--cni-args K=V;…]
                       [--ifname eth0] [--container-id ID] [--netns PATH] [--cni-path DIRS]
                       [--format text|json] [--libcni VERSION] [--plugins VERSION]

Shows what a runtime (libcni) runs for one network configuration (.conflist, .conf, NAD YAML):
for each plugin, in order, the CNI_* environment and the exact stdin, with what the runtime injects.
Results handed from plugin to plugin (prevResult) are predicted, not real. From libcni 1.3 a .conflist's
network folder (<dir>/<network>/*.conf) is appended to its plugins, as libcni loads the file.

  --op add|check|del|gc|status
                       the operation (default add); DEL runs the plugins last to first; GC first DELs
                       every stale cached attachment (not valid), then, from spec 1.1.0, sends GC to every
                       plugin; STATUS asks every plugin from spec 1.1.0 (CNI_* other than CNI_COMMAND and
                       CNI_PATH are empty for both)
  --valid-attachments JSON
                       GC: the attachments still in use, e.g. '[{"containerID":"a","ifname":"eth0"}]';
                       without it the runtime passes no GC arguments (as cnitool): no such keys, and every
                       cached one is stale; 'null' is arguments with no list (a Go runtime's empty GCArgs):
                       the keys sent as null
  --cached-attachments JSON
                       GC: the network's cached attachments ({"containerID","ifname"} and optionally
                       "netns", "cniArgs", "capabilityArgs", "result"; libcni's cache files are read as
                       they are); default: this attachment (--container-id, --ifname, …) as its ADD cached it
  --cap-args JSON      capability arguments, e.g. '{"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}]}'
  --cni-args K=V;…     CNI_ARGS pairs, e.g. 'IgnoreUnknown=1;K8S_POD_NAME=web'
  --ifname NAME        CNI_IFNAME (default ${DEFAULT_INPUTS.ifname})
  --container-id ID    CNI_CONTAINERID (default ${DEFAULT_INPUTS.containerId})
  --netns PATH         CNI_NETNS (default ${DEFAULT_INPUTS.netns})
  --cni-path DIRS      CNI_PATH, directories separated by ":" (default ${DEFAULT_INPUTS.cniPath.join(':')})
  --format text        a readable listing per plugin, then the notes (default)
  --format json        [{"index","type","command","env","stdin","prevResultPredicted"}] only; notes on stderr
${PROFILE_USAGE}

Exit status: 0 plan made (warnings allowed), 1 the runtime would refuse, a note is an error or the file
has validation errors, 2 bad usage or unreadable input.`;

// A Map: --op is user text, and "constructor" must not find Object.prototype's member.
const OPS: ReadonlyMap<string, Operation> = new Map([
  ['add', 'ADD'],
  ['check', 'CHECK'],
  ['del', 'DEL'],
  ['gc', 'GC'],
  ['status', 'STATUS'],
]);
const VALUES = ['op', 'cap-args', 'cni-args', 'ifname', 'container-id', 'netns', 'cni-path', 'format', 'valid-attachments', 'cached-attachments', ...PROFILE_FLAGS] as const;

function readInputs(flags: ParsedArgs['flags']): RuntimeInputs {
  const get = (name: string) => stringFlag(flags, name);
  const inputs: RuntimeInputs = { ...DEFAULT_INPUTS, cniArgs: [...DEFAULT_INPUTS.cniArgs], cniPath: [...DEFAULT_INPUTS.cniPath], capabilityArgs: { ...DEFAULT_INPUTS.capabilityArgs } };
  inputs.capabilityArgs = capArgsFlag(flags) ?? inputs.capabilityArgs;
  inputs.cniArgs = cniArgsFlag(flags) ?? inputs.cniArgs;
  const ifname = get('ifname');
  if (ifname !== undefined) inputs.ifname = ifname;
  const containerId = get('container-id');
  if (containerId !== undefined) inputs.containerId = containerId;
  const netns = get('netns');
  if (netns !== undefined) inputs.netns = netns;
  const cniPath = get('cni-path');
  if (cniPath !== undefined) inputs.cniPath = cniPath === '' ? [] : cniPath.split(':');
  const valid = get('valid-attachments');
  if (valid !== undefined) {
    const parsed = parseValidAttachments(valid);
    if (!parsed.ok) throw new UsageError(`--valid-attachments: ${parsed.message}`);
    if (parsed.value !== undefined) inputs.validAttachments = parsed.value;
  }
  const cached = get('cached-attachments');
  if (cached !== undefined) {
    const parsed = parseCachedAttachments(cached);
    if (!parsed.ok) throw new UsageError(`--cached-attachments: ${parsed.message}`);
    if (parsed.value !== undefined) inputs.cachedAttachments = parsed.value;
  }
  return inputs;
}

function formatJson(result: Plan): string {
  return JSON.stringify(
    result.invocations.map((i) => ({ index: i.index, type: i.type, command: i.command, env: i.env, stdin: i.stdin, prevResultPredicted: i.prevResultPredicted })),
    null,
    2,
  );
}

const indent = (text: string, prefix: string) =>
  text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');

function formatText(result: Plan, name: string): string {
  const lines: string[] = [];
  const order = result.operation === 'DEL' ? 'last to first' : result.operation === 'GC' && result.stale?.length ? 'stale attachments DELeted last to first, then GC first to last' : 'first to last';
  lines.push(`${result.operation} of network "${name}" (cniVersion ${result.listVersion || 'unset'})`);
  if (result.skipped) {
    lines.push(`${result.skipped.error ? 'The runtime refuses' : 'The runtime runs nothing'}: ${result.skipped.reason}`);
  } else {
    lines.push(`${result.invocations.length} plugin invocation(s), ${order}.`);
  }
  result.invocations.forEach((inv, n) => {
    const stale = inv.stale ? ` of stale attachment ${inv.stale.containerID}/${inv.stale.ifname}` : '';
    lines.push('', `${n + 1}. ${inv.type || '(no type)'} ${inv.command}${stale}${inv.prevResultPredicted ? ' (prevResult predicted)' : ''}`);
    for (const [key, value] of Object.entries(inv.env)) lines.push(`  ${key}=${value}`);
    lines.push('  stdin:', indent(JSON.stringify(inv.stdin, null, 2), '  '));
    lines.push('  injected by the runtime:');
    for (const inj of inv.injected) lines.push(`  ${inj.pointer} ← ${inj.source}`);
  });
  if (result.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of result.notes) lines.push(`  ${note.severity}: ${note.message}`);
  }
  if (result.predictionNotes.length > 0) {
    lines.push('', 'Prediction notes:');
    for (const note of result.predictionNotes) lines.push(`  ${note}`);
  }
  return lines.join('\n');
}

const findingLine = (file: string, f: Finding) => `${file}:${f.line ?? 1}:${f.column ?? 1} ${f.severity} ${f.code} ${f.message}`;

export function planCommand(argv: readonly string[], given: Validator, out: (s: string) => void, err: (s: string) => void = () => {}): number {
  const { flags, positional } = parseArgs(argv, { values: VALUES, booleans: ['help'] });
  if (flags.has('help')) {
    out(PLAN_USAGE);
    return 0;
  }
  const profile = profileFlags(flags);
  const validator = validatorFor(given, profile);
  const format = flags.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${String(format)}"`);
  const op = flags.get('op') ?? 'add';
  const operation = typeof op === 'string' ? OPS.get(op.toLowerCase()) : undefined;
  if (!operation) throw new UsageError(`--op must be add, check, del, gc or status, not "${String(op)}"`);
  const inputs = readInputs(flags);
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'name the configuration file to plan' : `plan takes one file, not ${positional.length}`);
  const path = positional[0]!;

  const file = readAssembledFile(path, validator, err, 'plan takes one configuration file (lint reads conf directories)', 'planning');
  // For CHECK, the findings that say CHECK fails count as its failures (the two that hang on the runtime's
  // arguments, CNI309 and CNI655, are said by the plan's notes for these inputs).
  const fails = (f: Finding) => f.severity === 'error' || (operation === 'CHECK' && CHECK_BREAKERS.has(f.code) && f.code !== 'CNI309' && f.code !== 'CNI655');
  const errors = [{ path, findings: file.findings() }, ...(file.alsoFrom ?? [])].flatMap((x) => x.findings.filter(fails).map((f) => ({ path: x.path, f })));
  for (const { path: where, f } of errors) err(findingLine(where, f));

  const result = plan(file.conflist, inputs, operation, { validator, profile });
  if (format === 'json') {
    out(formatJson(result));
    if (result.skipped) err(`${result.skipped.error ? 'error' : 'info'}: ${result.skipped.reason}`);
    for (const note of result.notes) err(`${note.severity}: ${note.message}`);
    for (const note of result.predictionNotes) err(`info: ${note}`);
  } else {
    out(formatText(result, typeof file.conflist.name === 'string' ? file.conflist.name : ''));
  }
  const failed = result.skipped?.error === true || result.notes.some((n) => n.severity === 'error') || errors.length > 0;
  return failed ? 1 : 0;
}
