// What is selected and what can be done with it; its JSON is in the editor panel.
import { goKeyOf, typeOfConf, type JsonObject } from '../../core';
import { catalog } from '../catalog';

interface Props {
  plugin: JsonObject;
  index: number;
  onDuplicate: () => void;
  onRemove: () => void;
  onDetachIpam: () => void;
}

export function SelectedPlugin({ plugin, index, onDuplicate, onRemove, onDetachIpam }: Props) {
  const type = typeOfConf(plugin);
  const entry = catalog.get(type);
  return (
    <section className="selected-plugin" aria-label="Selected plugin" data-testid="selected-plugin">
      <h2 className="panel-title">
        {index + 1}. {type || '(no type)'} <span className="counts">{entry?.summary}</span>
      </h2>
      <div className="button-row">
        <button onClick={onDuplicate}>Duplicate</button>
        <button onClick={onRemove}>Delete</button>
        {goKeyOf(plugin, 'ipam') !== undefined && <button onClick={onDetachIpam}>Detach IPAM</button>}
        {entry?.docs && (
          <a href={entry.docs} target="_blank" rel="noreferrer">
            Docs
          </a>
        )}
      </div>
    </section>
  );
}
