// Level of Authentication (LoA) and the `acr` claim, as Keycloak computes them:
// AcrUtils (requested values, client minimum, ACR→LoA map), AuthorizationEndpoint.updateAuthenticationSession
// (requested level) and AcrProtocolMapper (the claim). Pure functions; the login flow supplies the levels.
import { parseAcrLoaMap } from '../oidc/discovery.ts';
import type { RealmState } from '../model/realm.ts';
import type { ClientModel } from '../model/types.ts';

/** Constants.NO_LOA / Constants.MINIMUM_LOA. */
export const NO_LOA = -1;
export const MINIMUM_LOA = 0;

/** The client's `acr.loa.map` when set and not empty, else the realm's (AcrUtils.getAcrLoaMap). */
export function acrLoaMap(realm: RealmState, client: ClientModel): Record<string, number> {
  const own = parseAcrLoaMap(client.attributes.get('acr.loa.map'));
  return Object.keys(own).length > 0 ? own : parseAcrLoaMap(realm.attributes.get('acr.loa.map'));
}

/** Levels configured in the browser flow; without LoA conditions Keycloak assumes 0 and 1 (LoAUtil). */
function levelsInBrowserFlow(realm: RealmState): number[] {
  return realm.loaSteps.length === 0
    ? [MINIMUM_LOA, 1]
    : [MINIMUM_LOA, ...realm.loaSteps.map((s) => s.level)];
}

/** AcrUtils.getLoaForAcr: the mapped level, or the acr itself when it is a level of the browser flow. */
function loaForAcr(realm: RealmState, acr: string, map: Record<string, number>): number | undefined {
  const mapped = map[acr];
  if (mapped !== undefined) return mapped;
  return levelsInBrowserFlow(realm).find((level) => String(level) === acr);
}

interface AcrClaimRequest {
  values?: unknown;
  value?: unknown;
  essential?: unknown;
}

/** The `acr` entry of the `claims` parameter's id_token member; undefined when absent or not JSON. */
function acrClaimRequest(claimsParam: string | undefined): AcrClaimRequest | undefined {
  if (claimsParam === undefined) return undefined;
  try {
    const parsed = JSON.parse(claimsParam) as { id_token?: { acr?: AcrClaimRequest | null } } | null;
    return parsed?.id_token?.acr ?? undefined;
  } catch {
    return undefined;
  }
}

function claimValues(claim: AcrClaimRequest): string[] {
  const isText = (v: unknown): v is string => typeof v === 'string';
  if (Array.isArray(claim.values)) return claim.values.filter(isText);
  return isText(claim.value) ? [claim.value] : [];
}

/** AcrUtils.getRequiredAcrValues: the essential acr values of the `claims` parameter. */
export function essentialAcrValues(claimsParam: string | undefined): string[] {
  const claim = acrClaimRequest(claimsParam);
  return claim?.essential === true ? claimValues(claim) : [];
}

/** AcrUtils.enforceMinimumAcr: drops values below the client minimum (or unmappable); the minimum if none left. */
export function enforceMinimumAcr(realm: RealmState, client: ClientModel, acrValues: string[]): string[] {
  const minimum = client.attributes.get('minimum.acr.value');
  if (minimum === undefined || minimum === '') return acrValues;
  const map = acrLoaMap(realm, client);
  const minimumLoa = loaForAcr(realm, minimum, map);
  // An unmappable minimum is only logged by Keycloak, not enforced.
  if (minimumLoa === undefined) return acrValues;
  const kept = acrValues.filter((acr) => {
    const loa = loaForAcr(realm, acr, map);
    return loa !== undefined && loa >= minimumLoa;
  });
  return kept.length > 0 ? kept : [minimum];
}

/** AcrUtils.getAcrValues: acr_values + non-essential claims, else the client defaults, then the minimum. */
export function requestedAcrValues(
  realm: RealmState,
  client: ClientModel,
  claimsParam: string | undefined,
  acrValuesParam: string | undefined,
): string[] {
  const values = acrValuesParam !== undefined ? acrValuesParam.split(' ') : [];
  const claim = acrClaimRequest(claimsParam);
  if (claim) values.push(...claimValues(claim));
  const chosen =
    values.length > 0
      ? values
      : (client.attributes.get('default.acr.values') ?? '').split('##').filter((v) => v !== '');
  return enforceMinimumAcr(realm, client, chosen);
}

export type RequestedLevel =
  | { ok: true; level: number; forced: boolean }
  | { ok: false; reason: 'Invalid requested essential acr value' };

/**
 * The level an authorization request asks for (AuthorizationEndpoint.updateAuthenticationSession): the lowest
 * level among the requested acr values. Essential values below the client minimum, or unmappable essential
 * values, are rejected ("Invalid parameter: claims").
 */
export function requestedLevel(
  realm: RealmState,
  client: ClientModel,
  claimsParam: string | undefined,
  acrValuesParam: string | undefined,
): RequestedLevel {
  const map = acrLoaMap(realm, client);
  const essential = essentialAcrValues(claimsParam);
  let values: string[];
  let forced = false;
  if (essential.length > 0) {
    const minimized = enforceMinimumAcr(realm, client, essential);
    if (minimized.length !== essential.length || minimized.some((v, i) => v !== essential[i]))
      return { ok: false, reason: 'Invalid requested essential acr value' };
    values = essential;
    forced = true;
  } else {
    values = requestedAcrValues(realm, client, claimsParam, acrValuesParam);
  }
  const levels: number[] = [];
  for (const acr of values) {
    const mapped = map[acr];
    if (mapped !== undefined) levels.push(mapped);
    else if (/^-?\d+$/.test(acr)) levels.push(Number(acr));
    else if (forced) return { ok: false, reason: 'Invalid requested essential acr value' };
    else levels.push(MINIMUM_LOA);
  }
  return { ok: true, level: levels.length > 0 ? Math.min(...levels) : NO_LOA, forced };
}

/** AcrUtils.mapLoaToAcr: the candidate with the highest level that the achieved level satisfies. */
export function mapLoaToAcr(
  loa: number,
  map: Record<string, number>,
  candidates: string[],
): string | undefined {
  if (Object.keys(map).length === 0 || candidates.length === 0) return undefined;
  let chosen: string | undefined;
  let best = -1;
  for (const acr of candidates) {
    const mapped = map[acr] ?? (/^-?\d+$/.test(acr) ? Number(acr) : undefined);
    if (mapped !== undefined && mapped > best && loa >= mapped) {
      chosen = acr;
      best = mapped;
    }
  }
  return chosen;
}

/**
 * The `acr` claim (AcrProtocolMapper.getAcr): essential values first, then requested/default/minimum values,
 * then any map key, else the level as a string. Without a level (no LoA flow) a fresh login is 1, SSO is 0.
 */
export function acrClaim(
  realm: RealmState,
  client: ClientModel,
  achievedLoa: number,
  sso: boolean,
  request: { claims?: string | undefined; acrValues?: string | undefined },
): string {
  const loa = achievedLoa < MINIMUM_LOA ? (sso ? 0 : 1) : achievedLoa;
  const map = acrLoaMap(realm, client);
  return (
    mapLoaToAcr(loa, map, essentialAcrValues(request.claims)) ??
    mapLoaToAcr(loa, map, requestedAcrValues(realm, client, request.claims, request.acrValues)) ??
    mapLoaToAcr(loa, map, Object.keys(map)) ??
    String(loa)
  );
}
