import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SCREENSHOTS } from './support/browser';
import { Editor, useStudio } from './support/studio';
import { tempDir } from './support/files';

const work = tempDir('cni-studio-e2e-');
const shot = (name: string) => app.session.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

const app = useStudio();

describe('chain canvas', () => {
  it('builds bridge + host-local + portmap + tuning by dragging', async () => {
    await app.studio.dropFromPalette('bridge', await app.studio.canvasCentre());
    await app.studio.expectChain(['bridge']);
    // The bridge arrives with host-local; detach it and attach it again by dragging it onto the bridge.
    await app.studio.detachIpam(0);
    await app.studio.dropIpamOnto(0, 'host-local');
    const bridge = await app.studio.box(app.studio.node(0));
    // Append tuning to the right of the bridge.
    await app.studio.dropFromPalette('tuning', { x: bridge.x + bridge.width + 120, y: bridge.y + 20 });
    await app.studio.expectChain(['bridge', 'tuning']);
    // Drop portmap on the edge between them: it is spliced in.
    const a = await app.studio.box(app.studio.node(0));
    const b = await app.studio.box(app.studio.node(1));
    await app.studio.dropFromPalette('portmap', { x: (a.x + a.width + b.x) / 2, y: a.y + 20 });
    await app.studio.expectChain(['bridge', 'portmap', 'tuning']);
    await expect.poll(() => app.studio.counts()).toContain('0 errors · 0 warnings');
    await shot('canvas-built');
    // Named for screen readers by what they are (React Flow's default named them by internal ids), and Tab
    // goes node to node: edges say the order and are not stops of their own.
    const { page } = app.session;
    const labels = (selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(await labels('.react-flow__node')).toEqual(expect.arrayContaining(['Plugin 1: bridge', 'IPAM of plugin 1: host-local', 'Plugin 2: portmap', 'Plugin 3: tuning']));
    expect(await labels('.react-flow__edge')).toEqual(expect.arrayContaining(['Plugin 1 hands its result to plugin 2 (portmap)', 'Plugin 2 hands its result to plugin 3 (tuning)', 'Plugin 1 (bridge) delegates to host-local']));
    expect(await page.locator('.react-flow__edge[tabindex]').count()).toBe(0);
  });

  // Issue 13: learners may make the mistakes runtimes make; the finding says why ADD would fail.
  it('takes a chained plugin in first place and says why it will fail', async () => {
    const { page } = app.session;
    const first = await app.studio.box(app.studio.node(0));
    // Just left of the bridge (the fitted chain leaves a narrow margin there).
    await app.studio.dropFromPalette('bandwidth', { x: first.x - 10, y: first.y + 20 });
    await app.studio.expectChain(['bandwidth', 'bridge', 'portmap', 'tuning']);
    await expect.poll(() => page.locator('[data-code="CNI300"]').first().textContent()).toContain('bandwidth needs a previous result: it cannot be first');
    await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await app.studio.expectChain(['bridge', 'portmap', 'tuning']);
  });

  it('reorders by dragging a node, with undo and redo from the keyboard', async () => {
    const { page } = app.session;
    const portmap = await app.studio.box(app.studio.node(1));
    await app.studio.dragNode(app.studio.node(2), { x: portmap.x - 10, y: portmap.y + 60 });
    await app.studio.expectChain(['bridge', 'tuning', 'portmap']);
    await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await app.studio.expectChain(['bridge', 'portmap', 'tuning']);
    await page.keyboard.press('Control+Shift+z');
    await app.studio.expectChain(['bridge', 'tuning', 'portmap']);
    // Moving the bridge away from the front is taken too: tuning runs first, and the finding says it fails.
    const last = await app.studio.box(app.studio.node(2));
    await app.studio.dragNode(app.studio.node(0), { x: last.x + 40, y: last.y + 10 });
    await app.studio.expectChain(['tuning', 'portmap', 'bridge']);
    await expect.poll(() => page.locator('[data-code="CNI300"]').first().textContent()).toContain('Required prevResult missing');
    await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await app.studio.expectChain(['bridge', 'tuning', 'portmap']);
  });

  it('claims the pointer moves of a pan that starts in the canvas, and only those', async () => {
    const { page } = app.session;
    // The workbench's panel library looks for a resize handle under every unclaimed move (reading every
    // panel's box); a pan's moves are the canvas's. Focus is in the palette's search first: the press moves
    // it, and the blur that follows must not end the gesture.
    await page.getByRole('searchbox', { name: 'Search plugins' }).click();
    await page.evaluate("window.__moves = []; document.addEventListener('pointermove', (e) => { if (e.buttons) window.__moves.push(e.defaultPrevented); })");
    const pane = await app.studio.box(page.locator('.react-flow__pane'));
    const moves = () => page.evaluate('window.__moves.splice(0)') as Promise<boolean[]>;
    await page.mouse.move(pane.x + 8, pane.y + pane.height - 8);
    await page.mouse.down();
    await page.mouse.move(pane.x + 60, pane.y + pane.height - 30, { steps: 6 });
    await page.mouse.up();
    const pan = await moves();
    expect(pan.length).toBeGreaterThan(0);
    expect(pan.every(Boolean)).toBe(true);
    // A press elsewhere (the palette) is nobody's gesture, even when it moves over the canvas.
    const palette = await app.studio.box(page.getByRole('navigation', { name: 'Plugin palette' }));
    await page.mouse.move(palette.x + palette.width / 2, palette.y + 8);
    await page.mouse.down();
    await page.mouse.move(pane.x + 40, pane.y + 40, { steps: 6 });
    await page.mouse.up();
    const other = await moves();
    expect(other.length).toBeGreaterThan(0);
    expect(other.some(Boolean)).toBe(false);
  });

  it('a node selected by a click takes the focus with it, Shift held or not, so Delete acts on the ringed node', async () => {
    const { page } = app.session;
    const focusedType = () => page.evaluate(() => document.activeElement?.closest('.react-flow__node')?.querySelector('.plugin-node')?.getAttribute('data-type') ?? null);
    await app.studio.node(0).click();
    await expect.poll(focusedType).toBe('bridge');
    await app.studio.node(2).click({ modifiers: ['Shift'] });
    await expect.poll(() => page.locator('.react-flow__node.selected .plugin-node').getAttribute('data-type')).toBe('portmap');
    await expect.poll(focusedType).toBe('portmap');
  });

  it('keeps the work across a reload (autosave), with the plugin that was selected and its editor', async () => {
    const { page } = app.session;
    await app.studio.node(1).click();
    await expect.poll(() => page.locator('.react-flow__node.selected .plugin-node').getAttribute('data-type')).toBe('tuning');
    await page.reload();
    await app.studio.expectChain(['bridge', 'tuning', 'portmap']);
    expect(await page.getByTestId('ipam-0').getAttribute('data-type')).toBe('host-local');
    await expect.poll(() => page.locator('.react-flow__node.selected .plugin-node').getAttribute('data-type')).toBe('tuning');
    const editor = new Editor(page);
    await editor.ready();
    expect(await editor.text()).toContain('"type": "tuning"');
  });

  it('downloads a conflist that cni-studio lint accepts', async () => {
    const { page } = app.session;
    await page.getByTestId('export').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
    expect(download.suggestedFilename()).toBe('10-mynet.conflist');
    const file = join(work, download.suggestedFilename());
    await download.saveAs(file);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.plugins.map((p: { type: string }) => p.type)).toEqual(['bridge', 'tuning', 'portmap']);
    const out = execFileSync(process.execPath, [resolve('bin/cni-studio.cjs'), 'lint', file], { encoding: 'utf8' });
    expect(out).toContain('1 file(s): 0 error(s), 0 warning(s)');
  });

  it('imports a file with a defect, shows it on the node, and fixes it from the Problems panel', async () => {
    const { page } = app.session;
    const file = join(work, '20-lab.conflist');
    writeFileSync(
      file,
      '{\n  // lab network\n  "cniVersion": "1.0.0",\n  "name": "lab",\n  "plugins": [\n    { "type": "bridge", "bridge": "lab0", "mtu": "1500",\n      "ipam": { "type": "host-local", "ranges": [[{ "subnet": "10.30.0.5/24" }]] } },\n    { "type": "portmap", "capabilities": { "portMappings": true } },\n  ]\n}\n',
    );
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('confirm-ok').click(); // replaces the current network, which has plugins
    await app.studio.expectChain(['bridge', 'portmap']);
    await expect.poll(() => page.getByTestId('import-notes').textContent()).toContain('CNI002');
    expect(await page.getByTestId('import-notes').textContent()).toContain('CNI003');
    // The type error is on the bridge node's badge; the host bits error on its IPAM node.
    await expect.poll(() => app.studio.node(0).getByTestId('node-badge').textContent()).toBe('1');
    expect(await page.getByTestId('ipam-0').getByTestId('node-badge').textContent()).toBe('1');
    await shot('canvas-import-defect');
    for (const code of ['CNI202', 'CNI411']) {
      await page.locator(`[data-code="${code}"]`).getByTestId('apply-fix').click();
    }
    await expect.poll(() => app.studio.counts()).toContain('0 errors');
    expect(await app.studio.node(0).getByTestId('node-badge').count()).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => app.studio.counts()).toContain('1 error ·');
  });

  it('reads keys written in another case as libcni does: "Type" names the plugin, and the fix writes "type"', async () => {
    const { page } = app.session;
    await app.studio.importText(JSON.stringify({ cniVersion: '1.0.0', name: 'cased', plugins: [{ Type: 'ptp', IPAM: { Type: 'host-local', subnet: '10.31.0.0/24' } }, { Type: 'tuning', Capabilities: { mac: true } }] }));
    await app.studio.expectChain(['ptp', 'tuning']);
    // cnitool runs this config: no error, a warning per key to write as documented.
    await expect.poll(() => app.studio.counts()).toMatch(/^0 errors · 5 warnings/);
    // One fix at a time, each waited for: the panel draws the findings a frame or two after a change, so a count
    // read right after a click can still include the row just fixed (CI clicked such a row and waited 30 s).
    const rows = page.locator('[data-code="CNI204"]');
    for (let n = await rows.count(); n > 0; n = await rows.count()) {
      await rows.first().getByTestId('apply-fix').click();
      await expect.poll(() => rows.count()).toBeLessThan(n);
    }
    await expect.poll(() => app.studio.counts()).toMatch(/^0 errors · 0 warnings/);
    // The autosaved document has the keys as documented.
    const saved = () => page.evaluate(() => (JSON.parse(localStorage.getItem('cni-studio.document.v1') ?? '{"doc":{}}') as { doc: { plugins?: unknown[] } }).doc.plugins);
    await expect.poll(saved).toEqual([{ type: 'ptp', ipam: { type: 'host-local', subnet: '10.31.0.0/24' } }, { type: 'tuning', capabilities: { mac: true } }]);
  });

  it('draws the IPAM a plugin reads as "IPAM", opens the editor at that key, and detaching it leaves no spelling behind', async () => {
    const { page } = app.session;
    // cnitool runs bridge with "IPAM": host-local gives the address (the preview says so too).
    await app.studio.importText(JSON.stringify({ cniVersion: '1.0.0', name: 'upper', plugins: [{ type: 'bridge', bridge: 'up0', IPAM: { type: 'host-local', subnet: '10.32.0.0/24' }, ipam: null }, { type: 'portmap', capabilities: { portMappings: true } }] }));
    await app.studio.expectChain(['bridge', 'portmap']);
    await expect.poll(() => page.getByTestId('ipam-0').getAttribute('data-type')).toBe('host-local');
    await expect.poll(() => page.getByTestId('ipam-0').textContent()).toContain('10.32.0.0/24');
    // Its findings are the IPAM's, in the Problems panel too.
    await expect.poll(() => page.locator('[data-code="CNI204"]').first().textContent()).toContain('1. bridge › ipam');
    // Selecting it puts the plugin's editor on the key it is read from.
    await page.getByTestId('ipam-0').click();
    // The line Monaco highlights as the cursor's is the one that holds "IPAM".
    const cursorLine = () =>
      page.evaluate(() => {
        const top = (document.querySelector('.monaco-editor .current-line')?.parentElement as HTMLElement | null)?.style.top;
        return [...document.querySelectorAll<HTMLElement>('.monaco-editor .view-line')].find((l) => l.style.top === top)?.textContent ?? '';
      });
    await expect.poll(cursorLine).toContain('"IPAM"');
    await shot('canvas-ipam-spelled');
    await app.studio.detachIpam(0);
    const saved = () => page.evaluate(() => (JSON.parse(localStorage.getItem('cni-studio.document.v1') ?? '{"doc":{}}') as { doc: { plugins?: unknown[] } }).doc.plugins);
    await expect.poll(saved).toEqual([{ type: 'bridge', bridge: 'up0' }, { type: 'portmap', capabilities: { portMappings: true } }]);
  });

  it('checks every spelling Go decodes: one that does not decode is an error, and a null spelling is skipped', async () => {
    const { page } = app.session;
    // Measured with cnitool: bridge refuses "MTU": "x" beside "mtu"; tuning runs for "Type" beside a null "type".
    await app.studio.importText(JSON.stringify({ cniVersion: '1.0.0', name: 'spelled', plugins: [{ type: 'bridge', bridge: 'sp0', MTU: 'x', mtu: 1400, ipam: { type: 'host-local', ranges: [[{ subnet: '10.22.0.0/16' }]] } }, { Type: 'tuning', type: null, mtu: 1400 }] }));
    await app.studio.expectChain(['bridge', 'tuning']);
    await expect.poll(() => app.studio.counts()).toMatch(/^1 error · 1 warning/);
    await page.locator('[data-code="CNI202"]').getByTestId('apply-fix').click();
    await page.locator('[data-code="CNI204"]').getByTestId('apply-fix').click();
    await expect.poll(() => app.studio.counts()).toMatch(/^0 errors · 0 warnings/);
    const saved = () => page.evaluate(() => (JSON.parse(localStorage.getItem('cni-studio.document.v1') ?? '{"doc":{}}') as { doc: { plugins?: unknown[] } }).doc.plugins);
    await expect.poll(saved).toEqual([{ type: 'bridge', bridge: 'sp0', mtu: 1400, ipam: { type: 'host-local', ranges: [[{ subnet: '10.22.0.0/16' }]] } }, { type: 'tuning', mtu: 1400 }]);
  });

  it('applies the fix of the row clicked after the plugins were reordered', async () => {
    const { page } = app.session;
    // Two type errors with a fix each; rows are kept across the reorder (keyed by plugin), and each must then
    // fix its plugin where it now stands, not where it stood.
    await app.studio.importText(JSON.stringify({ cniVersion: '1.0.0', name: 'fixes', plugins: [{ type: 'bridge', bridge: 'fx0', mtu: '1500' }, { type: 'tuning', mtu: '9000' }] }));
    await app.studio.expectChain(['bridge', 'tuning']);
    await expect.poll(() => page.locator('[data-code="CNI202"]').count()).toBe(2);
    await app.studio.node(1).click();
    await page.keyboard.press('Alt+ArrowLeft');
    await app.studio.expectChain(['tuning', 'bridge']);
    // The move gives the moved node the focus; the fix's button is reached after that, as a person would.
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.react-flow__node')?.textContent ?? '')).toContain('tuning');
    const tuningRow = page.locator('[data-code="CNI202"]', { hasText: '1. tuning' });
    await expect.poll(() => tuningRow.count()).toBe(1);
    // From the keyboard: the fixed row goes, and the focus goes to the finding that takes its place.
    await tuningRow.getByTestId('apply-fix').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-code="CNI202"]').count()).toBe(1);
    expect(await page.locator('[data-code="CNI202"]').textContent()).toContain('2. bridge');
    await expect.poll(() => page.evaluate(() => document.activeElement?.matches('.problems [role="listitem"] .finding-main') ?? false)).toBe(true);
    await page.getByTestId('tab-document').click();
    const editor = new Editor(page);
    await expect.poll(async () => JSON.parse(await editor.text()).plugins).toEqual([{ type: 'tuning', mtu: 9000 }, { type: 'bridge', bridge: 'fx0', mtu: '1500' }]);
  });

  it('keeps the focus in the Problems panel when the focused row goes for another reason (a profile switched)', async () => {
    const { page } = app.session;
    // host-local 1.1.1 cannot step through a network beginning with a zero byte (CNI438); later plugins can.
    await app.studio.importText(JSON.stringify({ cniVersion: '1.0.0', name: 'zero', plugins: [{ type: 'bridge', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }], [{ subnet: '0.0.0.0/24' }]] } }, { type: 'tuning', ipam: { type: 'host-local' } }] }));
    await app.studio.expectChain(['bridge', 'tuning']);
    const plugins = page.getByTestId('profile-plugins');
    const before = await plugins.inputValue();
    await plugins.selectOption('1.1.1');
    const zero = page.locator('[data-code="CNI438"] .finding-main');
    await zero.waitFor();
    await zero.focus();
    // The select changed without taking the focus (a shortcut, an undo, another tab's change do the same).
    await plugins.selectOption('1.9.1');
    await expect.poll(() => page.locator('[data-code="CNI438"]').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.matches('.problems [role="listitem"] .finding-main') ?? false)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="finding"]')?.getAttribute('data-code'))).toMatch(/^CNI(203|402)$/);
    await plugins.selectOption(before);
  });

  it("asks which configuration of a kubectl List to open, and opens the one chosen", async () => {
    const { page } = app.session;
    const nad = (ns: string, name: string, type: string) => `- apiVersion: k8s.cni.cncf.io/v1\n  kind: NetworkAttachmentDefinition\n  metadata:\n    name: ${name}\n    namespace: ${ns}\n  spec:\n    config: '{"cniVersion": "1.0.0", "name": "${name}", "plugins": [{"type": "${type}"}]}'\n`;
    const file = join(work, 'nads.yaml');
    // An SR-IOV style NAD with no spec.config: named as not offered, with why.
    const bare = `- apiVersion: k8s.cni.cncf.io/v1\n  kind: NetworkAttachmentDefinition\n  metadata:\n    name: sriov-net\n    namespace: team-c\n`;
    writeFileSync(file, `apiVersion: v1\nkind: List\nitems:\n${nad('default', 'first-net', 'loopback')}${bare}${nad('team-a', 'second-net', 'tuning')}${nad('team-b', 'third-net', 'bandwidth')}`);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-file').setInputFiles(file);
    const choice = page.getByTestId('import-choice');
    await choice.waitFor();
    expect(await choice.getByTestId('import-choice-item').allInnerTexts()).toEqual(['default/first-net', 'team-a/second-net', 'team-b/third-net']);
    expect(await choice.getByTestId('import-choice-skipped').textContent()).toContain('team-c/sriov-net: NetworkAttachmentDefinition "sriov-net" has no spec.config');
    await choice.getByTestId('import-choice-item').nth(1).click();
    await page.getByTestId('confirm-ok').click(); // replaces the current network
    await app.studio.expectChain(['tuning']);
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('(2 of 3 in it)');
    expect(await page.getByTestId('doc-name').textContent()).toBe('second-net');
  });

  it('keeps a number beyond a float64 as one in the editor and across a reload, so libcni\'s refusal stays in view', async () => {
    const { page } = app.session;
    await app.studio.importText('{"cniVersion": "1.0.0", "name": "huge", "plugins": [{"type": "tuning", "mtu": 1e400}]}');
    await app.studio.expectChain(['tuning']);
    // In the document, not among the import's notes (which the document cannot show any more).
    await expect.poll(() => page.locator('[data-code="CNI013"]').count()).toBe(1);
    expect(await page.getByTestId('import-notes').count()).toBe(0);
    await app.studio.node(0).click();
    const editor = new Editor(page);
    await editor.ready();
    await expect.poll(() => editor.text()).toContain('"mtu": 1e400');
    await page.reload();
    await app.studio.expectChain(['tuning']);
    await expect.poll(() => page.locator('[data-code="CNI013"]').count()).toBe(1);
    await editor.ready();
    expect(await editor.text()).toContain('"mtu": 1e400');
  });

  it('rejects input that is not a config and changes nothing', async () => {
    const { page } = app.session;
    const before = await app.studio.chainTypes();
    const binary = join(work, 'image.conflist');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-file').setInputFiles(binary);
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('binary data');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-text').fill('this is not json');
    await page.getByRole('button', { name: 'Import', exact: true }).last().click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Nothing was imported');
    expect(await app.studio.chainTypes()).toEqual(before);
  });
});
