// The live lab proves the network works (issue 14), against a real helper serving the built app and the
// real plugins, at 1280×720 and 1920×1080: bridge (isGateway, ipMasq) + portmap with two containers and
// reachability checks. The matrix shows ping between the containers, the host port from the client
// namespace and masquerade to the outside passing; a cell opens the command it ran; each container has
// its tab; the topology draws both containers and the checks' client and outside namespaces.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOTS, VIEWPORTS, type Session, type Viewport } from './support/browser';
import { axeViolations } from './support/axe';
import { screenProblems } from './support/screen';
import { connectLab, importWithPortMapping, LAB_READY as ready, useLabHelper } from './support/lab';
const CI = process.env.CI === 'true' || process.env.CI === '1';
const TOKEN = 'e2e-checks-token-0123456789abcdef';
// Two containers, the checks' client and outside namespaces, on a busy 2-core machine: give it time.
const RUN_TIMEOUT = 150_000;

describe('live lab checks', () => {
  it(`has root and the plugins${CI ? ' (required in CI)' : ''}`, () => {
    if (CI) expect(ready).toBe(true);
  });
});

function scenario(name: 'laptop' | 'desktop', viewport: Viewport, n: number) {
  describe.runIf(ready)(`live lab checks at ${viewport.width}×${viewport.height}`, () => {
    const helper = useLabHelper(`cni-studio-lab-checks-${name}`, viewport, TOKEN);
    const tmp = helper.tmp;
    const network = {
      cniVersion: '1.0.0',
      name: `cnistudio-wc${n}`,
      plugins: [
        { type: 'bridge', bridge: `cnistudio-wc${n}`, isGateway: true, ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: `10.244.24${n}.0/24` }], [{ subnet: `fd00:c5:24${n}::/64` }]], routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0' }], dataDir: join(tmp, 'ipam') } },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    };
    const hostPort = 18100 + n;
    const s = { get page() { return helper.session().page; } } as Pick<Session, 'page'>;
    const shot = (what: string) => s.page.screenshot({ path: join(SCREENSHOTS, `lab-checks-${what}-${name}.png`) });
    const cell = (kind: string, from: string, to: string, family?: string) => s.page.locator(`[data-testid="reach-table"][data-kind="${kind}"] [data-testid="reach-cell"][data-from="${from}"][data-to="${to}"]${family ? `[data-family="${family}"]` : ''}`);
    // A cell's verdict; one that did not pass brings its evidence (what the probe ran and printed), so a
    // failure in CI says why without a rerun.
    const verdict = async (c: ReturnType<typeof cell>) => {
      const v = await c.getAttribute('data-verdict');
      if (v === 'passed') return v;
      await c.click();
      return `${v}: ${await s.page.getByTestId('reach-evidence').innerText()}`;
    };

    it('asks for two containers and the checks; STATUS + GC says why it cannot run with two', async () => {
      const { page } = s;
      // The host port, as the runtime would pass it (the preview's runtime inputs).
      await importWithPortMapping(page, network, hostPort);
      await connectLab(page, TOKEN);

      expect(await page.getByTestId('lab-first-publishes').count()).toBe(0);
      await page.getByTestId('lab-containers').fill('2');
      // Two containers: only the first publishes the port by default (one host port forwards to one).
      expect(await page.getByTestId('lab-first-publishes').isChecked()).toBe(true);
      await page.getByLabel('Check reachability with real traffic').check();
      const gc = page.getByTestId('lab-run-ADD-STATUS-GC-GC');
      expect(await gc.isDisabled()).toBe(true);
      expect(await page.locator(`#${await gc.getAttribute('aria-describedby')}`).textContent()).toMatch(/^GC runs with one container/);
      expect(await page.getByTestId('lab-run-ADD').isDisabled()).toBe(false);
      expect(await axeViolations(page)).toEqual([]);
    });

    it('runs them for real and shows the matrix: ping c1 → c2, the host port from the client, masquerade to the outside', { timeout: RUN_TIMEOUT + 60_000 }, async () => {
      const { page } = s;
      await page.getByTestId('lab-run-ADD').click();
      await expect.poll(() => page.getByTestId('lab-teardown').count(), { timeout: RUN_TIMEOUT, interval: 500 }).toBe(1);
      expect(await page.getByTestId('lab-run-status').textContent()).toContain('2 containers');
      // On the canvas, each plugin says how it did in each container.
      for (const i of [0, 1]) expect(await page.getByTestId(`node-${i}`).getByTestId('node-containers').innerText()).toMatch(/^c1 ✓\s*ok\s*c2 ✓\s*ok$/);
      await page.getByTestId('reachability').scrollIntoViewIfNeeded();
      for (const family of ['ipv4', 'ipv6']) {
        expect(await verdict(cell('ping', 'c1', 'c2', family))).toBe('passed');
        expect(await cell('ping', 'c1', 'c2', family).textContent()).toContain(`${family === 'ipv4' ? 'v4' : 'v6'} passed`);
        expect(await verdict(cell('masquerade', 'c1', 'outside', family))).toBe('passed');
      }
      expect(await verdict(cell('hostPort', 'client', 'c1:80'))).toBe('passed');
      // Only c1 asked for the host port: no hostPort check aims at c2.
      expect(await page.locator('[data-testid="reach-cell"][data-to="c2:80"]').count()).toBe(0);
      expect(await cell('bandwidth', 'host', 'c1').textContent()).toContain('not applicable');
      const summary = await page.getByTestId('reach-summary').textContent();
      expect(summary).toMatch(/^\d+ passed, 0 failed, 1 not applicable\. Nothing failed that should have passed/);

      // A cell's evidence: the command the helper ran, in c1's namespace, and what it printed.
      await cell('hostPort', 'client', 'c1:80').click();
      const evidence = page.getByTestId('reach-evidence');
      expect(await evidence.locator('h5').textContent()).toBe('hostPort client → c1:80: passed');
      expect(await evidence.textContent()).toContain(`:${hostPort}`);
      await cell('ping', 'c1', 'c2', 'ipv4').click();
      const command = (await evidence.getByTestId('reach-evidence-command').first().textContent())!;
      expect(command).toMatch(new RegExp(`^\\$ ip netns exec \\S+ ping .*10\\.244\\.24${n}\\.\\d+\\n`));
      expect(command).toContain('0% packet loss');
      await shot('matrix');
      expect(await axeViolations(page)).toEqual([]);
      expect(await screenProblems(page)).toEqual([]);
    });

    it("shows each container in its tab: c2's own namespace, plugin results and address", async () => {
      const { page } = s;
      const tabs = page.getByRole('tablist', { name: 'Containers of the run' }).getByRole('tab');
      expect(await tabs.allTextContents()).toEqual(['container c1', 'container c2']);
      const panel = page.getByTestId('lab-container-panel');
      const c1Address = /10\.244\.24\d\.\d+\/24/.exec((await panel.getByTestId('observed-addresses').textContent())!)?.[0];
      expect(c1Address).toBeDefined();
      expect(await panel.getByTestId('lab-step').allTextContents()).toEqual([expect.stringMatching(/^c1 · ADD 1\. bridge — ok/), expect.stringMatching(/^c1 · ADD 2\. portmap — ok/), expect.stringMatching(/^c1 · \[teardown\] DEL 2\. portmap — ok/), expect.stringMatching(/^c1 · \[teardown\] DEL 1\. bridge — ok/)]);
      // By keyboard: the arrow key moves to c2, whose address is another one of the same subnet.
      await tabs.first().focus();
      await page.keyboard.press('ArrowRight');
      expect(await tabs.nth(1).getAttribute('aria-selected')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('container c2');
      expect(await panel.getByTestId('lab-container-netns').textContent()).toMatch(/^c2: namespace \S+ · container id \S+-2$/);
      const c2Address = new RegExp(`10\\.244\\.24${n}\\.\\d+/24`).exec((await panel.getByTestId('observed-addresses').textContent())!)?.[0];
      expect(c2Address).toBeDefined();
      expect(c2Address).not.toBe(c1Address);
      expect((await panel.getByTestId('lab-step').allTextContents()).every((t) => t.startsWith('c2 · '))).toBe(true);
      await shot('c2');
      expect(await axeViolations(page)).toEqual([]);
    });

    it('draws both containers and the client and outside namespaces in the topology, in light and dark', async () => {
      const { page } = s;
      // Maximised (Ctrl+Shift+J), the bottom panel gives the picture the room to be read.
      await page.keyboard.press('Control+Shift+J');
      const topology = page.getByTestId('topology');
      await topology.scrollIntoViewIfNeeded();
      const clusters = topology.getByTestId('topo-cluster');
      expect(await clusters.allTextContents()).toEqual(['host (what the run added)', 'container c1', 'container c2', 'client namespace (hostPort checks)', 'outside namespace (stands in for the uplink)']);
      // Each container's eth0 wired to its own host veth on the bridge.
      const wires = topology.locator('[data-testid="topo-edge"][data-kind="veth-pair"]');
      const ends = await wires.evaluateAll((els) => els.map((e) => e.getAttribute('data-to')));
      expect(ends.filter((e) => /^c\d:/.test(e!))).toEqual(['c1:eth0', 'c2:eth0']);
      expect(ends.filter((e) => /^(client|outside):/.test(e!)).map((e) => e!.split(':')[0])).toEqual(['client', 'outside']);
      expect(await topology.locator('[data-node-id^="outside:"]').innerText()).toContain('198.18.');
      await shot('topology');
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Control+Shift+J');
      // The whole window: "View large" draws the same boxes in a dialog.
      await page.getByTestId('topology-large').click();
      const large = page.getByTestId('topology-dialog');
      await large.waitFor();
      expect(await large.getByTestId('topo-cluster').count()).toBe(5);
      await page.screenshot({ path: join(SCREENSHOTS, `lab-checks-topology-large-${name}.png`) });
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect.poll(() => large.count()).toBe(0);
      // Dark: the matrix's colours and words still read (axe checks the contrast).
      await page.getByRole('button', { name: 'Toggle dark theme' }).click();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await page.getByTestId('reachability').scrollIntoViewIfNeeded();
      // The pointer leaves the theme button, as a person's does: its tooltip fading in is not what is checked.
      await page.getByTestId('reach-summary').hover();
      await shot('matrix-dark');
      expect(await axeViolations(page)).toEqual([]);
      expect(await screenProblems(page)).toEqual([]);
      await page.getByRole('button', { name: 'Toggle dark theme' }).click();
    });

    it('replays the run: each container\'s ADDs in turn, then the traffic the checks sent, where it was sent', async () => {
      const { page } = s;
      await page.getByTestId('lab-replay-start').click();
      const now = page.getByTestId('replay-now');
      await expect.poll(() => now.innerText()).toMatch(/c1 · ADD 1\. bridge/);
      // c1's bridge and portmap, c2's bridge and portmap, then the traffic (before any DEL).
      const seen: string[] = [];
      for (let i = 0; i < 5; i++) {
        seen.push(await now.innerText());
        await page.getByTestId('replay-next').click();
      }
      expect(seen.slice(0, 4).map((t) => /c\d · ADD \d\. \w+/.exec(t)?.[0])).toEqual(['c1 · ADD 1. bridge', 'c1 · ADD 2. portmap', 'c2 · ADD 1. bridge', 'c2 · ADD 2. portmap']);
      expect(seen[4]).toContain('The traffic');
      await page.getByTestId('replay-prev').click();
      const checks = page.getByTestId('replay-check');
      await expect.poll(() => checks.count()).toBeGreaterThan(10);
      const lines = await checks.allInnerTexts();
      expect(lines.some((l) => /ping c1 → c2 \(IPv4\): passed/.test(l))).toBe(true);
      expect(lines.some((l) => /hostPort client → c1:80: passed/.test(l))).toBe(true);
      await shot('replay-traffic');
      expect(await axeViolations(page)).toEqual([]);
      expect(await screenProblems(page)).toEqual([]);
      await page.getByTestId('replay-close').click();
    });
  });
}

scenario('laptop', VIEWPORTS.laptop, 1);
scenario('desktop', VIEWPORTS.desktop, 2);
