// Export: the findings first; with errors, downloading needs an explicit choice. As a conflist file or
// as a Multus NetworkAttachmentDefinition.
import { useState } from 'react';
import { nadOptionsFor, toNadYaml, type Finding, type JsonObject, type NadMeta } from '../../core';
import { Dialog } from './Dialog';
import { useUnparsed } from '../store/use-unparsed';
import { lastValidNote } from '../store/unparsed';
import { validator } from '../validator-full';

interface Props {
  doc: JsonObject;
  fileName: string;
  /** The NAD the network was imported from: its name, namespace and resourceName start the NAD's fields. */
  nad?: NadMeta;
  conflistText: string;
  /** Undefined when the validator had not arrived yet (this chunk brings it: judged here then). */
  findings: readonly Finding[] | undefined;
  onDownload: (text: string, fileName: string, type: string) => void;
  onCopy: (text: string, what: string) => void;
  onClose: () => void;
}

export function ExportDialog({ doc, fileName, nad, conflistText, findings: given, onDownload, onCopy, onClose }: Props) {
  const findings = given ?? validator.validate(doc);
  const [format, setFormat] = useState<'conflist' | 'nad'>('conflist');
  const start = nadOptionsFor(doc, nad);
  const [nadName, setNadName] = useState(start.name);
  const [namespace, setNamespace] = useState(start.namespace);
  const [resourceName, setResourceName] = useState(start.resourceName ?? '');
  const errors = findings.filter((f) => f.severity === 'error');
  const lastValid = lastValidNote(useUnparsed());
  const warnings = findings.filter((f) => f.severity === 'warning');
  const nameValid = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(nadName) && nadName.length <= 63;
  const nadText = toNadYaml(doc, { name: nadName, ...(namespace ? { namespace } : {}), ...(resourceName ? { resourceName } : {}) });
  const text = format === 'nad' ? nadText : conflistText;
  const name = format === 'nad' ? `${nadName}.yaml` : fileName;
  return (
    <Dialog title={`Export ${doc.name ? `"${String(doc.name)}"` : ''}`} onClose={onClose} testId="export-dialog" wide>
      {lastValid && (
        <p className="lab-warning" role="status" data-testid="export-last-valid">
          {lastValid}
        </p>
      )}
      {errors.length > 0 ? (
        <>
          <p className="export-warning">
            This configuration has {errors.length} error{errors.length > 1 ? 's' : ''}: a runtime would refuse it or fail at ADD.
          </p>
          <ul className="export-errors">
            {errors.map((f, i) => (
              <li key={i}>
                <code>{f.code}</code> {f.message}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>No errors{warnings.length ? `, ${warnings.length} warning${warnings.length > 1 ? 's' : ''} (see Problems)` : ''}.</p>
      )}
      <div className="segmented" role="radiogroup" aria-label="Format">
        <button role="radio" aria-checked={format === 'conflist'} onClick={() => setFormat('conflist')} data-testid="export-format-conflist">
          .conflist
        </button>
        <button role="radio" aria-checked={format === 'nad'} onClick={() => setFormat('nad')} data-testid="export-format-nad">
          NetworkAttachmentDefinition
        </button>
      </div>
      {format === 'nad' && (
        <div className="nad-fields">
          <label className="rt-field">
            <span>metadata.name (DNS-1123)</span>
            <input data-testid="nad-name" value={nadName} aria-invalid={!nameValid} onChange={(e) => setNadName(e.target.value)} />
            {!nameValid && <span className="rt-error">Lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters.</span>}
          </label>
          <label className="rt-field">
            <span>metadata.namespace</span>
            <input data-testid="nad-namespace" value={namespace} onChange={(e) => setNamespace(e.target.value)} />
          </label>
          <label className="rt-field">
            <span>k8s.v1.cni.cncf.io/resourceName (optional, e.g. intel.com/sriov_netdevice)</span>
            <input data-testid="nad-resource" value={resourceName} onChange={(e) => setResourceName(e.target.value)} />
          </label>
        </div>
      )}
      <pre tabIndex={0} className="json-view export-preview" data-testid="export-preview">{text}</pre>
      <div className="dialog-buttons">
        <button onClick={() => onCopy(text, format === 'nad' ? 'the NAD YAML' : 'the conflist')} data-testid="export-copy">
          Copy to clipboard
        </button>
        <button className={errors.length ? 'danger' : 'primary'} disabled={format === 'nad' && !nameValid} onClick={() => onDownload(text, name, format === 'nad' ? 'application/yaml' : 'application/json')} data-testid="export-download">
          {errors.length ? 'Download anyway' : `Download ${name}`}
        </button>
      </div>
    </Dialog>
  );
}
