// The sidecar's API as an OpenAPI 3.1 document (served at GET /api/openapi.json), built once from the contract
// (@credman/api-contract, docs/architecture.md#http-api). A test checks it against the router.
import { openApiDocument } from '@credman/api-contract';
import type { OpenApiDocument } from '@credman/api-contract';

export const OPENAPI_DOCUMENT: OpenApiDocument = openApiDocument();
