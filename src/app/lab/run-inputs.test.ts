import { describe, expect, it } from 'vitest';
import { parseLabRequest } from '../../core';
import { containerFields, runRefusal } from './run-inputs';

const ports = { portMappings: [{ hostPort: 18100, containerPort: 80, protocol: 'tcp' }], bandwidth: { ingressRate: 1000 } };

describe('the run inputs of the Live lab', () => {
  it('asks for nothing more for one container without checks (the request stays as it was)', () => {
    expect(containerFields({ containers: 1, firstPublishes: true, checks: false }, ports)).toEqual({});
  });

  it('gives only the first container the port mappings when asked, the rest the other capability arguments', () => {
    const fields = containerFields({ containers: 3, firstPublishes: true, checks: true }, ports);
    expect(fields).toEqual({ containers: 3, checks: true, containerInputs: [{ capabilityArgs: ports }, { capabilityArgs: { bandwidth: { ingressRate: 1000 } } }, { capabilityArgs: { bandwidth: { ingressRate: 1000 } } }] });
    // The helper's own validation accepts it.
    const parsed = parseLabRequest({ conflist: { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge' }] }, operations: ['ADD'], capabilityArgs: ports, ...fields });
    expect(parsed.ok).toBe(true);
  });

  it('sends the shared arguments to every container otherwise, or when there are no port mappings', () => {
    expect(containerFields({ containers: 2, firstPublishes: false, checks: false }, ports)).toEqual({ containers: 2 });
    expect(containerFields({ containers: 2, firstPublishes: true, checks: false }, {})).toEqual({ containers: 2 });
  });

  it('says why GC cannot run with several containers', () => {
    expect(runRefusal(['ADD', 'STATUS', 'GC', 'GC'], { containers: 2 })).toMatch(/^GC runs with one container/);
    expect(runRefusal(['ADD', 'STATUS', 'GC', 'GC'], { containers: 1 })).toBeUndefined();
    expect(runRefusal(['ADD', 'CHECK', 'DEL'], { containers: 8 })).toBeUndefined();
    // A libcni without STATUS and GC: said on the button, not after a run (an outside tester's).
    expect(runRefusal(['ADD', 'STATUS', 'GC', 'GC'], { containers: 1 }, '1.1.2')).toMatch(/^libcni 1\.1\.2 has no STATUS or GC/);
    expect(runRefusal(['ADD', 'STATUS', 'GC', 'GC'], { containers: 1 }, '1.2.0')).toBeUndefined();
    expect(runRefusal(['ADD', 'CHECK'], { containers: 1 }, '1.1.2')).toBeUndefined();
  });
});
