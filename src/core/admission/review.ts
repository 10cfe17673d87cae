// The AdmissionReview envelope (admission.k8s.io/v1) as the API server sends it to a validating webhook,
// read strictly, and the response it expects back. What is judged lives in judge.ts; this file only says
// whether a body is a review at all (else the server answers 400 and the API server applies failurePolicy).
import { isJsonObject, type JsonObject } from '../model/types';

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';
export const ADMISSION_REVIEW_KIND = 'AdmissionReview';
export const ADMISSION_OPERATIONS = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'] as const;
export type AdmissionOperation = (typeof ADMISSION_OPERATIONS)[number];

/** A Kubernetes UID is a 36-character UUID; anything past this is not one, and echoing it back is refused. */
const MAX_UID_CHARS = 128;

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** The part of `request` a validating webhook reads; the rest (userInfo, options, …) is not needed. */
export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  operation: AdmissionOperation;
  namespace?: string;
  name?: string;
  /** The object after the operation; null for DELETE. */
  object: JsonObject | null;
  /** The object before an UPDATE or DELETE; null for CREATE. */
  oldObject: JsonObject | null;
}

export type ReviewRead = { ok: true; request: AdmissionRequest } | { ok: false; error: string };

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  /** Only on a denial: the code and the message the API server hands to the client. */
  status?: { code: number; message: string };
  warnings?: string[];
}

export interface AdmissionReviewResponse {
  apiVersion: typeof ADMISSION_API_VERSION;
  kind: typeof ADMISSION_REVIEW_KIND;
  response: AdmissionResponse;
}

const str = (v: unknown): v is string => typeof v === 'string';
const optionalStr = (o: JsonObject, key: string): string | undefined => (Object.hasOwn(o, key) && str(o[key]) ? (o[key] as string) : undefined);

/** What kind a GroupVersionKind-like value names, or why it is none. */
function readKind(v: unknown): GroupVersionKind | string {
  if (!isJsonObject(v)) return 'request.kind must be an object {group, version, kind}';
  const { group, version, kind } = v;
  // The core group is "" (and the API server may leave it out); version and kind are always there.
  if ((group !== undefined && !str(group)) || !str(version) || !str(kind) || kind === '') return 'request.kind needs string group, version and kind';
  return { group: group ?? '', version, kind };
}

/** A parsed JSON body as an AdmissionReview request, or why it is not one (for a 400). */
export function readAdmissionReview(body: unknown): ReviewRead {
  if (!isJsonObject(body)) return { ok: false, error: 'the body is not a JSON object' };
  if (body.apiVersion !== ADMISSION_API_VERSION) return { ok: false, error: `apiVersion must be "${ADMISSION_API_VERSION}" (set admissionReviewVersions: [v1] in the webhook configuration)` };
  if (body.kind !== ADMISSION_REVIEW_KIND) return { ok: false, error: `kind must be "${ADMISSION_REVIEW_KIND}"` };
  const request = Object.hasOwn(body, 'request') ? body.request : undefined;
  if (!isJsonObject(request)) return { ok: false, error: 'request must be an object' };
  const { uid, operation } = request;
  if (!str(uid) || uid === '' || uid.length > MAX_UID_CHARS) return { ok: false, error: `request.uid must be a non-empty string of at most ${MAX_UID_CHARS} characters` };
  const kind = readKind(Object.hasOwn(request, 'kind') ? request.kind : undefined);
  if (typeof kind === 'string') return { ok: false, error: kind };
  if (!(ADMISSION_OPERATIONS as readonly unknown[]).includes(operation)) return { ok: false, error: `request.operation must be one of ${ADMISSION_OPERATIONS.join(', ')}` };
  const object = Object.hasOwn(request, 'object') ? request.object : undefined;
  const oldObject = Object.hasOwn(request, 'oldObject') ? request.oldObject : undefined;
  const isObjectOrNull = (v: unknown) => v === undefined || v === null || isJsonObject(v);
  if (!isObjectOrNull(object) || !isObjectOrNull(oldObject)) return { ok: false, error: 'request.object and request.oldObject must be objects or null' };
  if ((operation === 'CREATE' || operation === 'UPDATE') && !isJsonObject(object)) return { ok: false, error: `request.object must be an object for ${operation}` };
  return {
    ok: true,
    request: {
      uid,
      kind,
      operation: operation as AdmissionOperation,
      ...(optionalStr(request, 'namespace') !== undefined ? { namespace: optionalStr(request, 'namespace') } : {}),
      ...(optionalStr(request, 'name') !== undefined ? { name: optionalStr(request, 'name') } : {}),
      object: isJsonObject(object) ? object : null,
      oldObject: isJsonObject(oldObject) ? oldObject : null,
    },
  };
}

/** The review the API server reads back: the response under the same apiVersion and kind. */
export function admissionReviewResponse(response: AdmissionResponse): AdmissionReviewResponse {
  return { apiVersion: ADMISSION_API_VERSION, kind: ADMISSION_REVIEW_KIND, response };
}
