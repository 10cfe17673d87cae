// The live lab as a workbench, against a real helper (which serves the built app) and the real plugins,
// at 1280×720 and 1920×1080: the helper URL defaults to the page's origin, the run buttons say why they
// are disabled, bridge + portmap run for real with IPv4 and IPv6, the topology wires the host veth whose
// peer index is eth0 to eth0 and shows the DNAT rule the run added, each element shows its record, an
// edited or replaced network marks the run stale, and a busy helper is waited for.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOTS, VIEWPORTS, type Session, type Viewport } from './support/browser';
import { axeViolations } from './support/axe';
import { Studio } from './support/studio';
import { importWithPortMapping, LAB_READY as ready, SYSTEM_CNI_PATH, useLabHelper } from './support/lab';
import { fixturePlugins } from '../src/helper/fixture-plugins';

const FIXTURES = fixturePlugins();
const CI = process.env.CI === 'true' || process.env.CI === '1';
const TOKEN = 'e2e-workbench-token-0123456789';

describe('live lab workbench', () => {
  it(`has root and the plugins${CI ? ' (required in CI)' : ''}`, () => {
    if (CI) expect(ready).toBe(true);
  });
});

const studioBox = async (page: Session['page'], selector: string) => (await page.locator(selector).boundingBox())!;

/**
 * Another client's run that holds the helper: its second plugin hangs until `release()` (the client goes
 * away). Resolves once the hanging plugin has started; fails if that run ends first.
 */
