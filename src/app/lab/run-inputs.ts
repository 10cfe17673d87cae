// What a lab run asks for beyond the network and the preview's runtime inputs: how many containers, whether
// only the first publishes the port mappings, whether to check reachability. The helper refuses GC with
// several containers (its valid attachments and stale DELs are walked for one), so the button says so.
import { releaseAtLeast, type JsonObject, type LabRunRequest, type Operation } from '../../core';

export interface RunInputs {
  containers: number;
  firstPublishes: boolean;
  checks: boolean;
}

/** The request's fields for these choices, given the shared capability arguments. */
export function containerFields({ containers, firstPublishes, checks }: RunInputs, capabilityArgs: JsonObject): Pick<LabRunRequest, 'containers' | 'containerInputs' | 'checks'> {
  const several = containers > 1;
  // Each container past the first gets the shared arguments without portMappings: one host port forwards to one container.
  const { portMappings, ...others } = capabilityArgs;
  const split = several && firstPublishes && portMappings !== undefined;
  return {
    ...(several ? { containers } : {}),
    ...(split ? { containerInputs: Array.from({ length: containers }, (_, i) => ({ capabilityArgs: i === 0 ? capabilityArgs : others })) } : {}),
    ...(checks ? { checks: true } : {}),
  };
}

/** Why a run of these operations cannot be asked for with these choices, or undefined. */
export function runRefusal(operations: readonly Operation[], { containers }: Pick<RunInputs, 'containers'>, libcni?: string): string | undefined {
  // The run's libcni has no GC or STATUS before 1.2.0: the run would only say so (an outside tester's run).
  if (libcni !== undefined && !releaseAtLeast(libcni, '1.2.0') && (operations.includes('GC') || operations.includes('STATUS'))) return `libcni ${libcni} has no STATUS or GC (they came with libcni 1.2.0): pick libcni 1.2 or newer in the network settings for this run.`;
  return containers > 1 && operations.includes('GC') ? `GC runs with one container: the helper walks GC's valid attachments for one. Set Containers to 1 for this run.` : undefined;
}
