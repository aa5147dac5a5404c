// @credman/api-contract: the sidecar's HTTP API in one place (README.md).
export * from './schemas.ts';
export * from './requests.ts';
export * from './operations.ts';
export * from './types.ts';
export { openApiDocument } from './openapi.ts';
export type * from './openapi-types.ts';
