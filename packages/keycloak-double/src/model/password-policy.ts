// PasswordPolicyManagerProvider.validate for the policies the double models, in the order Keycloak reports them,
// with Keycloak's message keys and English texts (messages_en; seen on 26.7.3 for length and notEmail).
import type { PasswordPolicyModel, UserModel } from './types.ts';

export interface PolicyError {
  key: string;
  description: string;
}

export function passwordPolicyError(
  policy: PasswordPolicyModel,
  user: Pick<UserModel, 'username' | 'email' | 'password' | 'previousPasswords'>,
  password: string,
): PolicyError | undefined {
  if (policy.minLength !== undefined && password.length < policy.minLength)
    return {
      key: 'invalidPasswordMinLengthMessage',
      description: `Invalid password: minimum length ${String(policy.minLength)}.`,
    };
  if (policy.notUsername && password.toLowerCase() === user.username.toLowerCase())
    return {
      key: 'invalidPasswordNotUsernameMessage',
      description: 'Invalid password: must not be equal to the username.',
    };
  if (policy.notEmail && user.email !== undefined && password.toLowerCase() === user.email.toLowerCase())
    return {
      key: 'invalidPasswordNotEmailMessage',
      description: 'Invalid password: must not be equal to the email.',
    };
  // HistoryPasswordPolicyProvider: the current password and the stored history of N − 1 earlier ones.
  if (policy.history !== undefined && policy.history > 0) {
    const recent = [user.password, ...(user.previousPasswords ?? []).slice(0, policy.history - 1)];
    if (recent.includes(password))
      return {
        key: 'invalidPasswordHistoryMessage',
        description: `Invalid password: must not be equal to any of last ${String(policy.history)} passwords.`,
      };
  }
  return undefined;
}
