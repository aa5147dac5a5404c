/** A realm representation the double cannot import (Keycloak would refuse it, or the double cannot model it). */
export class RealmImportError extends Error {
  override name = 'RealmImportError';
}
