import { describe, expect, it } from 'vitest';
import { readAdmissionReview } from './review';
import { nadReview } from './testing';
import type { JsonObject } from '../model/types';

const withRequest = (patch: JsonObject): JsonObject => {
  const review = nadReview();
  return { ...review, request: { ...(review.request as JsonObject), ...patch } };
};

describe('readAdmissionReview', () => {
  it('reads a review as kube-apiserver sends it', () => {
    const read = readAdmissionReview(nadReview({ operation: 'UPDATE' }));
    expect(read.ok && read.request).toMatchObject({ uid: '705ab4f5-6393-11e8-b7cc-42010a800002', operation: 'UPDATE', namespace: 'default', name: 'macvlan-conf', kind: { group: 'k8s.cni.cncf.io', kind: 'NetworkAttachmentDefinition' } });
  });

  it('takes DELETE with a null object', () => {
    const read = readAdmissionReview(nadReview({ operation: 'DELETE' }));
    expect(read.ok && read.request.object).toBeNull();
  });

  it.each([
    ['not an object', [], 'not a JSON object'],
    ['v1beta1', { ...nadReview(), apiVersion: 'admission.k8s.io/v1beta1' }, 'apiVersion must be "admission.k8s.io/v1"'],
    ['another kind', { ...nadReview(), kind: 'Review' }, 'kind must be'],
    ['no request', { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }, 'request must be an object'],
    ['no uid', withRequest({ uid: null }), 'request.uid'],
    ['empty uid', withRequest({ uid: '' }), 'request.uid'],
    ['numeric uid', withRequest({ uid: 7 }), 'request.uid'],
    ['huge uid', withRequest({ uid: 'u'.repeat(129) }), 'request.uid'],
    ['kind a string', withRequest({ kind: 'NetworkAttachmentDefinition' }), 'request.kind'],
    ['unknown operation', withRequest({ operation: 'PATCH' }), 'request.operation'],
    ['CREATE without object', withRequest({ object: null }), 'request.object must be an object for CREATE'],
    ['object an array', withRequest({ object: [] }), 'request.object and request.oldObject'],
    ['request from the prototype', JSON.parse('{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","__proto__":{"request":{}}}'), 'request must be an object'],
  ])('refuses %s', (_name, body, error) => {
    const read = readAdmissionReview(body);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error).toContain(error);
  });
});
