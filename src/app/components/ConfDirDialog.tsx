// Several files at once, or a folder (a copy of /etc/cni/net.d): what a runtime does with them under the
// profile's libcni, the same analysis as `cni-studio lint <dir>`: each file's part, the plugin files a list
// appends from its network's folder (libcni 1.3+), and each network's list as libcni assembles it. Any
// top-level file, and any assembled list, can be opened.
import { count } from '../text';
import { countBySeverity, serializeConflist, withoutListCopies, type ConfDirFile, type ConfDirReport, type EffectiveList } from '../../core';
import { Dialog } from './Dialog';

export interface ConfDirView {
  report: ConfDirReport;
  files: ConfDirFile[];
}

const pluginType = (p: unknown) => (typeof p === 'object' && p !== null && typeof (p as { type?: unknown }).type === 'string' ? (p as { type: string }).type : '?');

function Assembled({ list, onOpen }: { list: EffectiveList; onOpen: () => void }) {
  const plugins = Array.isArray(list.conflist.plugins) ? list.conflist.plugins : [];
  return (
    <li data-testid="confdir-network">
      <strong>{list.network}</strong> ({list.file}):{' '}
      <span className="confdir-chain">
        {plugins.map((p, i) => (
          <span key={i}>
            {i > 0 && ' → '}
            <code>{pluginType(p)}</code>
            {list.sources[i] !== list.file && <small> from {list.sources[i]}</small>}
          </span>
        ))}
      </span>{' '}
      <button onClick={onOpen}>Open as assembled</button>
    </li>
  );
}

export function ConfDirDialog({ view, onOpen, onClose }: { view: ConfDirView; onOpen: (name: string, text: string) => void; onClose: () => void }) {
  const { report } = view;
  const role = (name: string): string => {
    // A file CNI Studio did not read comes first in libcni's order: it may define the network itself.
    const unread = report.configFiles.slice(0, report.configFiles.indexOf(name)).filter((n) => view.files.some((f) => f.name === n && f.unchecked));
    const wins = report.networks.filter((n) => n.file === name).map((n) => `defines "${n.network}"${unread.length ? ` unless ${unread.join(' or ')} (not checked) does` : ''}`);
    const appended = report.effective.get(name)?.appended ?? [];
    const folder = appended.length > 0 ? [`with ${appended.length} plugin file${appended.length > 1 ? 's' : ''} appended from ${appended[0]!.slice(0, appended[0]!.lastIndexOf('/'))}/`] : [];
    const shadowed = report.networks.filter((n) => n.shadowed.includes(name)).map((n) => `shadowed: "${n.network}" comes from ${n.file}`);
    const broken = report.findings.some((f) => f.file === name && f.code === 'CNI702' && f.pointer === '') ? ['does not load and blocks lookups after it'] : [];
    const unreached = report.findings.find((f) => f.file === name && f.code === 'CNI702' && f.pointer === '/name');
    const never = unreached ? [unreached.message.replace(/^Network "(.*)" is never found: the lookup aborts at (.*) first\.$/, 'never found: lookups of "$1" abort at $2 first')] : [];
    const isDefault = report.defaultNetwork?.file === name ? ['default network for containerd and CRI-O'] : [];
    const unchecked = view.files.some((f) => f.name === name && f.unchecked) ? ['not checked: larger than CNI Studio reads (libcni reads it)'] : [];
    return [...unchecked, ...wins, ...folder, ...isDefault, ...shadowed, ...broken, ...never].join('; ') || 'ignored by runtimes';
  };
  const pluginRole = (file: string, list: string): string => {
    const never = report.findings.find((f) => f.file === file && f.code === 'CNI706');
    if (never) return never.message;
    const effective = report.effective.get(list);
    const at = effective?.sources.indexOf(file) ?? -1;
    if (effective && at >= 0) return `appended to "${effective.network}" as plugin ${at + 1} of ${effective.sources.length}`;
    return `not loaded: ${list} does not load`;
  };
  const assembled = report.networks.map((n) => report.effective.get(n.file)).filter((e): e is EffectiveList => e !== undefined);
  const counts = (name: string) => {
    const c = countBySeverity(report.perFile.get(name) ?? []);
    return `${count(c.error, 'error')}, ${count(c.warning, 'warning')}`;
  };
  return (
    <Dialog title={`Conf directory: ${count(view.files.length, 'file')}`} onClose={onClose} testId="confdir" wide>
      <p>
        In the order libcni {report.libcni} tries them (every .conflist first, then .conf and .json, each by name){report.pluginFiles.length > 0 ? '; under a list, the plugin files in its network\'s folder' : ''}:
      </p>
      <table className="confdir">
        <thead>
          <tr>
            <th>File</th>
            <th>What the runtime does with it</th>
            <th>Problems</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {report.configFiles.map((name) => {
            const file = view.files.find((f) => f.name === name)!;
            return [
              <tr key={name} data-testid="confdir-row">
                <td>
                  <code>{name}</code>
                </td>
                <td>{role(name)}</td>
                <td>{counts(name)}</td>
                <td>
                  {!file.unchecked && <button onClick={() => onOpen(file.name, file.text)}>Open</button>}
                </td>
              </tr>,
              ...report.pluginFiles
                .filter((p) => p.list === name)
                .map((p) => (
                  <tr key={p.file} data-testid="confdir-plugin-row" className="confdir-plugin">
                    <td>
                      ↳ <code>{p.file}</code>
                    </td>
                    <td>{pluginRole(p.file, p.list)}</td>
                    <td>{counts(p.file)}</td>
                    <td />
                  </tr>
                )),
            ];
          })}
        </tbody>
      </table>
      {assembled.length > 0 && (
        <>
          <p>Each network as libcni {report.libcni} runs it:</p>
          <ul className="confdir-networks" data-testid="confdir-networks">
            {assembled.map((list) => (
              <Assembled key={list.file} list={list} onOpen={() => onOpen(list.file, serializeConflist(list.wrapped ? withoutListCopies(list.conflist) : list.conflist))} />
            ))}
          </ul>
        </>
      )}
      <ul className="confdir-findings" data-testid="confdir-findings">
        {report.findings
          .filter((f) => f.code !== 'CNI700')
          .map((f, i) => (
            <li key={i} className={`severity-${f.severity}`}>
              <code>{f.code}</code> {f.message}
            </li>
          ))}
      </ul>
    </Dialog>
  );
}
