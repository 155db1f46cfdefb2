/** Subset of JSON Schema the scenario loader reads when normalizing (and phase modules write). */
export interface SchemaNode {
  $ref?: string;
  $comment?: string;
  type?: string | string[];
  const?: unknown;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  enum?: unknown[];
  oneOf?: SchemaNode[];
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  uniqueItems?: boolean;
  discriminator?: { propertyName: string };
  'x-unit'?: string;
  pattern?: string;
  'x-expected'?: string;
}

export interface ScenarioSchema extends SchemaNode {
  definitions: Record<string, SchemaNode>;
}
