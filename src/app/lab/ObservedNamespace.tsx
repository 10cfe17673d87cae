// What one container's namespace looks like after ADD: each interface's addresses, and the sysctls read back.
import type { LabEvent } from '../../core';

export function ObservedNamespace({ observed }: { observed: Extract<LabEvent, { type: 'observed' }> }) {
  return (
    <>
      <ul className="observed-addresses" data-testid="observed-addresses">
        {observed.namespace.addresses.map((a) => (
          <li key={a.ifname}>
            <code>{a.ifname}</code> {(a.addr_info ?? []).map((x) => `${x.local}/${x.prefixlen}`).join(' ')}
          </li>
        ))}
      </ul>
      {Object.keys(observed.sysctls).length > 0 && (
        <p className="hint">
          Sysctls in the namespace: {Object.entries(observed.sysctls).map(([k, v]) => `${k} = ${v}`).join(', ')}
        </p>
      )}
    </>
  );
}