async function holdHelper(url: string, name: string): Promise<{ release(): Promise<void> }> {
  const other = new AbortController();
  const response = await fetch(`${url}/api/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ conflist: { cniVersion: '1.0.0', name, plugins: [{ type: 'loopback' }, { type: 'hang' }] }, operations: ['ADD'], timeoutMs: 60_000 }),
    signal: other.signal,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let seen = '';
  while (!seen.includes('"pluginType":"hang"')) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`the other run ended before its hang plugin started: ${seen.slice(-400)}`);
    seen += decoder.decode(value, { stream: true });
  }
  return {
    release: async () => {
      other.abort();
      await reader.cancel().catch(() => undefined);
    },
  };
}

function scenario(name: 'laptop' | 'desktop', viewport: Viewport, n: number) {
  describe.runIf(ready)(`live lab workbench at ${viewport.width}×${viewport.height}`, () => {
    // The fixtures' directory first: its `hang` plugin makes a run that holds the helper until stopped.
    const helper = useLabHelper(`cni-studio-lab-wb-${name}`, viewport, TOKEN, [FIXTURES, ...SYSTEM_CNI_PATH]);
    const tmp = helper.tmp;
    const server = { get url() { return helper.server().url; } };
    const network = {
      cniVersion: '1.0.0',
      name: `cnistudio-wb${n}`,
      plugins: [
        { type: 'bridge', bridge: `cnistudio-wb${n}`, isGateway: true, ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: `10.244.23${n}.0/24` }], [{ subnet: `fd00:c5:23${n}::/64` }]], routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0' }], dataDir: join(tmp, 'ipam') } },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    };
    const s = { get page() { return helper.session().page; }, get errors() { return helper.session().errors; } } as Pick<Session, 'page' | 'errors'>;
    const shot = (what: string) => s.page.screenshot({ path: join(SCREENSHOTS, `lab-workbench-${what}-${name}.png`) });
    /** Imports loopback then a test plugin as the network `network`, and runs ADD from the Live lab tab. */
    const addAfterLoopback = async (type: string, network: string) => {
      const studio = new Studio(s.page);
      await studio.importText(JSON.stringify({ cniVersion: '1.0.0', name: network, plugins: [{ type: 'loopback' }, { type }] }));
      await studio.expectChain(['loopback', type]);
      await s.page.getByTestId('tab-lab').click();
      await s.page.getByTestId('lab-run-ADD').click();
    };

    it("defaults the helper URL to the page's origin, and says why the run buttons are disabled", async () => {
      const { page } = s;
      await page.getByTestId('tab-lab').click();
      await expect.poll(() => page.getByTestId('lab-url').inputValue()).toBe(server.url);
      const add = page.getByTestId('lab-run-ADD');
      expect(await add.isDisabled()).toBe(true);
      const why = await add.getAttribute('aria-describedby');
      expect(await page.locator(`#${why}`).textContent()).toBe('Connect to a helper first.');
      await page.getByTestId('lab-token').fill(TOKEN);
      await page.getByTestId('lab-connect').click();
      await expect.poll(() => page.getByTestId('lab-probe').textContent(), { timeout: 10_000 }).toContain('root');
      // Connected, but the new network has no plugins: the reason changes.
      expect(await page.getByTestId('lab-run-why').textContent()).toBe('Add a plugin first: the network has none.');
      expect(await axeViolations(page)).toEqual([]);
    });

    it('runs bridge + portmap for real and draws what the run made: the veth wired by peer index, both families, routes, the DNAT rule', async () => {
      const { page } = s;
      // A port mapping, as the runtime would pass it (the preview's runtime inputs).
      await importWithPortMapping(page, network);
      expect(await page.getByTestId('lab-run-why').allTextContents()).toEqual([]);
      await page.getByTestId('lab-run-ADD').click();
      await expect.poll(() => page.getByTestId('lab-teardown').count(), { timeout: 30_000 }).toBe(1);
      expect(await page.locator('.react-flow__node.lab-ok').count()).toBe(2);
      // The real plugins' result says what the namespace holds.
      expect(await page.getByTestId('result-mismatches').count()).toBe(0);

      const topology = page.getByTestId('topology');
      await topology.scrollIntoViewIfNeeded();
      // One veth pair: the wire goes from the host veth to eth0, and their records name each other.
      const wire = topology.locator('[data-testid="topo-edge"][data-kind="veth-pair"]');
      expect(await wire.count()).toBe(1);
      expect(await wire.getAttribute('data-to')).toBe('ns:eth0');
      const vethId = (await wire.getAttribute('data-from'))!;
      expect(vethId).toMatch(/^host:veth/);
      const record = async (nodeId: string) => {
        await topology.locator(`[data-node-id="${nodeId}"] .topo-node-title`).click();
        return JSON.parse((await page.getByTestId('topo-record').textContent())!) as { link: { ifindex: number; link_index?: number; link_netnsid?: number } };
      };
      const veth = await record(vethId);
      const eth0 = await record('ns:eth0');
      expect(veth.link.link_index).toBe(eth0.link.ifindex);
      expect(eth0.link.link_index).toBe(veth.link.ifindex);
      expect(await topology.locator('[data-testid="topo-edge"][data-kind="bridge-port"]').getAttribute('data-from')).toBe(`host:cnistudio-wb${n}`);
      // The bridge's gateway addresses, the container's addresses of both families, and its routes.
      const bridge = topology.locator(`[data-node-id="host:cnistudio-wb${n}"]`);
      expect(await bridge.innerText()).toContain(`10.244.23${n}.1/24`);
      expect(await bridge.innerText()).toContain(`fd00:c5:23${n}::1/64`);
      const container = topology.locator('[data-node-id="ns:eth0"]');
      const text = await container.innerText();
      const v4 = new RegExp(`10\\.244\\.23${n}\\.\\d+/24`).exec(text)?.[0];
      const v6 = new RegExp(`fd00:c5:23${n}::[0-9a-f]+/64`).exec(text)?.[0];
      expect(v4).toBeDefined();
      expect(v6).toBeDefined();
      expect(text).toContain(`default via 10.244.23${n}.1`);
      expect(text).toContain(`default via fd00:c5:23${n}::1`);
      // The DNAT rule the run added, in words, wired to eth0; its iptables-save line on click.
      const dnat = topology.locator('[data-node-id^="rules:nat:CNI-DN-"]');
      expect(await dnat.innerText()).toContain(`port 8080 → forward to ${v4!.split('/')[0]}:80`);
      expect(await topology.locator('[data-testid="topo-edge"][data-kind="firewall"][data-to="ns:eth0"]').count()).toBeGreaterThan(0);
      await dnat.getByText(`forward to ${v4!.split('/')[0]}:80`).click();
      expect(await page.getByTestId('topo-record').textContent()).toMatch(new RegExp(`-p tcp -m tcp --dport 8080 -j DNAT --to-destination ${v4!.split('/')[0]!.replace(/\./g, '\\.')}:80$`));
      // An address shows its ip -j entry.
      await container.getByText(v6!).click();
      expect(JSON.parse((await page.getByTestId('topo-record').textContent())!)).toMatchObject({ family: 'inet6', local: v6!.split('/')[0], prefixlen: 64 });
      await shot('run');
      // Maximised (Ctrl+Shift+J), the bottom panel gives the picture the room to be read whole.
      await page.keyboard.press('Control+Shift+J');
      await expect.poll(async () => (await studioBox(page, '#wb-bottom')).height).toBeGreaterThan(viewport.height * 0.6);
      await topology.scrollIntoViewIfNeeded();
      await page.getByTestId('lab-observed').screenshot({ path: join(SCREENSHOTS, `lab-workbench-topology-${name}.png`) });
      await shot('run-maximised');
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Control+Shift+J');
      expect(await axeViolations(page)).toEqual([]);
      // Or the whole window: "View large" opens the picture in a dialog, every element still a button. Its
      // words fit in the button, clear of the heading's (an icon button's fixed 28 px once pushed them over it).
      const viewLarge = page.getByTestId('topology-large');
      expect(await viewLarge.evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
      const heading = await page.locator('.lab-observed-title').evaluate((h) => {
        const range = document.createRange();
        range.selectNodeContents(h.firstChild!);
        return range.getBoundingClientRect().right;
      });
      expect((await viewLarge.boundingBox())!.x).toBeGreaterThan(heading);
      await viewLarge.click();
      const large = page.getByTestId('topology-dialog');
      await large.waitFor();
      expect(await large.locator('[data-testid="topo-edge"][data-kind="veth-pair"]').count()).toBe(1);
      await large.locator('[data-node-id="ns:eth0"] .topo-node-title').click();
      expect(JSON.parse((await large.getByTestId('topo-record').textContent())!)).toMatchObject({ link: { ifname: 'eth0' } });
      await page.screenshot({ path: join(SCREENSHOTS, `lab-workbench-topology-large-${name}.png`) });
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect.poll(() => large.count()).toBe(0);
    });

    it('marks the run and the node colours stale once the network changes, and a replaced network has none', async () => {
      const { page } = s;
      const studio = new Studio(page);
      expect(await page.getByTestId('lab-stale').count()).toBe(0);
      await page.getByTestId('network-name').fill(`cnistudio-wb${n}-edited`);
      await page.getByTestId('network-name').press('Tab');
      await expect.poll(() => page.getByTestId('lab-stale').count()).toBe(1);
      expect(await page.getByTestId('lab-stale').textContent()).toContain('Ran on an earlier version of this network — run again.');
      expect(await page.getByTestId('lab-stale-note').textContent()).toContain('earlier version of this network');
      // The old run stays viewable (its topology is still there), its node outlines dashed.
      expect(await page.getByTestId('topology').count()).toBe(1);
      expect(await page.locator('.react-flow__node.lab-ok .node').first().evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('dashed');
      await shot('stale');
      expect(await axeViolations(page)).toEqual([]);
      // Undo brings the same content back: the run is current again.
      await page.locator('.react-flow__pane').click();
      await page.keyboard.press('Control+z');
      await expect.poll(() => page.getByTestId('lab-stale').count()).toBe(0);
      // Another network: none of the old run's colours.
      await page.getByRole('button', { name: 'Import' }).click();
      await page.getByTestId('import-text').fill(JSON.stringify({ cniVersion: '1.0.0', name: 'other', plugins: [{ type: 'loopback' }, { type: 'tuning' }] }));
      await page.getByRole('button', { name: 'Import', exact: true }).last().click();
      await page.getByRole('button', { name: 'Replace' }).click();
      await studio.expectChain(['loopback', 'tuning']);
      expect(await page.locator('.react-flow__node.lab-ok, .react-flow__node.lab-failed').count()).toBe(0);
      expect(await page.getByTestId('lab-stale').count()).toBe(1);
      expect(await page.getByTestId('lab-stale-note').count()).toBe(0);
    });

    it('offers to wait while the helper is busy with another run, and runs when it is free', async () => {
      const { page } = s;
      // Another client's run holds the helper: its second plugin hangs until the client goes away.
      const other = await holdHelper(server.url, `cnistudio-wb${n}-busy`);
      await page.getByTestId('lab-run-ADD').click();
      await expect.poll(() => page.getByTestId('lab-busy').count(), { timeout: 10_000 }).toBe(1);
      expect(await page.locator('.lab-main .rt-error').count()).toBe(0); // an offer, not a red error
      await page.getByTestId('lab-wait').click();
      await expect.poll(() => page.getByTestId('lab-waiting').count()).toBe(1);
      expect(await page.getByTestId('lab-waiting').textContent()).toContain('"other" (2 plugins) as it was when you clicked');
      expect(await page.getByTestId('lab-run-ADD').isDisabled()).toBe(true);
      await shot('waiting');
      expect(await axeViolations(page)).toEqual([]);
      // The other client goes away: its run is torn down, and ours starts on its own.
      const before = await page.getByTestId('lab-run-status').textContent();
      await other.release();
      await expect.poll(() => page.getByTestId('lab-waiting').count(), { timeout: 30_000 }).toBe(0);
      await expect.poll(async () => { const now = await page.getByTestId('lab-run-status').textContent(); return now !== before && now!.includes('succeeded'); }, { timeout: 30_000 }).toBe(true);
      expect(await page.getByTestId('lab-stale').count()).toBe(0);
      expect(await page.locator('.react-flow__node.lab-ok').count()).toBe(2);
    });

    it('while waiting, a changed network is not run without asking', async () => {
      const { page } = s;
      const other = await holdHelper(server.url, `cnistudio-wb${n}-busy2`);
      await page.getByTestId('lab-run-ADD').click();
      await page.getByTestId('lab-wait').click();
      await expect.poll(() => page.getByTestId('lab-waiting').count()).toBe(1);
      await page.getByTestId('network-name').fill('other-changed');
      await page.getByTestId('network-name').press('Tab');
      await other.release();
      await expect.poll(() => page.getByTestId('lab-changed').count(), { timeout: 30_000 }).toBe(1);
      await shot('changed');
      const before = await page.getByTestId('lab-run-status').textContent();
      await page.getByTestId('lab-run-current').click();
      await expect.poll(async () => { const now = await page.getByTestId('lab-run-status').textContent(); return now !== before && now!.includes('succeeded'); }, { timeout: 30_000 }).toBe(true);
      expect(await page.getByTestId('lab-stale').count()).toBe(0); // it ran the network shown
    });

    it('the busy offer goes by itself once the helper is free, and leaves the buttons free meanwhile', async () => {
      const { page } = s;
      const other = await holdHelper(server.url, `cnistudio-wb${n}-busy3`);
      await page.getByTestId('lab-run-ADD').click();
      await expect.poll(() => page.getByTestId('lab-busy').count(), { timeout: 10_000 }).toBe(1);
      // No wait was asked for: nothing says there is one, and another click asks the helper again.
      expect(await page.getByTestId('lab-run-ADD').isDisabled()).toBe(false);
      expect(await page.getByTestId('lab-run-why').count()).toBe(0);
      await other.release();
      await expect.poll(() => page.getByTestId('lab-busy').count(), { timeout: 30_000 }).toBe(0);
      await expect.poll(() => page.getByTestId('notice').textContent()).toContain('The helper is free now');
    });

    it('STATUS + GC below spec 1.1.0: each operation named in the timeline, those that called no plugin with why, GC\'s DELs as such', async () => {
      const { page } = s;
      const studio = new Studio(page);
      await studio.importText(JSON.stringify({ cniVersion: '1.0.0', name: `cnistudio-wb${n}-gc`, plugins: [{ type: 'loopback' }, { type: 'tuning' }] }));
      await studio.expectChain(['loopback', 'tuning']);
      await page.getByTestId('tab-lab').click();
      const before = await page.getByTestId('lab-run-status').textContent();
      await page.getByTestId('lab-run-ADD-STATUS-GC-GC').click();
      await expect.poll(async () => { const now = await page.getByTestId('lab-run-status').textContent(); return now !== before && now!.includes('succeeded'); }, { timeout: 30_000 }).toBe(true);
      const ops = await page.getByTestId('lab-operation').allInnerTexts();
      expect(ops.map((t) => t.split(/\s/)[0])).toEqual(['ADD', 'STATUS', 'GC', 'GC']);
      expect(ops[1]).toContain('no plugin called: configuration version "1.0.0" is below 1.1.0');
      expect(ops[2]).toContain('No attachment was stale');
      expect(ops[3]).not.toContain('no plugin called');
      const steps = await page.getByTestId('lab-step').allInnerTexts();
      expect(steps.filter((t) => t.startsWith('GC: DEL of a stale attachment, DEL'))).toHaveLength(2);
      await shot('operations');
    });

    it('a run whose token the helper refuses (it restarted with a new one) says so, and the panel is no longer connected', async () => {
      const { page } = s;
      await page.route('**/api/runs', (route) => route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ error: 'unauthorized', message: 'A valid bearer token is required (printed by the helper at start).' }) }));
      try {
        await page.getByTestId('lab-run-ADD').click();
        await expect.poll(() => page.getByTestId('lab').textContent(), { timeout: 10_000 }).toContain('The helper refused the token: it may have restarted with a new one.');
        expect(await page.getByTestId('lab-probe').count()).toBe(0);
        expect(await page.getByTestId('lab-run-ADD').isDisabled()).toBe(true);
      } finally {
        await page.unroute('**/api/runs');
      }
      // Connected again with the same (still valid) token.
      await page.getByTestId('lab-connect').click();
      await expect.poll(() => page.getByTestId('lab-probe').count(), { timeout: 30_000 }).toBe(1);
    });

    it("tells a failure of the lab machine's kernel from one of the configuration", async () => {
      const { page } = s;
      await addAfterLoopback('unsupported', `cnistudio-wb${n}-limit`);
      await expect.poll(() => page.getByTestId('lab-machine-limit').count(), { timeout: 30_000 }).toBe(1);
      expect(await page.getByTestId('lab-machine-limit').textContent()).toContain("The lab machine's kernel does not support something the plugin asked of it");
      expect(await page.getByTestId('lab-step').filter({ hasText: 'ADD 2. unsupported' }).textContent()).toContain('operation not supported');
      await shot('machine-limit');
      expect(await axeViolations(page)).toEqual([]);
      // The step-by-step replay says it at that step too.
      await page.getByTestId('lab-replay-start').click();
      while ((await page.getByTestId('replay-machine-limit').count()) === 0 && (await page.getByTestId('replay-next').isEnabled())) await page.getByTestId('replay-next').click();
      expect(await page.getByTestId('replay-machine-limit').textContent()).toContain('does not support');
      await page.getByTestId('replay-close').click();
    });

    it("says why a CHECK fails where lint knows the plugin's behaviour: bridge without IPAM (CNI638), in the timeline and the replay", async () => {
      const { page } = s;
      const studio = new Studio(page);
      await studio.importText(JSON.stringify({ cniVersion: '1.0.0', name: `cnistudio-wb${n}-l2`, plugins: [{ type: 'bridge', bridge: `cnistudio-wl${n}` }] }));
      await studio.expectChain(['bridge']);
      await page.getByTestId('tab-lab').click();
      await page.getByTestId('lab-run-ADD-CHECK-DEL').click();
      await expect.poll(() => page.getByTestId('lab-failure-note').count(), { timeout: 30_000 }).toBe(1);
      expect(await page.getByTestId('lab-failure-note').textContent()).toContain("bridge's CHECK runs its IPAM plugin's CHECK even when it has none, as here: every CHECK fails (CNI638)");
      expect(await page.getByTestId('lab-step').filter({ hasText: 'CHECK 1. bridge' }).textContent()).toContain('no plugin name provided');
      await shot('failure-note');
      await page.getByTestId('lab-replay-start').click();
      while ((await page.getByTestId('replay-failure-note').count()) === 0 && (await page.getByTestId('replay-next').isEnabled())) await page.getByTestId('replay-next').click();
      expect(await page.getByTestId('replay-failure-note').textContent()).toContain('(CNI638)');
      await page.getByTestId('replay-close').click();
    });

    it('names each claim of a result the namespace contradicts, though the plugin exited 0', async () => {
      const { page } = s;
      await addAfterLoopback('liar', `cnistudio-wb${n}-liar`);
      // The run before this one failed: this one succeeds, with a word on its result.
      await expect.poll(() => page.getByTestId('lab-run-status').textContent(), { timeout: 30_000 }).toContain('succeeded, but its result does not match the namespace');
      expect(await page.getByTestId('result-mismatch').allTextContents()).toEqual([
        '/interfaces/1/name The result says the container has an interface eth0, but the namespace has none of that name (it has lo). First claimed by plugin 2 (liar).',
        '/ips/0/address The result gives the container 10.99.0.5/24 on lo, but lo in the namespace does not have that address. First claimed by plugin 2 (liar).',
        '/ips/1/address The result gives the container 127.0.0.1/24, but lo in the namespace has 127.0.0.1/8: a different prefix, so a different subnet on the link. First claimed by plugin 2 (liar).',
      ]);
      // On the canvas the liar is not shown as fine: its node is marked, and named so; loopback's stays ok.
      expect(await page.locator('.react-flow__node.lab-contradicted').getAttribute('aria-label')).toBe('Plugin 2: liar, its result in the live run does not match the namespace');
      expect(await page.locator('.react-flow__node.lab-ok').count()).toBe(1);
      // The timeline's step says so too; loopback's is a plain success.
      expect(await page.getByTestId('lab-step').filter({ hasText: 'ADD 2. liar' }).textContent()).toContain('ok, but its result does not match the namespace');
      expect(await page.getByTestId('lab-step').filter({ hasText: 'ADD 1. loopback' }).textContent()).toContain('loopback — ok ·');
      await page.getByTestId('result-mismatches').scrollIntoViewIfNeeded();
      await shot('result-mismatches');
      expect(await axeViolations(page)).toEqual([]);
    });
  });
}

scenario('laptop', VIEWPORTS.laptop, 3);
scenario('desktop', VIEWPORTS.desktop, 4);
