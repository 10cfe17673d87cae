// What the runtime supplies: ids, namespace, interface, CNI_ARGS, CNI_PATH and capability arguments
// (forms for the common ones, and the raw JSON as cnitool's CAP_ARGS), and for GC the valid and the
// cached attachments.
import { useId, useState, type ReactNode } from 'react';
import { formatCniArgs, isJsonObject, parseCachedAttachments, parseCapabilityArgs, parseCniArgs, parseValidAttachments, RUNTIME_PRESETS, type JsonObject, type JsonValue, type ParsedAttachments, type RuntimeInputs } from '../../core';

interface Props {
  inputs: RuntimeInputs;
  onChange: (inputs: RuntimeInputs) => void;
}

/** A text field that keeps what is typed and commits only values that parse. */
function Field({ label, value, parse, onCommit, testId, hint }: { label: string; value: string; parse?: (s: string) => string | undefined; onCommit: (s: string) => void; testId: string; hint?: ReactNode }) {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setText(value);
  }
  const error = parse?.(text);
  // Named by its label alone, described by its hint or error: a screen reader reads the name first, not the whole hint.
  const id = useId();
  return (
    <label className="rt-field">
      <span id={`${id}-name`}>{label}</span>
      <input
        data-testid={testId}
        value={text}
        spellCheck={false}
        aria-labelledby={`${id}-name`}
        aria-describedby={error || hint ? `${id}-hint` : undefined}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setText(e.target.value);
          if (!parse?.(e.target.value)) onCommit(e.target.value);
        }}
      />
      {error ? <span className="rt-error" id={`${id}-hint`}>{error}</span> : hint ? <span className="hint" id={`${id}-hint`}>{hint}</span> : null}
    </label>
  );
}

/** Reads a key as Go would (case-insensitively): containerd sends PascalCase. */
const pick = (o: JsonObject, key: string): JsonValue | undefined => Object.entries(o).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];

function PortMappings({ caps, set }: { caps: JsonObject; set: (name: string, value: JsonValue | undefined) => void }) {
  const rows = (Array.isArray(caps.portMappings) ? caps.portMappings : []).filter(isJsonObject);
  const update = (next: JsonObject[]) => set('portMappings', next.length ? next : undefined);
  const row = (r: JsonObject) => ({ hostPort: pick(r, 'hostPort') ?? 0, containerPort: pick(r, 'containerPort') ?? 0, protocol: pick(r, 'protocol') ?? 'tcp', hostIP: pick(r, 'hostIP') ?? '' });
  return (
    <fieldset className="rt-cap" data-testid="cap-portMappings">
      <legend>portMappings</legend>
      {rows.map((r, i) => {
        const v = row(r);
        // Only the edited key changes, under the spelling the row already uses (containerd's PascalCase stays).
        const change = (key: string, value: JsonValue) =>
          update(rows.map((x, k) => (k === i ? { ...x, [Object.keys(x).find((n) => n.toLowerCase() === key.toLowerCase()) ?? key]: value } : x)));
        return (
          <div className="rt-row" key={i}>
            <input aria-label="host port" type="number" value={String(v.hostPort)} onChange={(e) => change('hostPort', Number(e.target.value))} />
            <span>→</span>
            <input aria-label="container port" type="number" value={String(v.containerPort)} onChange={(e) => change('containerPort', Number(e.target.value))} />
            <select aria-label="protocol" value={String(v.protocol)} onChange={(e) => change('protocol', e.target.value)}>
              <option>tcp</option>
              <option>udp</option>
              <option>sctp</option>
            </select>
            <button aria-label="Remove mapping" onClick={() => update(rows.filter((_, k) => k !== i))}>
              ×
            </button>
          </div>
        );
      })}
      <button onClick={() => update([...rows, { hostPort: 8080, containerPort: 80, protocol: 'tcp' }])} data-testid="add-port-mapping">
        Add a port mapping
      </button>
    </fieldset>
  );
}

function Bandwidth({ caps, set }: { caps: JsonObject; set: (name: string, value: JsonValue | undefined) => void }) {
  const bw = isJsonObject(caps.bandwidth) ? caps.bandwidth : {};
  const keys = ['ingressRate', 'ingressBurst', 'egressRate', 'egressBurst'];
  return (
    <fieldset className="rt-cap" data-testid="cap-bandwidth">
      <legend>bandwidth (bits per second, bits)</legend>
      {keys.map((k) => {
        const value = pick(bw, k);
        return (
          <label key={k} className="rt-row">
            <span className="rt-label">{k}</span>
            <input
              type="number"
              min={0}
              aria-label={k}
              value={typeof value === 'number' ? String(value) : ''}
              onChange={(e) => {
                const next = { ...bw };
                const existing = Object.keys(bw).find((n) => n.toLowerCase() === k.toLowerCase()) ?? k;
                if (e.target.value === '') delete next[existing];
                else next[existing] = Number(e.target.value);
                set('bandwidth', Object.keys(next).length ? next : undefined);
              }}
            />
          </label>
        );
      })}
    </fieldset>
  );
}

