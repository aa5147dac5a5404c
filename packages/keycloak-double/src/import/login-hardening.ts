// Brute-force detection and the password policy as Keycloak's import reads them (RealmRepresentation fields;
// PasswordPolicy.parse: `id(value) and id …`). Only the policy ids credman's realm uses are modelled: length,
// notUsername, notEmail, passwordHistory; another id is refused, so a realm the double cannot enforce fails loudly.
import { DEFAULT_BRUTE_FORCE } from '../model/realm.ts';
import type { BruteForceSettings, PasswordPolicyModel } from '../model/types.ts';
import { RealmImportError } from './import-error.ts';

type Rep = Record<string, unknown>;

export function readBruteForce(rep: Rep): BruteForceSettings {
  const number = (key: keyof BruteForceSettings): number => {
    const value = rep[key];
    return typeof value === 'number' ? value : (DEFAULT_BRUTE_FORCE[key] as number);
  };
  return {
    enabled: rep['bruteForceProtected'] === true,
    permanentLockout: rep['permanentLockout'] === true,
    maxTemporaryLockouts: number('maxTemporaryLockouts'),
    strategy: rep['bruteForceStrategy'] === 'LINEAR' ? 'LINEAR' : 'MULTIPLE',
    failureFactor: number('failureFactor'),
    waitIncrementSeconds: number('waitIncrementSeconds'),
    maxFailureWaitSeconds: number('maxFailureWaitSeconds'),
    maxDeltaTimeSeconds: number('maxDeltaTimeSeconds'),
    quickLoginCheckMilliSeconds: number('quickLoginCheckMilliSeconds'),
    minimumQuickLoginWaitSeconds: number('minimumQuickLoginWaitSeconds'),
  };
}

export function readPasswordPolicy(rep: Rep): PasswordPolicyModel {
  const policy: PasswordPolicyModel = { notUsername: false, notEmail: false };
  const text = typeof rep['passwordPolicy'] === 'string' ? rep['passwordPolicy'].trim() : '';
  if (text === '') return policy;
  for (const part of text.split(/\s+and\s+/)) {
    const match = /^([A-Za-z]+)(?:\(([^)]*)\))?$/.exec(part.trim());
    const id = match?.[1];
    if (id === 'length') policy.minLength = Number(match?.[2] ?? '8');
    else if (id === 'notUsername') policy.notUsername = true;
    else if (id === 'notEmail') policy.notEmail = true;
    else if (id === 'passwordHistory') policy.history = Number(match?.[2] ?? '3');
    else throw new RealmImportError(`password policy "${part}" is not modelled by the double`);
  }
  return policy;
}
