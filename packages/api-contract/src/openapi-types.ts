// The subset of OpenAPI 3.1 the sidecar's document uses, typed so that a typo in a member name fails the build.
// Schemas are JSON Schema 2020-12 as zod's z.toJSONSchema writes them: the common keywords are named, the rest
// pass through the index signature.

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options';

/** JSON Schema 2020-12 keywords used by the document. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  title?: string;
  description?: string;
  format?: string;
  enum?: readonly (string | number)[];
  const?: string | number | boolean;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: readonly string[];
  additionalProperties?: boolean | Schema;
  oneOf?: Schema[];
  allOf?: Schema[];
  examples?: unknown[];
  [keyword: string]: unknown;
}

export interface MediaType {
  schema: Schema;
}

export interface Header {
  description: string;
  schema: Schema;
}

export interface Response {
  description: string;
  headers?: Record<string, Header | { $ref: string }>;
  content?: Record<string, MediaType>;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description?: string;
  schema: Schema;
}

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  /** Empty array = no authentication; absent = the document's default (bearer). */
  security?: Record<string, string[]>[];
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required: boolean; content: Record<string, MediaType> };
  responses: Record<string, Response | { $ref: string }>;
  /** credman's marker for endpoints that are designed but not served yet. */
  'x-credman-status'?: 'planned';
}

export type PathItem = Partial<Record<HttpMethod, Operation>> & {
  parameters?: (Parameter | { $ref: string })[];
};

export interface OpenApiDocument {
  openapi: '3.1.0' | '3.1.1';
  info: { title: string; version: string; description?: string };
  servers?: { url: string; description?: string }[];
  security: Record<string, string[]>[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, Schema>;
    responses: Record<string, Response>;
    headers: Record<string, Header>;
    securitySchemes: Record<
      string,
      { type: 'http'; scheme: 'bearer'; bearerFormat?: string; description?: string }
    >;
  };
}
