// The list-level settings: the runtime profile every check follows (with "use the lab machine's"), name,
// cniVersion (with what each plugin of that profile accepts), cniVersions and the flags.
import { memo, useEffect, useState } from 'react';
import { describeProfile, LIBCNI_RELEASES, PLUGIN_RELEASES, SPEC_VERSIONS, specVersionRejections, type JsonObject, type RuntimeProfile } from '../../core';
import { catalog } from '../catalog';
import { useActions, useApp } from '../state';
import type { NetworkSetting } from '../store/store';

interface Props {
  doc: JsonObject;
  onChange: (key: NetworkSetting, value: string | boolean | string[] | undefined) => void;
}

function NameField({ value, onCommit }: { value: string; onCommit: (v: string) => void }) {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  // Typed into since it took the focus: the name is being written here.
  const [typing, setTyping] = useState(false);
  // The document changed under the field (undo, import, another tab): show the new value, unless the name
  // is being typed here, which then wins: a change from elsewhere must not replace the word being typed
  // (another tab's rename used to land mid-word, the rest typed after it). Committed at the next pause.
  if (seen !== value) {
    setSeen(value);
    if (text === seen && !typing) setText(value);
  }
  // One undo step per pause in typing, and on leaving the field.
  useEffect(() => {
    if (text === value) return;
    const t = setTimeout(() => onCommit(text), 500);
    return () => clearTimeout(t);
  }, [text, value, onCommit]);
  return (
    <input
      id="net-name"
      data-testid="network-name"
      value={text}
      spellCheck={false}
      onChange={(e) => {
        setTyping(true);
        setText(e.target.value);
      }}
      onBlur={() => {
        setTyping(false);
        if (text !== value) onCommit(text);
      }}
    />
  );
}

const FLAGS: { key: NetworkSetting; label: string; help: string }[] = [
  { key: 'disableCheck', label: 'disableCheck', help: 'The runtime never runs CHECK for this network.' },
  { key: 'disableGC', label: 'disableGC', help: 'The runtime never runs GC for this network (libcni 1.2.1+).' },
  { key: 'loadOnlyInlinedPlugins', label: 'loadOnlyInlinedPlugins', help: 'Ignore plugin files in <confdir>/<name>/ (libcni 1.3+).' },
];

const sameProfile = (a: RuntimeProfile, b: RuntimeProfile) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The runtime profile: the libcni and plugins releases every check follows, chosen here or taken from the lab
 * machine (its probe fills `labProfile` in the store; the button appears when it differs).
 */
function ProfileSettings() {
  const profile = useApp((s) => s.profile);
  const lab = useApp((s) => s.labProfile);
  const labPlugins = lab ? { ...lab, libcni: profile.libcni } : undefined;
  const { setProfile } = useActions();
  const mixed = profile.pluginReleases?.length ? profile.pluginReleases : undefined;
  return (
    <fieldset className="field profile" data-testid="runtime-profile">
      <legend>Runtime profile (what the checks follow)</legend>
      <label htmlFor="profile-libcni">libcni</label>
      <select id="profile-libcni" data-testid="profile-libcni" value={profile.libcni} onChange={(e) => setProfile({ ...profile, libcni: e.target.value })}>
        {LIBCNI_RELEASES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <label htmlFor="profile-plugins">plugins</label>
      <select id="profile-plugins" data-testid="profile-plugins" value={profile.plugins} onChange={(e) => setProfile({ ...profile, plugins: e.target.value })}>
        {PLUGIN_RELEASES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      {mixed && <p className="hint">Also on the node: {mixed.map(([t, r]) => `${t} ${r}`).join(', ')}.</p>}
      <p className="hint">
        Findings that depend on it name it. Debian bookworm ships libcni 1.1.x and plugins 1.1.1
        {sameProfile(profile, { libcni: '1.1.2', plugins: '1.1.1' }) ? ' (chosen).' : '.'}
      </p>
      {/* The lab machine's plugins (the helper's probe): its libcni is whichever the helper is asked to walk
          lists as, so the chosen libcni stays. */}
      {labPlugins && !sameProfile(labPlugins, profile) && (
        <button type="button" data-testid="use-lab-profile" onClick={() => setProfile(labPlugins)}>
          Use the lab machine's plugins: {describeProfile(labPlugins)}
        </button>
      )}
      {labPlugins && sameProfile(labPlugins, profile) && <p className="hint">These are the lab machine's plugins.</p>}
    </fieldset>
  );
}

export const NetworkSettings = memo(function NetworkSettings({ doc, onChange }: Props) {
  const profile = useApp((s) => s.profile);
  const rejected = specVersionRejections(doc, profile, catalog);
  const version = typeof doc.cniVersion === 'string' ? doc.cniVersion : '';
  const versions = Array.isArray(doc.cniVersions) ? doc.cniVersions.filter((v): v is string => typeof v === 'string') : [];
  const accepted = SPEC_VERSIONS.filter((v) => rejected.get(v)!.length === 0);
  return (
    <section className="settings" aria-label="Network settings">
      <h2 className="panel-title">Network</h2>
      <ProfileSettings />
      <div className="field">
        <label htmlFor="net-name">name</label>
        <NameField value={typeof doc.name === 'string' ? doc.name : ''} onCommit={(v) => onChange('name', v)} />
      </div>
      <div className="field">
        <label htmlFor="net-version">cniVersion</label>
        <select id="net-version" data-testid="network-version" value={version} onChange={(e) => onChange('cniVersion', e.target.value || undefined)}>
          {!(SPEC_VERSIONS as readonly string[]).includes(version) && <option value={version}>{version || '(none)'}</option>}
          {SPEC_VERSIONS.map((v) => (
            <option key={v} value={v}>
              {v}
              {rejected.get(v)!.length ? ` (rejected by ${rejected.get(v)!.join(', ')})` : ''}
            </option>
          ))}
        </select>
        <p className="hint">
          {accepted.length ? `Every plugin in the chain accepts ${accepted.join(', ')}` : 'No single version is accepted by every plugin in the chain'} (plugins {profile.plugins}).
        </p>
      </div>
      <fieldset className="field versions">
        <legend>cniVersions (spec 1.1.0: the runtime picks the highest it supports)</legend>
        {SPEC_VERSIONS.map((v) => (
          <label key={v}>
            <input
              type="checkbox"
              checked={versions.includes(v)}
              onChange={(e) => {
                const next = e.target.checked ? SPEC_VERSIONS.filter((x) => x === v || versions.includes(x)) : versions.filter((x) => x !== v);
                onChange('cniVersions', next.length ? next : undefined);
              }}
            />
            {v}
          </label>
        ))}
      </fieldset>
      {FLAGS.map((f) => (
        <label key={f.key} className="flag" title={f.help}>
          <input type="checkbox" checked={doc[f.key] === true || doc[f.key] === 'true'} onChange={(e) => onChange(f.key, e.target.checked ? true : undefined)} />
          {f.label}
          <span className="hint"> {f.help}</span>
        </label>
      ))}
    </section>
  );
});
