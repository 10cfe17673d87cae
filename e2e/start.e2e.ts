// `npm start` as the README's quick start says, on a fresh port pair: the dev server (not the build) in
// Debian's Chromium. A blank page got through once because every other test runs the build.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openUrl, SCREENSHOTS, type Session } from './support/browser';
import { freePortPair, npmStart, ROOT, type NpmStart } from './support/npm-start';
import { creatorOf, listOurNetns } from '../src/helper/netns';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const root = process.getuid?.() === 0;
/** The process group of a pid (what npm start's tree shares), undefined once it is gone. */
const groupOf = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return undefined;
  }
};

describe('npm start (the dev server and a lab helper)', () => {
  let ports: [number, number];
  let started: NpmStart;
  let url: string;
  let s: Session | undefined;

  beforeAll(async () => {
    ports = await freePortPair();
    started = npmStart({ PORT: String(ports[0]), LAB_PORT: String(ports[1]) });
    url = (await started.waitFor(/open (http:\/\/\S+)\s*$/, 90_000))[1]!;
  }, 100_000);

  afterAll(async () => {
    await s?.close();
    await started?.stop();
  });

  it('ends its output with the URL to open: the quick start one, on the chosen port', async () => {
    // README: "npm start    # the app at http://127.0.0.1:5173/" and PORT / LAB_PORT choose the ports.
    const quick = /npm start\s+# the app at (http:\/\/127\.0\.0\.1:)5173\//.exec(README);
    expect(quick, 'README quick start names the URL npm start prints').not.toBeNull();
    expect(README).toMatch(/PORT=\S+ LAB_PORT=\S+ npm start/);
    expect(url).toBe(`${quick![1]}${ports[0]}/`);
    // Nothing printed after it (give late output a moment to arrive), and no Vite warnings before it.
    await new Promise((r) => setTimeout(r, 1500));
    const lines = started.output().trimEnd().split('\n');
    expect(lines.at(-1)).toContain(`open ${url}`);
    expect(started.output()).not.toMatch(/\(!\)|configLoader|\[vite\]/);
    expect(lines.length).toBeLessThan(25);
  });

  it('opens a working app: no page errors, palette and canvas shown, the lab helper connected', async () => {
    s = await openUrl(url);
    const { page } = s;
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page
      .getByTestId('palette-bridge')
      .waitFor({ timeout: 30_000 })
      .catch((e: Error) => {
        throw new Error(`${e.message}\n${[...s!.errors, ...failed].join('\n')}`);
      });
    expect(await page.getByTestId('canvas').isVisible()).toBe(true);
    await page.getByTestId('palette-bridge').click();
    await expect.poll(() => page.locator('.plugin-node').count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId('tab-lab').click();
    await expect.poll(() => page.getByTestId('lab-probe').textContent(), { timeout: 15_000 }).toMatch(/root · \d+ plugins in /);
    // The editor (Monaco and its workers, loaded on first use) works from the dev server too.
    await page.getByTestId('tab-document').click();
    await page.locator('[data-testid="monaco"] .view-line').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'npm-start.png') });
    // The command palette opened from a focused button takes what is typed (React's StrictMode, on in
    // development only, tried its unmount and gave the focus back to the button: typing was lost).
    await page.getByRole('button', { name: 'Templates' }).click();
    await page.getByTestId('templates').waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+P');
    await page.keyboard.type('dark', { delay: 30 });
    await expect.poll(() => page.locator('[cmdk-input]').inputValue(), { timeout: 10_000 }).toBe('dark');
    await page.keyboard.press('Escape');
    expect(s.errors).toEqual([]);
    expect(failed).toEqual([]);
  });

  it("sends the helper's own address to the app, and serves the published schemas as JSON", async () => {
    const { page } = s!;
    await page.goto(`http://127.0.0.1:${ports[1]}/`);
    expect(page.url()).toBe(url);
    await page.getByTestId('palette-bridge').waitFor({ timeout: 30_000 });
    // A helper link with a #lab= token (say, from an earlier start) keeps its fragment through the
    // redirect; the app still talks to npm start's helper, not to its own server.
    await page.goto(`http://127.0.0.1:${ports[1]}/#lab=stale-token-from-an-earlier-start`);
    expect(page.url()).toBe(`${url}#lab=stale-token-from-an-earlier-start`);
    await page.getByTestId('tab-lab').click();
    await expect.poll(() => page.getByTestId('lab-probe').textContent(), { timeout: 15_000 }).toMatch(/root · \d+ plugins in /);
    const schema = await fetch(`${url}schemas/plugins/bridge.schema.json`);
    expect(schema.headers.get('content-type')).toContain('json');
    expect(((await schema.json()) as { title?: string }).title).toBe('bridge');
    expect(s!.errors).toEqual([]);
  });

  it('stops its whole process tree, and its helper removes what it made ahead (as root, the next run’s namespace)', async () => {
    await s?.close();
    s = undefined;
    // As root the helper makes the next run's namespace when it starts: the one named after a process of this tree.
    const made = async () => (await listOurNetns()).filter((n) => groupOf(creatorOf(n) ?? 0) === started.child.pid);
    let ahead: string[] = [];
    for (let i = 0; i < 100 && root && ahead.length === 0; i++) {
      ahead = await made();
      if (ahead.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    if (root) expect(ahead).toHaveLength(1);
    // The group's SIGTERM reaches the helper twice (from here, and from npm start passing it on), as a Ctrl-C does.
    await started.stop();
    const [app, lab] = ports;
    for (const port of [app, lab]) await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    expect((await listOurNetns()).filter((n) => ahead.includes(n))).toEqual([]);
  });
});
