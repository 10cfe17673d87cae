// Several files at once (a copy of /etc/cni/net.d): what a runtime does with them, the same analysis as
// `cni-studio lint <dir>`; any file can be opened.
import { countBySeverity, type ConfDirReport } from '../../core';
import { Dialog } from './Dialog';

export interface ConfDirView {
  report: ConfDirReport;
  files: { name: string; text: string }[];
}

export function ConfDirDialog({ view, onOpen, onClose }: { view: ConfDirView; onOpen: (name: string, text: string) => void; onClose: () => void }) {
  const { report } = view;
  const role = (name: string): string => {
    const wins = report.networks.filter((n) => n.file === name).map((n) => `defines "${n.network}"`);
    const shadowed = report.networks.filter((n) => n.shadowed.includes(name)).map((n) => `shadowed: "${n.network}" comes from ${n.file}`);
    const broken = report.findings.some((f) => f.file === name && f.code === 'CNI702' && f.pointer === '') ? ['does not load and blocks lookups after it'] : [];
    const isDefault = report.defaultNetwork?.file === name ? ['default network for containerd and CRI-O'] : [];
    return [...wins, ...isDefault, ...shadowed, ...broken].join('; ') || 'ignored by runtimes';
  };
  return (
    <Dialog title={`Conf directory: ${view.files.length} files`} onClose={onClose} testId="confdir" wide>
      <p>In the order libcni tries them (every .conflist first, then .conf and .json, each by name):</p>
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
            const counts = countBySeverity(report.perFile.get(name) ?? []);
            const file = view.files.find((f) => f.name === name)!;
            return (
              <tr key={name} data-testid="confdir-row">
                <td>
                  <code>{name}</code>
                </td>
                <td>{role(name)}</td>
                <td>
                  {counts.error} errors, {counts.warning} warnings
                </td>
                <td>
                  <button onClick={() => onOpen(file.name, file.text)}>Open</button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
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
