// Seeded fuzzing of the webhook over TLS with the mutations the CLI's campaign uses (src/node/mutations.ts):
// real NADs (every fixture and template as spec.config) in reviews as kube-apiserver sends them, with the
// config mutated as a document and as text, the envelope mutated the same ways and by hand (no uid, wrong
// types, huge strings, deep nesting, other apiVersions, JavaScript built-in names), and the body text itself.
// Every answer is a 200 AdmissionReview with the request's uid or a 4xx with a JSON error; the server stays
// up. FUZZ_SEED=<n> replays another sequence; a failure names the seed and the mutation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'node:https';
import { isJsonObject, MAX_NESTING_DEPTH, serializeConflist, type JsonObject, type JsonValue } from '../core';
import { createValidator } from '../core/validate/create';
import { loadSchemas } from '../node/schemas';
import { BUILTINS, clone, collectGrafts, mulberry32, nested, ODD_STRINGS, pick, randomValue, samples, setOwn, TEXT_MUTATIONS, VALUE_MUTATIONS, type Rand } from '../node/mutations';
import { nadReview } from '../core/admission/testing';
import { startWebhook, type Webhook } from './server';
import { makeTestPki, send, type TestPki } from './testing';

const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_208);
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 1);

let pki: TestPki;
let webhook: Webhook;
beforeAll(async () => {
  pki = makeTestPki();
  webhook = await startWebhook({ certFile: pki.certFile, keyFile: pki.keyFile, host: '127.0.0.1', port: 0, validator: createValidator(loadSchemas()) });
}, 30_000);
afterAll(async () => {
  await webhook?.close();
  pki?.remove();
});

const request = (review: JsonObject) => review.request as JsonObject;
const object = (review: JsonObject) => request(review).object as JsonObject;

/** Mutations of the envelope a hostile or broken client could send. */
const ENVELOPE_MUTATIONS: [string, (review: JsonObject, rand: Rand) => void][] = [
  ['no uid', (r) => delete request(r).uid],
  ['uid of another type', (r, rand) => setOwn(request(r), 'uid', randomValue(rand))],
  ['another apiVersion', (r, rand) => setOwn(r, 'apiVersion', pick(rand, ['admission.k8s.io/v1beta1', 'admission.k8s.io/v2', '', 'v1', null, ...BUILTINS]))],
  ['another kind of review', (r, rand) => setOwn(r, 'kind', pick(rand, ['AdmissionRequest', 'admissionreview', '', 1, ...BUILTINS]))],
  ['request of another type', (r, rand) => setOwn(r, 'request', randomValue(rand))],
  ['built-in name as operation or kind', (r, rand) => {
    if (rand() < 0.5) setOwn(request(r), 'operation', pick(rand, BUILTINS));
    else setOwn(request(r).kind as JsonObject, 'kind', pick(rand, BUILTINS));
  }],
  ['built-in names as keys', (r, rand) => {
    for (const target of [r, request(r), object(r) ?? {}]) setOwn(target, pick(rand, BUILTINS), randomValue(rand));
  }],
  ['object of another type', (r, rand) => setOwn(request(r), 'object', pick(rand, [[], 'x', 1, true, null]))],
  ['spec.config of another type', (r, rand) => setOwn(object(r).spec as JsonObject, 'config', randomValue(rand))],
  ['huge string', (r, rand) => {
    const huge = pick(rand, ['x', 'é', '😀', '\\', '"', '\u0000']).repeat(200_000 + Math.floor(rand() * 600_000));
    if (rand() < 0.5) setOwn(object(r).metadata as JsonObject, 'name', huge);
    else setOwn(object(r).spec as JsonObject, 'config', huge);
  }],
  ['deep nesting', (r, rand) => {
    // Beyond what JSON.stringify can write here: a marker, replaced in the text (deepText).
    const depth = rand() < 0.5 ? MAX_NESTING_DEPTH + Math.floor(rand() * 16) : 5_000 + Math.floor(rand() * 50_000);
    const where = pick(rand, [object(r).metadata as JsonObject, object(r).spec as JsonObject, request(r)]);
    setOwn(where, pick(rand, ['labels', 'config', 'x', 'oldObject']), rand() < 0.3 ? nested(rand, MAX_NESTING_DEPTH) : `${DEEP}${depth}`);
  }],
  ['odd names', (r, rand) => {
    setOwn(object(r).metadata as JsonObject, 'name', pick(rand, ODD_STRINGS));
    setOwn(request(r), 'namespace', pick(rand, [...ODD_STRINGS, 7, null]));
  }],
];

const DEEP = 'deep-nesting-marker:';
/** The text with each marker replaced by JSON nested that deep. */
const deepText = (text: string) => text.replace(new RegExp(`"${DEEP}(\\d+)"`, 'g'), (_m, d: string) => `${'[{"a":'.repeat(Number(d) / 2)}1${'}]'.repeat(Number(d) / 2)}`);

