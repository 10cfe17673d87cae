// Rules about the list itself: name, versions, flags.
import { SPEC_VERSIONS } from '../../model/types';
import { isSpecVersion, parseVersion, versionAtLeast } from '../../model/versions';
import type { Finding } from '../finding';
import type { Rule } from '../context';

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export const networkName: Rule = ({ conflist }) => {
  const name = conflist.name;
  if (name === undefined) {
    return [{ code: 'CNI100', severity: 'error', message: 'The list has no "name": libcni refuses to load it ("no name").', pointer: '', fix: { title: 'Add a name', patch: [{ op: 'add', path: '/name', value: 'mynet' }] } }];
  }
  if (typeof name !== 'string') return [{ code: 'CNI101', severity: 'error', message: `"name" must be a string; it is ${JSON.stringify(name)}.`, pointer: '/name' }];
  if (!NAME_RE.test(name)) {
    const cleaned = name.replace(/[^a-zA-Z0-9_.-]/g, '-').replace(/^[^a-zA-Z0-9]+/, '');
    return [
      {
        code: 'CNI101',
        severity: 'error',
        message: name === '' ? 'The network name is empty: runtimes refuse it ("missing network name").' : `The network name "${name}" must start with a letter or digit and use only letters, digits, "_", "." and "-" (runtimes fail with "invalid characters found in network name").`,
        pointer: '/name',
        ...(cleaned ? { fix: { title: `Use "${cleaned}"`, patch: [{ op: 'replace' as const, path: '/name', value: cleaned }] } } : {}),
      },
    ];
  }
  return [];
};

export const cniVersion: Rule = ({ conflist, plugins }) => {
  const v = conflist.cniVersion;
  if (v === undefined) {
    return [
      {
        code: 'CNI102',
        severity: plugins.length > 1 ? 'error' : 'warning',
        message: 'The list has no "cniVersion": libcni then calls every plugin as spec 0.1.0, which has no chaining and no CHECK.',
        pointer: '',
        fix: { title: 'Add "cniVersion": "1.0.0"', patch: [{ op: 'add', path: '/cniVersion', value: '1.0.0' }] },
      },
    ];
  }
  if (typeof v !== 'string') return [{ code: 'CNI103', severity: 'error', message: `"cniVersion" must be a string such as "1.0.0"; it is ${JSON.stringify(v)}.`, pointer: '/cniVersion' }];
  if (!isSpecVersion(v)) {
    const parsed = parseVersion(v);
    const full = parsed ? parsed.join('.') : undefined;
    const fixable = full && isSpecVersion(full);
    return [
      {
        code: 'CNI103',
        severity: 'error',
        message: fixable
          ? `cniVersion "${v}" is not written in full: plugins compare it as an exact string and fail with "incompatible CNI versions". Write "${full}".`
          : `cniVersion "${v}" is not a CNI spec version (${SPEC_VERSIONS.join(', ')}).`,
        pointer: '/cniVersion',
        ...(fixable ? { fix: { title: `Use "${full}"`, patch: [{ op: 'replace' as const, path: '/cniVersion', value: full }] } } : {}),
      },
    ];
  }
  return [];
};

export const cniVersions: Rule = ({ conflist, version }) => {
  const list = conflist.cniVersions;
  if (list === undefined || !Array.isArray(list)) return [];
  const out: Finding[] = [];
  list.forEach((entry, i) => {
    if (typeof entry === 'string' && parseVersion(entry) && !isSpecVersion(entry)) {
      out.push({ code: 'CNI104', severity: 'error', message: `cniVersions[${i}] "${entry}" is not a CNI spec version.`, pointer: `/cniVersions/${i}` });
    }
  });
  const given = conflist.cniVersion;
  if (typeof given === 'string' && isSpecVersion(given) && version !== given && parseVersion(version)) {
    out.push({
      code: 'CNI104',
      severity: 'info',
      message: `libcni v1.2 and newer run this list as ${version} (the highest of cniVersions it implements); libcni v1.1 and older ignore cniVersions and use ${given}.`,
      pointer: '/cniVersions',
      target: 'key',
    });
  }
  return out;
};

export const booleanFlags: Rule = ({ conflist }) => {
  const out: Finding[] = [];
  for (const key of ['disableCheck', 'disableGC', 'loadOnlyInlinedPlugins'] as const) {
    const v = conflist[key];
    if (typeof v === 'string' && /^(true|false)$/i.test(v)) {
      out.push({
        code: 'CNI106',
        severity: 'warning',
        message: `${key} is the string "${v}": libcni v1.2 and newer accept it, but v1.1 (still in many runtimes) fails to load the list. Write a JSON boolean.`,
        pointer: `/${key}`,
        fix: { title: `Write ${v.toLowerCase()} without quotes`, patch: [{ op: 'replace', path: `/${key}`, value: v.toLowerCase() === 'true' } ] },
      });
    }
  }
  if ((conflist.loadOnlyInlinedPlugins === true || conflist.loadOnlyInlinedPlugins === 'true') && !Object.hasOwn(conflist, 'plugins')) {
    out.push({ code: 'CNI105', severity: 'error', message: 'loadOnlyInlinedPlugins is true but the list has no plugins: libcni refuses it.', pointer: '/loadOnlyInlinedPlugins', target: 'key' });
  }
  return out;
};

export const checkAvailability: Rule = ({ conflist, version }) => {
  if (!parseVersion(version) || versionAtLeast(version, '0.4.0')) return [];
  if (conflist.disableCheck === true) return [];
  return [
    {
      code: 'CNI108',
      severity: 'info',
      message: `Spec ${version || '0.1.0'} has no CHECK: runtimes that verify attachments get "configuration version does not support the CHECK command". Use 0.4.0 or newer.`,
      pointer: typeof conflist.cniVersion === 'string' ? '/cniVersion' : '',
    },
  ];
};

export const pluginsPresent: Rule = ({ conflist }) => {
  const p = conflist.plugins;
  if (p === undefined) {
    return [{ code: 'CNI105', severity: 'error', message: 'The list has no "plugins": there is nothing to run (libcni: "no plugins in list").', pointer: '' }];
  }
  if (!Array.isArray(p)) return [{ code: 'CNI105', severity: 'error', message: '"plugins" must be an array of plugin objects.', pointer: '/plugins' }];
  if (p.length === 0) return [{ code: 'CNI105', severity: 'error', message: '"plugins" is empty: libcni refuses the list ("no plugins in list").', pointer: '/plugins' }];
  return [];
};

