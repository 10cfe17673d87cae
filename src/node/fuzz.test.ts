// Seeded, deterministic fuzzing of every way a config comes in: a few thousand mutations of the real
// fixtures and the templates (deleted keys, changed types, truncation, duplicate keys, JavaScript built-in
// names as types and keys, deep nesting, huge numbers, BOM, CRLF, NUL, stray characters) go through the
// validator (text and document), the NAD reader, the share-link decoder, the planner, the review and
// `cni-studio lint --format json`. Nothing may throw, and every finding has a code, a severity, a message
// and a position. FUZZ_SEED=<n> replays another sequence; a failure names the seed and the mutation.
import { describe, expect, it } from 'vitest';
import { decodeShare, DEFAULT_INPUTS, encodeShare, explainConflist, isJsonObject, parseNadYaml, plan, riskNotes, semanticDiff, toNadYaml, type Finding, type JsonObject } from '../core';
import { createValidator } from '../core/validate/create';
import { loadSchemas } from './schemas';
import { BUILTINS, clone, collectGrafts, mulberry32, pick, samples, TEXT_MUTATIONS, VALUE_MUTATIONS } from './mutations';
import { cli, tempFiles } from '../cli/testing';

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_208);
/** Documents per mutation round; the total is a few thousand. */
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 3);

interface Stats {
  documents: number;
  findings: number;
  exceptions: string[];
  byMutation: Map<string, number>;
}

