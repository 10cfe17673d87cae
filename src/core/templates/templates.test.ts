import { describe, expect, it } from 'vitest';
import { createValidator } from '../validate/create';
import { loadSchemas } from '../../node/schemas';
import { TEMPLATES, templateById } from './index';
import { pluginList } from '../model/chain';

const validator = createValidator(loadSchemas());
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

describe('TEMPLATES', () => {
  it('has at least the twelve required templates', () => {
    expect(TEMPLATES.length).toBeGreaterThanOrEqual(12);
    for (const id of [
      'containerd-bridge',
      'podman-bridge',
      'flannel',
      'calico',
      'cilium',
      'macvlan-dhcp',
      'ipvlan-static',
      'ptp-tuning-bandwidth',
      'bridge-portmap-firewall',
      'bridge-dual-stack',
      'bridge-static',
      'multus-macvlan-whereabouts',
    ]) {
      expect(templateById(id), id).toBeDefined();
    }
  });

  it('has unique kebab-case ids', () => {
    const ids = TEMPLATES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(KEBAB);
  });

  it('has unique network names', () => {
    const names = TEMPLATES.map((t) => t.document.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('finds every template by id and nothing else', () => {
    for (const t of TEMPLATES) expect(templateById(t.id)).toBe(t);
    expect(templateById('no-such-template')).toBeUndefined();
    expect(templateById('')).toBeUndefined();
  });

  describe.each(TEMPLATES.map((t) => [t.id, t] as const))('%s', (_id, t) => {
    it('has a title, a description and tags', () => {
      expect(t.title.trim()).not.toBe('');
      expect(t.description.trim()).not.toBe('');
      expect(t.tags.length).toBeGreaterThan(0);
      for (const tag of t.tags) expect(tag).toMatch(KEBAB);
    });

    it('is a non-empty conflist with a valid name and cniVersion', () => {
      const doc = t.document;
      expect(typeof doc.cniVersion).toBe('string');
      expect(doc.name).toMatch(NETWORK_NAME);
      expect(pluginList(doc).length > 0).toBe(true);
      // Survives a JSON round trip unchanged (no undefined, functions or other non-JSON values).
      expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    });

    it('carries NAD metadata exactly when its format is nad', () => {
      if (t.format === 'nad') {
        expect(t.nad?.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      } else {
        expect(t.nad).toBeUndefined();
      }
    });

    it('validates with no errors and no warnings', () => {
      const findings = validator.validate(t.document).filter((f) => f.severity === 'error' || f.severity === 'warning');
      expect(findings.map((f) => `${f.severity} ${f.code} ${f.pointer}: ${f.message}`)).toEqual([]);
    });
  });

  it('validates the NAD templates wrapped in a NetworkAttachmentDefinition', () => {
    for (const t of TEMPLATES.filter((x) => x.format === 'nad')) {
      const config = JSON.stringify(t.document, null, 2).replace(/\n/g, '\n    ');
      const yaml = [
        'apiVersion: k8s.cni.cncf.io/v1',
        'kind: NetworkAttachmentDefinition',
        'metadata:',
        `  name: ${t.nad!.name}`,
        ...(t.nad!.namespace ? [`  namespace: ${t.nad!.namespace}`] : []),
        'spec:',
        '  config: |',
        `    ${config}`,
        '',
      ].join('\n');
      const findings = validator.validate(yaml).filter((f) => f.severity === 'error' || f.severity === 'warning');
      expect(findings.map((f) => `${t.id}: ${f.severity} ${f.code} ${f.pointer}: ${f.message}`)).toEqual([]);
    }
  });
});
