// `npm start` as the README's quick start says, on a fresh port pair: the dev server (not the build) in
// Debian's Chromium. A blank page got through once because every other test runs the build. The helper's
// token reaches the page only in the printed link's fragment: the dev server, which any local process may
// fetch from, once served it inside the app's modules (VITE_LAB_TOKEN), handing a root helper to every user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
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

/** npm start's lab helper: the process of its group running `lab serve`. */
function helperPidOf(group: number): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (groupOf(Number(entry)) === group && readFileSync(`/proc/${entry}/cmdline`, 'latin1').includes('lab\0serve')) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no lab helper in process group ${group}`);
}

describe('npm start (the dev server and a lab helper)', () => {
  let ports: [number, number];
  let started: NpmStart;
  /** The link printed last: the app's URL with the helper's token in its fragment. */
  let link: string;
  /** The app's own address (the link without its fragment). */
  let url: string;
  let token: string;
  let s: Session | undefined;

  beforeAll(async () => {
    ports = await freePortPair();
    // A token a shell once exported for the dev server is not passed on to it either.
    started = npmStart({ PORT: String(ports[0]), LAB_PORT: String(ports[1]), VITE_LAB_TOKEN: 'exported-by-an-old-shell-0123456789' });
    link = (await started.waitFor(/open (http:\/\/\S+)\s*$/, 90_000))[1]!;
    url = link.split('#')[0]!;
    token = /^token: (\S+)$/m.exec(started.output())?.[1] ?? '';
  }, 100_000);

  const helperPid = () => helperPidOf(started.child.pid!);

  afterAll(async () => {
    await s?.close();
    await started?.stop();
  });

  it("ends its output with the link to open: the quick start's URL on the chosen port, the helper's token in its fragment", async () => {
    // README: "npm start    # the app at http://127.0.0.1:5173/" and PORT / LAB_PORT choose the ports.
    const quick = /npm start\s+# the app at (http:\/\/127\.0\.0\.1:)5173\//.exec(README);
    expect(quick, 'README quick start names the URL npm start prints').not.toBeNull();
    expect(README).toMatch(/PORT=\S+ LAB_PORT=\S+ npm start/);
    expect(README).toMatch(/#lab=<token>/);
    expect(url).toBe(`${quick![1]}${ports[0]}/`);
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect(link).toBe(`${url}#lab=${encodeURIComponent(token)}`);
    // Nothing printed after it (give late output a moment to arrive), and no Vite warnings before it.
    await new Promise((r) => setTimeout(r, 1500));
    const lines = started.output().trimEnd().split('\n');
    expect(lines.at(-1)).toContain(`open ${link}`);
    expect(started.output()).not.toMatch(/\(!\)|configLoader|\[vite\]/);
    expect(lines.length).toBeLessThan(25);
  });

  it("never serves the helper's token: not in the page, the app's modules or Vite's env, nor the token file", async () => {
    const served = ['', 'src/app/main.tsx', 'src/app/lab/connection.ts', 'src/app/editor/active-tab.ts', '@vite/env', '@vite/client'];
    for (const path of served) {
      const response = await fetch(`${url}${path}`);
      expect(response.status, path).toBe(200);
      const text = await response.text();
      expect(text.includes(token), `${path} holds the token`).toBe(false);
      expect(text.includes('exported-by-an-old-shell'), `${path} holds an exported VITE_LAB_TOKEN`).toBe(false);
      // The module that reads the env is the one Vite fills: it names the helper, not its token.
      if (path === 'src/app/lab/connection.ts') expect(text).toContain(`"VITE_LAB_URL": "http://127.0.0.1:${ports[1]}"`);
    }
    // Nor the file npm start wrote it to (its folder is named on the helper's command line, which anyone may read).
    const file = /--token-file (\S+)/.exec(readFileSync(`/proc/${helperPid()}/cmdline`, 'latin1').split('\0').join(' '))?.[1];
    expect(file).toMatch(/lab-token$/);
    expect((await fetch(`${url}@fs${file}`)).status).toBe(403);
  });

  it('opens a working app from the link: no page errors, palette and canvas shown, the Lab tab connected, the token out of the address bar', async () => {
    s = await openUrl(link);
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
    // Opened from the link: the Lab tab shows by itself, connected, and the address no longer holds the token.
    await expect.poll(() => page.getByTestId('lab-probe').textContent(), { timeout: 15_000 }).toMatch(/root · \d+ plugins in /);
    expect(page.url()).toBe(url);
    // A reload connects with the token kept for this helper (a second tab reads the same storage: connection.test.ts).
    await page.reload();
    await page.getByTestId('palette-bridge').waitFor({ timeout: 30_000 });
    await page.getByTestId('tab-lab').click();
    await expect.poll(() => page.getByTestId('lab-probe').textContent(), { timeout: 15_000 }).toMatch(/root · \d+ plugins in /);
    await page.getByTestId('palette-bridge').click();
    await expect.poll(() => page.locator('.plugin-node').count(), { timeout: 10_000 }).toBe(1);
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

  it("sends the helper's own address to the app; a link of an earlier start says its token is not valid any more, the printed one connects", async () => {
    const { page } = s!;
    await page.goto(`http://127.0.0.1:${ports[1]}/`);
    expect(page.url()).toBe(url);
    await page.getByTestId('palette-bridge').waitFor({ timeout: 30_000 });
    // A helper link with a #lab= token keeps its fragment through the redirect, and the app talks to npm
    // start's helper (not its own server) with it: one from an earlier start is refused, and the panel says so.
    await page.goto(`http://127.0.0.1:${ports[1]}/#lab=stale-token-from-an-earlier-start`);
    await page.getByTestId('palette-bridge').waitFor({ timeout: 30_000 });
    await page.getByTestId('tab-lab').click();
    await expect.poll(() => page.getByTestId('lab-problem').textContent(), { timeout: 15_000 }).toMatch(/refused this page's token: it is not valid any more.*Open the link npm start or lab serve printed/);
    expect(await page.getByTestId('lab-probe').count()).toBe(0);
    expect(page.url()).toBe(url);
    // The printed link opened in that same tab (only the fragment differs: no reload) connects again.
    await page.goto(link);
    await expect.poll(() => page.getByTestId('lab-probe').textContent(), { timeout: 15_000 }).toMatch(/root · \d+ plugins in /);
    expect(await page.getByTestId('lab-problem').count()).toBe(0);
    await expect.poll(() => page.url()).toBe(url);
    const schema = await fetch(`${url}schemas/plugins/bridge.schema.json`);
    expect(schema.headers.get('content-type')).toContain('json');
    expect(((await schema.json()) as { title?: string }).title).toBe('bridge');
    // The refused probe is the one error the browser logs (its 401), and it is the stale token's.
    expect(s!.errors.filter((e) => !(e.includes('status of 401') && e.includes(`127.0.0.1:${ports[1]}/api/probe`)))).toEqual([]);
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