function Dns({ caps, set }: { caps: JsonObject; set: (name: string, value: JsonValue | undefined) => void }) {
  const dns = isJsonObject(caps.dns) ? caps.dns : {};
  const list = (k: string) => {
    const v = pick(dns, k);
    return Array.isArray(v) ? v.join(', ') : '';
  };
  const change = (k: string, text: string) => {
    const items = text.split(',').map((x) => x.trim()).filter(Boolean);
    const existing = Object.keys(dns).find((n) => n.toLowerCase() === k.toLowerCase()) ?? k;
    const next = { ...dns };
    if (items.length) next[existing] = items;
    else delete next[existing];
    set('dns', Object.keys(next).length ? next : undefined);
  };
  return (
    <fieldset className="rt-cap" data-testid="cap-dns">
      <legend>dns</legend>
      <Field label="servers" testId="cap-dns-servers" value={list('servers')} onCommit={(t) => change('servers', t)} />
      <Field label="searches" testId="cap-dns-searches" value={list('searches')} onCommit={(t) => change('searches', t)} />
    </fieldset>
  );
}

/** ipRanges: one range set per line, ranges in a set separated by commas (host-local's list of lists). */
function IpRanges({ caps, set }: { caps: JsonObject; set: (name: string, value: JsonValue | undefined) => void }) {
  const sets = Array.isArray(caps.ipRanges) ? caps.ipRanges : [];
  const text = sets
    .map((s) => (Array.isArray(s) ? s : [s]).filter(isJsonObject).map((r) => String(pick(r, 'subnet') ?? '')).join(', '))
    .join('; ');
  return (
    <Field
      label="ipRanges"
      testId="cap-ipRanges"
      value={text}
      hint="one range set per ';', subnets in a set by ',' e.g. 10.85.0.0/16; fd00:85::/64"
      onCommit={(t) => {
        const parsed = t
          .split(';')
          .map((s) => s.split(',').map((x) => x.trim()).filter(Boolean).map((subnet) => ({ subnet })))
          .filter((s) => s.length > 0);
        set('ipRanges', parsed.length ? parsed : undefined);
      }}
    />
  );
}

function ListCap({ name, caps, set, placeholder }: { name: string; caps: JsonObject; set: (n: string, v: JsonValue | undefined) => void; placeholder: string }) {
  const value = Array.isArray(caps[name]) ? (caps[name] as JsonValue[]).join(', ') : '';
  return (
    <Field
      label={name}
      testId={`cap-${name}`}
      value={value}
      hint={placeholder}
      onCommit={(s) => {
        const items = s.split(',').map((x) => x.trim()).filter(Boolean);
        set(name, items.length ? items : undefined);
      }}
    />
  );
}

function RawCapArgs({ caps, onCommit }: { caps: JsonObject; onCommit: (v: JsonObject) => void }) {
  const pretty = JSON.stringify(caps, null, 2);
  const [text, setText] = useState(pretty);
  const [seen, setSeen] = useState(pretty);
  if (seen !== pretty) {
    setSeen(pretty);
    setText(pretty);
  }
  const parsed = parseCapabilityArgs(text);
  return (
    <label className="rt-field">
      <span>CAP_ARGS (all capability arguments, as JSON)</span>
      <textarea
        data-testid="cap-args-json"
        rows={6}
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const p = parseCapabilityArgs(e.target.value);
          if (p.ok) onCommit(p.value);
        }}
      />
      {!parsed.ok && <span className="rt-error">{parsed.message}</span>}
    </label>
  );
}

/** A JSON list typed as text: committed when it parses (empty text is "not given"), kept as typed otherwise. */
function AttachmentList<T>({ label, testId, value, parse, onCommit, hint }: { label: string; testId: string; value: T | undefined; parse: (text: string) => ParsedAttachments<T | undefined>; onCommit: (v: T | undefined) => void; hint: string }) {
  const shown = value === undefined ? '' : JSON.stringify(value);
  const [text, setText] = useState(shown);
  const [seen, setSeen] = useState(shown);
  if (seen !== shown) {
    setSeen(shown);
    setText(shown);
  }
  const parsed = parse(text);
  const id = useId();
  return (
    <label className="rt-field">
      <span id={`${id}-name`}>{label}</span>
      <textarea
        data-testid={testId}
        rows={2}
        spellCheck={false}
        aria-labelledby={`${id}-name`}
        aria-describedby={`${id}-hint`}
        aria-invalid={parsed.ok ? undefined : true}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const p = parse(e.target.value);
          if (p.ok) onCommit(p.value);
        }}
      />
      {parsed.ok ? <span className="hint" id={`${id}-hint`}>{hint}</span> : <span className="rt-error" id={`${id}-hint`}>{parsed.message}</span>}
    </label>
  );
}

