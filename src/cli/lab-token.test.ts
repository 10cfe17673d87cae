// `lab serve --token-file`: a token others could read or write would hand them the helper (root, on a lab VM).
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tokenFileExposed } from './lab';
import { cli } from './testing';

const dir = mkdtempSync(join(tmpdir(), 'cnistudio-token-'));
const file = join(dir, 'token');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the token file', () => {
  it("passes when only the helper's user may read and write it", () => {
    writeFileSync(file, 'a-token-of-24-characters', { mode: 0o600 });
    chmodSync(file, 0o600);
    expect(tokenFileExposed(file)).toBeUndefined();
  });
  it('is refused when its group or every user may read or write it', () => {
    chmodSync(file, 0o644);
    expect(tokenFileExposed(file)).toBe('its mode 0644 lets every user read it');
    chmodSync(file, 0o620);
    expect(tokenFileExposed(file)).toBe('its mode 0620 lets its group write it');
    chmodSync(file, 0o600);
  });
  it.runIf(process.getuid?.() === 0)('as root, is refused when another user owns it', () => {
    chownSync(file, 65534, 65534);
    expect(tokenFileExposed(file)).toBe("it belongs to uid 65534, not the helper's 0");
    chownSync(file, 0, 0);
  });
  it('lab serve says why and does not start', async () => {
    chmodSync(file, 0o644);
    const r = await cli('lab', 'serve', '--port', '0', '--token-file', file);
    chmodSync(file, 0o600);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--token-file ${file}: its mode 0644 lets every user read it, and whoever reads or writes the token controls this helper`);
  });
});
