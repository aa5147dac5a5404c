import { expect, it } from 'vitest';
import * as domain from '@credman/domain';

it('exposes every module through the package entry point', () => {
  for (const name of [
    'COUNTRIES',
    'parseApplicationName',
    'formatApplicationName',
    'validateApplicationParts',
    'validatePermissions',
    'permissionScopesFor',
    'DEFAULT_API_CATALOGUE',
    'validateSecretName',
    'defaultSecretName',
    'expiryInstant',
    'expiryBounds',
    'validateExpiryDate',
    'secretHint',
    'secretStatus',
    'daysLeft',
    'EXPIRING_THRESHOLD_DAYS',
    'dueReminder',
    'reminderMilestones',
    'PROBLEMS',
    'problemType',
    'toEpochMillis',
  ]) {
    expect(domain, name).toHaveProperty(name);
  }
});