export function RuntimeInputsForm({ inputs, onChange }: Props) {
  const caps = inputs.capabilityArgs;
  const setCap = (name: string, value: JsonValue | undefined) => {
    const next = { ...caps };
    if (value === undefined) delete next[name];
    else next[name] = value;
    onChange({ ...inputs, capabilityArgs: next });
  };
  return (
    <div className="runtime-form" aria-label="Runtime inputs">
      <label className="rt-field">
        <span>Preset</span>
        <select
          data-testid="runtime-preset"
          value=""
          onChange={(e) => {
            const preset = RUNTIME_PRESETS.find((p) => p.id === e.target.value);
            if (preset) onChange(structuredClone(preset.inputs));
          }}
        >
          <option value="">Fill in as…</option>
          {RUNTIME_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
      </label>
      <Field label="CNI_CONTAINERID" testId="rt-container-id" value={inputs.containerId} onCommit={(v) => onChange({ ...inputs, containerId: v })} />
      <Field label="CNI_NETNS" testId="rt-netns" value={inputs.netns} onCommit={(v) => onChange({ ...inputs, netns: v })} />
      <Field label="CNI_IFNAME" testId="rt-ifname" value={inputs.ifname} onCommit={(v) => onChange({ ...inputs, ifname: v })} />
      <Field
        label="CNI_ARGS"
        testId="rt-cni-args"
        value={formatCniArgs(inputs.cniArgs)}
        parse={(s) => {
          const p = parseCniArgs(s);
          return p.ok ? undefined : p.message;
        }}
        onCommit={(s) => {
          const p = parseCniArgs(s);
          if (p.ok) onChange({ ...inputs, cniArgs: p.pairs });
        }}
        hint="K=V;K=V, e.g. IgnoreUnknown=1;K8S_POD_NAME=web"
      />
      <Field label="CNI_PATH" testId="rt-cni-path" value={inputs.cniPath.join(':')} onCommit={(s) => onChange({ ...inputs, cniPath: s.split(':').filter(Boolean) })} />
      <PortMappings caps={caps} set={setCap} />
      <Bandwidth caps={caps} set={setCap} />
      <ListCap name="ips" caps={caps} set={setCap} placeholder="10.10.0.5/24, fd00::5/64" />
      <IpRanges caps={caps} set={setCap} />
      <Dns caps={caps} set={setCap} />
      <Field label="mac" testId="cap-mac" value={typeof caps.mac === 'string' ? caps.mac : ''} onCommit={(s) => setCap('mac', s || undefined)} />
      <RawCapArgs caps={caps} onCommit={(v) => onChange({ ...inputs, capabilityArgs: v })} />
      <fieldset className="rt-cap" data-testid="gc-inputs">
        <legend>GC</legend>
        <AttachmentList
          label="valid attachments"
          testId="rt-valid-attachments"
          value={inputs.validAttachments}
          parse={parseValidAttachments}
          onCommit={(v) => {
            const { validAttachments: _, ...rest } = inputs;
            onChange(v === undefined ? rest : { ...rest, validAttachments: v });
          }}
          hint='still in use, e.g. [{"containerID":"a","ifname":"eth0"}]; empty: no GC arguments at all (as cnitool gc), so no cni.dev/ keys and every cached one is stale; null: GC arguments without a list (the keys sent as null, as a runtime passing empty GCArgs)'
        />
        <AttachmentList
          label="cached attachments"
          testId="rt-cached-attachments"
          value={inputs.cachedAttachments}
          parse={parseCachedAttachments}
          onCommit={(v) => {
            const { cachedAttachments: _, ...rest } = inputs;
            onChange(v === undefined ? rest : { ...rest, cachedAttachments: v });
          }}
          hint={`the network's result cache (libcni's cache files as they are); empty: this attachment as its ADD cached it. An entry of only "containerID" and "ifname" is a cache record without netns, CNI_ARGS or capability arguments: its DEL gets none, as libcni sends what the record holds`}
        />
      </fieldset>
    </div>
  );
}
