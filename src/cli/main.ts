// `cni-studio`: the non-browser faces of CNI Studio. Every command is one entry of COMMANDS: the
// top-level help, the dispatch and the usage shown after a usage error all come from it.
import type { Validator } from '../core';
import { loadValidator } from '../node/precompiled';
// The bundle's precompiled validators, for the tests that hold them to ajv's (src/node/precompiled.test.ts).
export { loadPrecompiled, warmValidators } from '../node/precompiled';
import { UsageError } from './args';
import { InputError } from './config-file';

type Print = (s: string) => void;

interface Run {
  /** Its line in `cni-studio --help`. */
  summary: string;
  /** The exit status: 0 success, 1 findings or failure, 2 bad usage (thrown as UsageError or InputError). */
  run(argv: readonly string[], validator: () => Promise<Validator>, out: Print, err: Print): number | Promise<number>;
}

/** A command, or a group of subcommands (`lab run`, `lab serve`) sharing one usage text. */
type Command = { usage: () => Promise<string> } & (Run | { subcommands: ReadonlyMap<string, Run> });

// Maps: the command name is user text, and "constructor" must not find Object.prototype's member.
// Each command's module (and what only it needs: the helper's HTTP server, TLS, the review's diff) loads
// only when that command runs, so a pre-commit hook's lint parses no more than lint.
const COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['lint', { summary: 'check conflists, .conf files, NAD YAML and conf directories', usage: async () => (await import('./lint')).LINT_USAGE, run: async (argv, validator, out) => (await import('./lint')).lint(argv, await validator(), out) }],
  ['plan', { summary: "show what a runtime runs for ADD, CHECK or DEL: each plugin's env and stdin", usage: async () => (await import('./plan')).PLAN_USAGE, run: async (argv, validator, out, err) => (await import('./plan')).planCommand(argv, await validator(), out, err) }],
  ['diff', { summary: 'compare two configurations: plugins added, removed, moved, fields changed, risk notes', usage: async () => (await import('./diff')).DIFF_USAGE, run: async (argv, validator, out, err) => (await import('./diff')).diffCommand(argv, await validator(), out, err) }],
  [
    'lab',
    {
      usage: async () => (await import('./lab-usage')).LAB_USAGE,
      subcommands: new Map<string, Run>([
        ['run', { summary: 'run the chain with the real plugins in a throwaway network namespace (root)', run: async (argv, validator, out, err) => (await import('./lab')).labRun(argv, await validator(), out, err) }],
        ['serve', { summary: 'the same over HTTP for the app (root, loopback, token)', run: async (argv, _validator, out, err) => (await import('./lab')).labServe(argv, out, err) }],
      ]),
    },
  ],
  [
    'webhook',
    {
      usage: async () => (await import('./webhook')).WEBHOOK_USAGE,
      subcommands: new Map<string, Run>([
        ['serve', { summary: 'a Kubernetes validating admission webhook for NetworkAttachmentDefinitions (HTTPS)', run: async (argv, validator, out, err) => (await import('./webhook')).webhookServe(argv, await validator(), out, err) }],
      ]),
    },
  ],
]);

/** A command's lines in the help; a group's subcommands are aligned among themselves. */
function summaryLines(name: string, command: Command): string[] {
  if ('run' in command) return [`  ${name.padEnd(8)}${command.summary}`];
  const names = [...command.subcommands.keys()].map((sub) => `${name} ${sub}`);
  const width = Math.max(...names.map((n) => n.length)) + 1;
  return [...command.subcommands.values()].map((sub, i) => `  ${names[i]!.padEnd(width)}${sub.summary}`);
}

const USAGE = `usage: cni-studio <command> [options]

commands:
${[...COMMANDS].flatMap(([name, command]) => summaryLines(name, command)).join('\n')}

Run "cni-studio <command> --help" for a command's options.`;

const isHelp = (arg: string | undefined) => arg === undefined || arg === '--help' || arg === 'help';

export async function main(argv: readonly string[], out: Print = (s) => console.log(s), err: Print = (s) => console.error(s)): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS.get(name);
  let validator: Promise<Validator> | undefined;
  // Made for the commands that validate: with the validators precompiled at build time in the built command line.
  const lazyValidator = () => (validator ??= loadValidator());
  try {
    if (!command) {
      if (!isHelp(name)) throw new UsageError(`unknown command "${name}"`);
      out(USAGE);
      return name === undefined ? 2 : 0;
    }
    if ('run' in command) return await command.run(rest, lazyValidator, out, err);
    const [sub, ...subArgs] = rest;
    if (isHelp(sub)) {
      out(await command.usage());
      return sub === undefined ? 2 : 0;
    }
    const subcommand = command.subcommands.get(sub!);
    if (!subcommand) throw new UsageError(`unknown ${name} command "${sub}"`);
    return await subcommand.run(subArgs, lazyValidator, out, err);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`cni-studio: ${e.message}\n\n${command ? await command.usage() : USAGE}`);
      return 2;
    }
    if (e instanceof InputError) {
      err(`cni-studio: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