/** The uid the body carries after its mutations (what must come back), when it has one. */
function sentUid(body: string): unknown {
  try {
    // The server drops a leading BOM, as RFC 8259 lets a parser do.
    const review = JSON.parse(body.replace(/^\uFEFF/, '')) as unknown;
    return isJsonObject(review) && Object.hasOwn(review, 'request') && isJsonObject(review.request) ? review.request.uid : undefined;
  } catch {
    return undefined;
  }
}

type Case = { label: string; uid: string | undefined; body: string };

function cases(rand: Rand): Case[] {
  const all = samples();
  collectGrafts(all, rand);
  const out: Case[] = [];
  let n = 0;
  const review = (config: JsonValue, uid: string) => nadReview({ uid, config, operation: pick(rand, ['CREATE', 'UPDATE', 'CREATE'] as const), name: `nad-${n}` });
  for (let round = 0; round < ROUNDS; round++) {
    for (const sample of all) {
      if (!sample.doc) continue;
      const text = serializeConflist(sample.doc);
      // The config as text, mutated.
      for (let k = 0; k < 2; k++) {
        const [name, mutate] = pick(rand, TEXT_MUTATIONS);
        const uid = `u-${n++}`;
        out.push({ label: `${sample.name}: config text "${name}"`, uid, body: JSON.stringify(review(mutate(text, rand), uid)) });
      }
      // The config as a document, mutated.
      for (let k = 0; k < 2; k++) {
        const [name, mutate] = pick(rand, VALUE_MUTATIONS);
        const uid = `u-${n++}`;
        let config: string;
        try {
          config = JSON.stringify(mutate(clone(sample.doc) as JsonObject, rand));
        } catch {
          continue; // JSON.stringify itself cannot write the deepest mutations (the test's own step)
        }
        out.push({ label: `${sample.name}: config document "${name}"`, uid, body: JSON.stringify(review(config, uid)) });
      }
      // The envelope: by hand, with the document mutations, and as text.
      {
        const [name, mutate] = pick(rand, ENVELOPE_MUTATIONS);
        const uid = `u-${n++}`;
        const r = review(text, uid);
        mutate(r, rand);
        const body = JSON.stringify(r);
        if (body !== undefined) out.push({ label: `${sample.name}: envelope "${name}"`, uid, body: deepText(body) });
      }
      {
        const [name, mutate] = pick(rand, VALUE_MUTATIONS);
        const uid = `u-${n++}`;
        let body: string | undefined;
        try {
          const mutated = mutate(review(text, uid), rand);
          body = isJsonObject(mutated) ? JSON.stringify(mutated) : undefined;
        } catch {
          body = undefined;
        }
        if (body !== undefined) out.push({ label: `${sample.name}: envelope document "${name}"`, uid, body });
      }
      {
        const [name, mutate] = pick(rand, TEXT_MUTATIONS);
        const uid = `u-${n++}`;
        out.push({ label: `${sample.name}: body text "${name}"`, uid, body: mutate(JSON.stringify(review(text, uid)), rand) });
      }
    }
  }
  return out;
}

describe('webhook fuzz', () => {
  it(`answers every mutated review with its uid or a JSON error, and stays up (seed ${FUZZ_SEED})`, async () => {
    const all = cases(mulberry32(FUZZ_SEED));
    const agent = new Agent({ keepAlive: true, maxSockets: 8, ca: pki.ca });
    const failures: string[] = [];
    const verdicts = new Map<string, number>();
    const count = (k: string) => verdicts.set(k, (verdicts.get(k) ?? 0) + 1);
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < all.length) {
        const c = all[next++]!;
        try {
          const r = await send(webhook.url, pki.ca, { body: c.body, agent });
          const json = r.json as { response?: { uid?: unknown; allowed?: unknown }; apiVersion?: unknown; error?: unknown } | undefined;
          if (r.status === 200 && json?.apiVersion === 'admission.k8s.io/v1' && typeof json.response?.allowed === 'boolean') {
            if (json.response.uid !== sentUid(c.body)) failures.push(`seed ${FUZZ_SEED}, ${c.label}: uid ${String(json.response.uid)} for ${String(sentUid(c.body))} (${c.uid} before mutation)`);
            count(json.response.allowed ? 'allowed' : 'denied');
          } else if ((r.status === 400 || r.status === 413) && typeof json?.error === 'string') {
            count(String(r.status));
          } else {
            failures.push(`seed ${FUZZ_SEED}, ${c.label}: ${r.status} ${r.text.slice(0, 200)}`);
          }
        } catch (e) {
          failures.push(`seed ${FUZZ_SEED}, ${c.label}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    agent.destroy();
    const health = await send(webhook.url, pki.ca, { path: '/healthz', method: 'GET' });
    console.log(`webhook fuzz: ${all.length} reviews in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${FUZZ_SEED}): ${[...verdicts].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    expect(failures.slice(0, 10), `seed ${FUZZ_SEED}: ${failures.length} failures`).toEqual([]);
    expect(health.status).toBe(200);
    // Each kind of answer happened: the campaign reached the judge, not only the envelope checks.
    expect([...verdicts.keys()]).toEqual(expect.arrayContaining(['400', 'allowed', 'denied']));
    expect(all.length).toBeGreaterThan(300);
  }, 180_000);
});
