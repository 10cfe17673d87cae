// Minimal JSON Schema typing: enough to walk our own schemas without pulling a schema-types dependency.
export interface JsonSchema {
  $id?: string;
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  definitions?: Record<string, JsonSchema>;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  if?: JsonSchema;
  then?: JsonSchema;
  else?: JsonSchema;
  title?: string;
  description?: string;
  markdownDescription?: string;
  errorMessage?: string;
  'x-cni'?: Record<string, unknown>;
  [keyword: string]: unknown;
}

/** Every schema document of schemas/, as loaded by the environment (Vite glob in the app, fs in Node). */
export interface SchemaSet {
  conflist: JsonSchema;
  defs: JsonSchema;
  plugins: JsonSchema[];
}
