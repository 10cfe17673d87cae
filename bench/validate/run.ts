// bench/validate: our validator (syntax + schemas + semantic rules) versus vscode-json-languageservice
// (what VS Code and Monaco use) validating the same real conflists against the same schemas.
// Rounds alternate between the two so machine noise hits both alike; the ratio is what to read. Each
// as it ships: the language service's published JavaScript, our core bundled as the app bundles it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import jsonLanguageService from 'vscode-json-languageservice';
import { shippedCore } from '../support/shipped-core';

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const ITERATIONS = Number(process.env.ITERATIONS ?? 60);
const WARM_UP = Number(process.env.WARM_UP ?? 100);

const dir = resolve(import.meta.dirname, '../../src/fixtures/real');
const files = readdirSync(dir)
  // Lists only: the language service cannot up-convert single-plugin .conf files as runtimes do.
  .filter((f) => f.endsWith('.conflist'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));

// The package is UMD/CommonJS: its named exports come through the default import under Node ESM.
const { getLanguageService, TextDocument } = jsonLanguageService;
const { buildDocumentSchema, buildIpamDispatchSchema, createValidator, DOCUMENT_SCHEMA_ID, loadSchemas } = await shippedCore();
const schemas = loadSchemas();
const validator = createValidator(schemas);
const documentSchemas = [schemas.defs, schemas.conflist, ...schemas.plugins, buildIpamDispatchSchema(validator.catalog), buildDocumentSchema(validator.catalog)];

const ls = getLanguageService({
  schemaRequestService: (uri) => Promise.reject(new Error(`no remote schemas: ${uri}`)),
  // Relative $refs between our schema files resolve against the referring schema's URI, as in Monaco.
  workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
});
ls.configure({
  validate: true,
  allowComments: false,
  schemas: documentSchemas.map((s) => ({ uri: s.$id!, schema: s, ...(s.$id === DOCUMENT_SCHEMA_ID ? { fileMatch: ['*.conflist'] } : {}) })),
});

function runOurs(): number {
  let findings = 0;
  for (const f of files) findings += validator.validate(f.text, { fileName: f.name }).length;
  return findings;
}

let version = 0;
async function runLanguageService(): Promise<number> {
  let diagnostics = 0;
  for (const f of files) {
    const doc = TextDocument.create(`file:///bench/${f.name}`, 'json', ++version, f.text);
    diagnostics += (await ls.doValidation(doc, ls.parseJSONDocument(doc), { schemaValidation: 'error', comments: 'error', trailingCommas: 'error' })).length;
  }
  return diagnostics;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  // The comparison is meaningless if the language service could not load the schemas: refuse to report.
  const probe = TextDocument.create('file:///bench/probe.conflist', 'json', 0, '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge", "mtu": "1500"}]}');
  const probeDiagnostics = await ls.doValidation(probe, ls.parseJSONDocument(probe), { schemaValidation: 'error' });
  const messages = probeDiagnostics.map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
  if (messages.some((m) => /schema/i.test(m) && /load|resolve/i.test(m)) || !messages.some((m) => /type/i.test(m))) {
    throw new Error(`the language service did not apply the schemas: ${JSON.stringify(messages)}`);
  }
  // Warm-up: compile every schema in both engines, let the JIT settle.
  // Long enough for both JITs to settle (a few thousand documents each): an editor session's steady state.
  for (let i = 0; i < WARM_UP; i++) {
    runOurs();
    await runLanguageService();
  }
  // Wall time, and this process's CPU time (which machine load does not stretch: on a busy machine the
  // wall clock also counts the time others had the cores). Per config, in µs.
  const ours = { wall: [] as number[], cpu: [] as number[] };
  const theirs = { wall: [] as number[], cpu: [] as number[] };
  const per = ITERATIONS * files.length;
  let ourFindings = 0;
  let theirDiagnostics = 0;
  for (let r = 0; r < ROUNDS; r++) {
    let t = performance.now();
    let c = process.cpuUsage();
    for (let i = 0; i < ITERATIONS; i++) ourFindings = runOurs();
    ours.wall.push(((performance.now() - t) * 1000) / per);
    ours.cpu.push(cpuMicros(c) / per);
    t = performance.now();
    c = process.cpuUsage();
    for (let i = 0; i < ITERATIONS; i++) theirDiagnostics = await runLanguageService();
    theirs.wall.push(((performance.now() - t) * 1000) / per);
    theirs.cpu.push(cpuMicros(c) / per);
  }
  const [ow, oc, tw, tc] = [median(ours.wall), median(ours.cpu), median(theirs.wall), median(theirs.cpu)];
  console.log(`bench/validate: ${files.length} real configs, ${ROUNDS} alternating rounds x ${ITERATIONS} iterations, medians per config`);
  console.log(`  CNI Studio validator (syntax+schemas+rules): ${ow.toFixed(1)} µs wall, ${oc.toFixed(1)} µs CPU; ${ourFindings} findings over the set`);
  console.log(`  vscode-json-languageservice (parse+schema):  ${tw.toFixed(1)} µs wall, ${tc.toFixed(1)} µs CPU; ${theirDiagnostics} diagnostics over the set`);
  console.log(`  ratio language-service / ours: ${(tw / ow).toFixed(2)}x wall, ${(tc / oc).toFixed(2)}x CPU  (above 1 means ours is faster)`);
}

const cpuMicros = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return d.user + d.system;
};

await main();
