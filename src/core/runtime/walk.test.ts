// The one runtime loop, driven with scripted steps: order, prevResult, where it stops, and gates.
import { describe, expect, it } from 'vitest';
import { DEFAULT_INPUTS } from './inputs';
import { chainOrder, stepStates, walkAsync, walkChain, walkSync, type StepAnswer } from './walk';
import type { JsonObject } from '../model/types';
import type { Invocation } from './plan';

const list = (cniVersion = '1.0.0'): JsonObject => ({ cniVersion, name: 'n', plugins: [{ type: 'a' }, { type: 'b' }, { type: 'c' }] });
const inputs = { ...DEFAULT_INPUTS, containerId: 'c1', netns: '/run/netns/x' };
const seen = (invocations: Invocation[]) => invocations.map((i) => `${i.command} ${i.type}${i.stdin.prevResult ? ` <- ${JSON.stringify(i.stdin.prevResult)}` : ''}`);

describe('walkChain', () => {
  it('ADD runs forward handing each result on, and ends with the last one', () => {
    const { invocations, end } = walkSync(walkChain(list(), 'ADD', inputs), (inv) => ({ ok: true, result: { from: inv.type } }));
    expect(seen(invocations)).toEqual(['ADD a', 'ADD b <- {"from":"a"}', 'ADD c <- {"from":"b"}']);
    expect(end).toEqual({ ok: true, result: { from: 'c' } });
  });

  it('DEL runs in reverse with the cached result from spec 0.4.0 on, and without it before', () => {
    const cached = { cniVersion: '1.0.0', ips: [] };
    expect(seen(walkSync(walkChain(list(), 'DEL', inputs, { cached }), () => ({ ok: true })).invocations)).toEqual(['DEL c <- {"cniVersion":"1.0.0","ips":[]}', 'DEL b <- {"cniVersion":"1.0.0","ips":[]}', 'DEL a <- {"cniVersion":"1.0.0","ips":[]}']);
    expect(seen(walkSync(walkChain(list('0.3.1'), 'DEL', inputs, { cached }), () => ({ ok: true })).invocations)).toEqual(['DEL c', 'DEL b', 'DEL a']);
  });

  it('stops at the first error of every operation, as libcni does; keepGoing goes on', () => {
    const failB = (inv: Invocation): StepAnswer => ({ ok: inv.type !== 'b', result: {} });
    for (const op of ['ADD', 'CHECK', 'DEL'] as const) {
      const walked = walkSync(walkChain(list(), op, inputs, { cached: {} }), failB);
      expect(walked.end).toMatchObject({ ok: false, failedAt: 1 });
      expect(walked.invocations.at(-1)!.type).toBe('b');
    }
    const cleanup = walkSync(walkChain(list(), 'DEL', inputs, { keepGoing: true }), failB);
    expect(cleanup.invocations.map((i) => i.type)).toEqual(['c', 'b', 'a']);
    expect(cleanup.end).toEqual({ ok: false, failedAt: 1 });
  });

  it("checks libcni's gates before running anything", () => {
    expect(walkSync(walkChain(list('0.3.1'), 'CHECK', inputs), () => ({ ok: true }))).toMatchObject({ invocations: [], end: { ok: false, skipped: { error: true } } });
    expect(walkSync(walkChain({ ...list(), disableCheck: true }, 'CHECK', inputs), () => ({ ok: true }))).toMatchObject({ invocations: [], end: { ok: true, skipped: { error: false } } });
    expect(walkSync(walkChain(list(), 'ADD', { ...inputs, containerId: '' }), () => ({ ok: true })).end.skipped?.error).toBe(true);
    expect(walkSync(walkChain(list(), 'ADD', { ...inputs, containerId: '' }, { gate: false }), () => ({ ok: true })).invocations).toHaveLength(3);
  });

  it('is the same loop driven asynchronously', async () => {
    const order: string[] = [];
    const end = await walkAsync(walkChain(list(), 'DEL', inputs), async (inv) => {
      await new Promise((r) => setTimeout(r, 1));
      order.push(inv.type);
      return { ok: true };
    });
    expect(order).toEqual(['c', 'b', 'a']);
    expect(end).toEqual({ ok: true });
  });

  it('says which plugins a step-through has run, runs now and has yet to reach', () => {
    expect(stepStates(chainOrder(4, 'ADD'), 1, 4)).toEqual(['done', 'current', 'pending', 'pending']);
    // DEL runs last to first: at its second step the last plugin is done and the first two wait.
    expect(stepStates(chainOrder(4, 'DEL'), 1, 4)).toEqual(['pending', 'pending', 'current', 'done']);
    // GC: a stale DEL through the chain (reverse), then GC to each plugin: a plugin run before is done again.
    expect(stepStates([1, 0, 0, 1], 2, 2)).toEqual(['current', 'done']);
    expect(stepStates([1, 0, 0, 1], 0, 3)).toEqual(['pending', 'current', 'pending']);
    expect(stepStates([], 0, 2)).toEqual(['pending', 'pending']);
  });
});

