// Schemas that apply the right plugin schema by `type` (and IPAM schema by `ipam.type`) inside a whole
// conflist, for JSON language services (Monaco, VS Code) that cannot run our dispatch code.
import type { Catalog } from './catalog';
import type { JsonSchema } from '../schema/types';

export const DOCUMENT_SCHEMA_ID = 'https://cni-studio.dev/schemas/document.schema.json';
export const IPAM_DISPATCH_ID = 'https://cni-studio.dev/schemas/ipam-dispatch.schema.json';

const typeIs = (type: string): JsonSchema => ({ type: 'object', properties: { type: { const: type } }, required: ['type'] });

/** The `ipam` object: known IPAM types get their schema; `type` completes to every known IPAM type. */
export function buildIpamDispatchSchema(catalog: Catalog): JsonSchema {
  const ipamTypes = catalog.entries.filter((e) => e.role === 'ipam' || e.ipamDefinition);
  return {
    $id: IPAM_DISPATCH_ID,
    type: 'object',
    properties: {
      type: {
        type: 'string',
        markdownDescription: 'The IPAM plugin binary, found in CNI_PATH.',
        anyOf: [{ enum: ipamTypes.map((e) => e.type), markdownEnumDescriptions: ipamTypes.map((e) => e.summary) }, { type: 'string' }],
      },
    },
    allOf: ipamTypes.map((e) => ({ if: typeIs(e.type), then: { $ref: e.ipamDefinition !== undefined ? `${e.schema.$id}${e.ipamDefinition}` : e.schema.$id } })),
  };
}

/** The whole conflist: the envelope plus, for each plugin, the schema its `type` selects. */
export function buildDocumentSchema(catalog: Catalog): JsonSchema {
  const steps = catalog.entries.filter((e) => e.role !== 'ipam');
  return {
    $id: DOCUMENT_SCHEMA_ID,
    type: 'object',
    // Absolute: some language services resolve relative refs against the document, not the schema.
    allOf: [{ $ref: catalog.schemas.conflist.$id ?? 'conflist.schema.json' }],
    properties: {
      plugins: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            type: {
              type: 'string',
              anyOf: [{ enum: steps.map((e) => e.type), markdownEnumDescriptions: steps.map((e) => e.summary) }, { type: 'string' }],
            },
            ipam: { $ref: IPAM_DISPATCH_ID },
          },
          allOf: steps.map((e) => ({ if: typeIs(e.type), then: { $ref: e.schema.$id } })),
        },
      },
    },
  };
}
