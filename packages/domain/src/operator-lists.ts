// Values the sidecar, the contract and the console share about operators' lists. They live here rather than in
// @credman/api-contract because the console imports only types from the contract: a value import would bundle
// zod, whose start-up probe for `new Function` breaks the console's CSP (docs/architecture.md#security-model).

/** Paging bound of GET /api/applications. */
export const APPLICATION_PAGE_MAX = 100;

/** The one warning the managers endpoints give: the application depends on one person, or nobody. */
export const FEWER_THAN_TWO_MANAGERS = 'fewer-than-two-managers';