/** A finding as every surface needs it: a code, a severity, a message and a position. */
function problemsOf(findings: readonly Finding[], positioned: 'text' | 'pointer'): string[] {
  const out: string[] = [];
  for (const f of findings) {
    const bad: string[] = [];
    if (typeof f.code !== 'string' || !/^CNI\d{3}$/.test(f.code)) bad.push('code');
    if (!['error', 'warning', 'info'].includes(f.severity)) bad.push('severity');
    if (typeof f.message !== 'string' || f.message.trim() === '' || /undefined|\[object|function /.test(f.message)) bad.push('message');
    if (typeof f.pointer !== 'string' || (f.pointer !== '' && !f.pointer.startsWith('/'))) bad.push('pointer');
    if (positioned === 'text' && !(Number.isInteger(f.line) && f.line! >= 1 && Number.isInteger(f.column) && f.column! >= 1)) bad.push('line/column');
    if (bad.length) out.push(`finding without ${bad.join(', ')}: ${JSON.stringify(f).slice(0, 300)}`);
  }
  return out;
}

describe('fuzz', () => {
  // At the describe's level: tempFiles removes its folder in an afterAll, which a test's own body cannot register.
  const { write } = tempFiles('cni-studio-fuzz-');
  it(`survives seeded mutations of every fixture and template (seed ${FUZZ_SEED})`, async () => {
    const rand = mulberry32(FUZZ_SEED);
    const validator = createValidator(loadSchemas());
    const stats: Stats = { documents: 0, findings: 0, exceptions: [], byMutation: new Map() };
    const toLint: { path: string; label: string }[] = [];
    const started = Date.now();

    const guard = <T>(label: string, f: () => T): T | undefined => {
      try {
        return f();
      } catch (e) {
        stats.exceptions.push(`seed ${FUZZ_SEED}, ${label}: ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 4).join('\n')}` : String(e)}`);
        return undefined;
      }
    };
    const check = (label: string, findings: readonly Finding[] | undefined, positioned: 'text' | 'pointer') => {
      if (!findings) return;
      stats.findings += findings.length;
      for (const p of problemsOf(findings, positioned)) stats.exceptions.push(`seed ${FUZZ_SEED}, ${label}: ${p}`);
    };
    const count = (mutation: string) => stats.byMutation.set(mutation, (stats.byMutation.get(mutation) ?? 0) + 1);

    const all = samples();
    collectGrafts(all, rand);
    let n = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const sample of all) {
        const yaml = /\.ya?ml$/.test(sample.fileName);
        // Text mutations of the file as it is (JSON or NAD YAML), and of a NAD made from it.
        for (let k = 0; k < 6; k++) {
          const [name, mutate] = pick(rand, TEXT_MUTATIONS);
          const base = !yaml && sample.doc && rand() < 0.25 ? { text: toNadYaml(sample.doc), fileName: 'nad.yaml' } : sample;
          const text = mutate(base.text, rand);
          const label = `${sample.name}: text "${name}" (${base.fileName}) #${n++}`;
          count(name);
          stats.documents++;
          check(label, guard(label, () => validator.validate(text, { fileName: base.fileName })), 'text');
          if (/\.ya?ml$/.test(base.fileName)) guard(`${label}: NAD reader`, () => parseNadYaml(text));
          if (rand() < 0.12) toLint.push({ path: write(`t${n}-${base.fileName}`, text), label });
        }
        if (!sample.doc) continue;
        // Mutations of the document: as a document, as text, through a share link, the planner and the review.
        for (let k = 0; k < 5; k++) {
          const [name, mutate] = pick(rand, VALUE_MUTATIONS);
          const before = clone(sample.doc) as JsonObject;
          const mutated = guard(`mutator ${name}`, () => mutate(clone(sample.doc!) as JsonObject, rand));
          if (!isJsonObject(mutated)) continue;
          const label = `${sample.name}: document "${name}" #${n++}`;
          count(name);
          stats.documents += 2;
          check(`${label} (document)`, guard(`${label} (document)`, () => validator.validate(mutated)), 'pointer');
          let text: string;
          try {
            text = JSON.stringify(mutated, null, rand() < 0.5 ? 2 : undefined);
          } catch {
            continue; // JSON.stringify itself cannot write the deepest mutations (the test's own step)
          }
          check(`${label} (text)`, guard(`${label} (text)`, () => validator.validate(text, { fileName: sample.fileName.replace(/\.ya?ml$/, '.conflist') })), 'text');
          const link = guard(`${label} (share encode)`, () => encodeShare({ doc: mutated, runtime: { capabilityArgs: { portMappings: [] } } }));
          if (link?.ok) {
            const opened = guard(`${label} (share decode)`, () => decodeShare(link.payload));
            if (opened?.ok) check(`${label} (shared)`, guard(`${label} (shared)`, () => validator.validate(opened.state.doc)), 'pointer');
            const damaged = link.payload.slice(0, Math.floor(rand() * link.payload.length)) + pick(rand, ['', 'A', '_', '%', '=']);
            guard(`${label} (damaged share link)`, () => decodeShare(damaged));
          }
          const deep = validator.validate(mutated).some((f) => f.code === 'CNI011');
          if (!deep) {
            guard(`${label} (plan)`, () => plan(mutated, { ...DEFAULT_INPUTS, cniArgs: [[pick(rand, BUILTINS), 'x']], capabilityArgs: { [pick(rand, BUILTINS)]: 1, portMappings: [] } }, pick(rand, ['ADD', 'CHECK', 'DEL'] as const), { validator }));
            guard(`${label} (review)`, () => {
              const diff = semanticDiff(before, mutated, validator.catalog);
              riskNotes(diff, before, mutated, validator.catalog);
              explainConflist(mutated, validator.catalog);
            });
          }
          if (rand() < 0.12) toLint.push({ path: write(`d${n}-${sample.fileName.replace(/\.ya?ml$/, '.conflist')}`, text), label });
        }
      }
    }

    // The command line, in batches (each call builds its validator): JSON output for every file, in order.
    let linted = 0;
    for (let i = 0; i < toLint.length; i += 150) {
      const batch = toLint.slice(i, i + 150);
      const r = await guard(`lint batch ${i}`, () => cli('lint', '--format', 'json', ...batch.map((b) => b.path)));
      if (!r) continue;
      if (r.code !== 0 && r.code !== 1) stats.exceptions.push(`seed ${FUZZ_SEED}, lint batch ${i}: exit ${r.code}: ${r.err.slice(0, 300)}`);
      const reports = guard(`lint batch ${i} output`, () => JSON.parse(r.out) as { file: string; findings: Finding[] }[]) ?? [];
      if (reports.length !== batch.length) stats.exceptions.push(`seed ${FUZZ_SEED}, lint batch ${i}: ${reports.length} reports for ${batch.length} files`);
      reports.forEach((rep, j) => {
        linted++;
        check(`lint of ${batch[j]?.label}`, rep.findings, 'text');
      });
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const perMutation = [...stats.byMutation].map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(`fuzz: ${stats.documents} documents, ${linted} linted through the CLI, ${stats.findings} findings, ${stats.exceptions.length} exceptions (seed ${FUZZ_SEED}, ${seconds} s; ${perMutation})`);
    expect(stats.exceptions.slice(0, 10), `seed ${FUZZ_SEED}: ${stats.exceptions.length} failures`).toEqual([]);
    expect(stats.documents).toBeGreaterThan(2000);
  }, 120_000);
});
