// The release facts in the schemas against things CNI Studio did not write: the real plugin binaries of the
// machine (Debian's containernetworking-plugins 1.1.1 in /usr/lib/cni: VERSION is harmless, no root, no
// namespace) and the lead's libcni loader (its per-release reading of the list keys).
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inRange, LIBCNI_RELEASES, PLUGIN_RELEASES, propertyFacts, shippedIn, specVersionsAt } from '../core';
import { createValidator } from '../core/validate/create';
import { libcniLoadList } from '../core/runtime/libcni-load';
import { loadSchemas } from './schemas';

const catalog = createValidator(loadSchemas()).catalog;
const DEBIAN_DIR = '/usr/lib/cni';
/** Debian bookworm's package (the lab machine's), as `dpkg -l containernetworking-plugins` reports it. */
const DEBIAN_RELEASE = '1.1.1';
const binaries = existsSync(DEBIAN_DIR) ? readdirSync(DEBIAN_DIR).sort() : [];

describe.skipIf(binaries.length === 0)(`the plugins in ${DEBIAN_DIR} (plugins ${DEBIAN_RELEASE})`, () => {
  it.each(binaries.filter((b) => catalog.get(b)))('%s: VERSION lists the spec versions the schema gives for its release', (type) => {
    const run = spawnSync(join(DEBIAN_DIR, type), [], { input: '{"cniVersion": "0.1.0"}', env: { CNI_COMMAND: 'VERSION' }, encoding: 'utf8' });
    const reported = (JSON.parse(run.stdout) as { supportedVersions: string[] }).supportedVersions;
    expect(specVersionsAt(catalog.get(type)!, DEBIAN_RELEASE)).toEqual(reported);
  });
  it('holds exactly the reference types the schemas say release 1.1.1 ships (no dummy, no tap; dhcp and the IPAM plugins as binaries)', () => {
    const shipped = catalog.entries.filter((e) => !e.thirdParty && e.platform === 'linux' && shippedIn(e, DEBIAN_RELEASE)).map((e) => e.type).sort();
    expect(binaries.filter((b) => catalog.get(b)).sort()).toEqual(shipped);
  });
});

describe('libcni facts agree with the libcni loader', () => {
  const facts = (key: string) => propertyFacts(loadSchemas().conflist.properties?.[key]);
  it.each(LIBCNI_RELEASES)('libcni %s: strings read as booleans exactly where the schema says', (libcni) => {
    for (const key of ['disableCheck', 'disableGC', 'loadOnlyInlinedPlugins']) {
      const f = facts(key);
      const reads = inRange(libcni, f);
      const loaded = libcniLoadList({ name: 'n', plugins: [{ type: 'x' }], [key]: 'TRUE' }, libcni);
      // Not read: ignored, so it loads; read: loads exactly when strings are read in this release.
      expect(loaded.ok, `${key}`).toBe(!reads || inRange(libcni, f.strings ?? {}));
      if (reads) expect(libcniLoadList({ name: 'n', plugins: [{ type: 'x' }], [key]: 5 }, libcni).ok, key).toBe(false);
    }
    const negotiates = inRange(libcni, facts('cniVersions'));
    const loaded = libcniLoadList({ name: 'n', cniVersion: '0.4.0', cniVersions: ['1.0.0'], plugins: [{ type: 'x' }] }, libcni);
    expect(loaded.ok && loaded.conflist.cniVersion).toBe(negotiates ? '1.0.0' : '0.4.0');
  });
  it('every plugins release is covered by the spec version ranges of every reference plugin', () => {
    for (const entry of catalog.entries.filter((e) => !e.thirdParty)) {
      for (const release of PLUGIN_RELEASES) {
        if (shippedIn(entry, release)) expect(specVersionsAt(entry, release).length, `${entry.type} ${release}`).toBeGreaterThan(0);
      }
    }
  });
});
