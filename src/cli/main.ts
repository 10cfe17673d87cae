// `cni-studio`: the non-browser faces of CNI Studio.
import { createValidator } from '../core';
import { loadSchemas } from '../node/schemas';
import { UsageError } from './args';
import { InputError, lint, LINT_USAGE } from './lint';
import { planCommand, PLAN_USAGE } from './plan';
import { diffCommand, DIFF_USAGE } from './diff';
import { labCommand, LAB_USAGE } from './lab';

const USAGE = `usage: cni-studio <command> [options]

commands:
  lint    check conflists, .conf files, NAD YAML and conf directories
  plan    show what a runtime runs for ADD, CHECK or DEL: each plugin's env and stdin
  diff    compare two configurations: plugins added, removed, moved, fields changed, risk notes
  lab run   run the chain with the real plugins in a throwaway network namespace (root)
  lab serve the same over HTTP for the app (root, loopback, token)

Run "cni-studio <command> --help" for a command's options.`;

export async function main(argv: readonly string[], out = (s: string) => console.log(s), err = (s: string) => console.error(s)): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return lint(rest, createValidator(loadSchemas()), out);
      case 'plan':
        return planCommand(rest, createValidator(loadSchemas()), out, err);
      case 'diff':
        return diffCommand(rest, createValidator(loadSchemas()), out, err);
      case 'lab':
        return await labCommand(rest, createValidator(loadSchemas()), out, err);
      case undefined:
      case '--help':
      case 'help':
        out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`cni-studio: ${e.message}\n\n${command === 'lint' ? LINT_USAGE : command === 'plan' ? PLAN_USAGE : command === 'diff' ? DIFF_USAGE : command === 'lab' ? LAB_USAGE : USAGE}`);
      return 2;
    }
    if (e instanceof InputError) {
      err(`cni-studio: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
