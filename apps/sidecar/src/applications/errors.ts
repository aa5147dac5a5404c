// The operator use cases' errors (creating applications, assigning managers), each with a stable `code` that the
// HTTP layer maps to a problem (http/error-mapping.ts).
import type { FieldError } from '@credman/domain';
import type { Manager } from './managers.ts';

/** The request's name parts or permissions break the domain rules; one field error each. */
export class ApplicationInputError extends Error {
  override name = 'ApplicationInputError';
  readonly code = 'application-input-invalid';
  readonly fields: FieldError[];
  constructor(fields: FieldError[]) {
    super(fields.map((f) => `${f.field}: ${f.message}`).join('; '));
    this.fields = fields;
  }
}

/** A client of that clientId exists already. */
export class ApplicationExistsError extends Error {
  override name = 'ApplicationExistsError';
  readonly code = 'application-exists';
}

/** No user of that id. */
export class UserNotFoundError extends Error {
  override name = 'UserNotFoundError';
  readonly code = 'user-not-found';
}

/** Managers receive reminders and security notices by mail, so their address must be verified. */
export class EmailNotVerifiedError extends Error {
  override name = 'EmailNotVerifiedError';
  readonly code = 'email-not-verified';
}

/** An operator named themselves: making oneself a manager takes a second operator. */
export class SelfAssignmentError extends Error {
  override name = 'SelfAssignmentError';
  readonly code = 'self-assignment';
}

/** The user manages the application only through a group; removing them is a change of group membership. */
export class ManagedThroughGroupError extends Error {
  override name = 'ManagedThroughGroupError';
  readonly code = 'managed-through-group';
  readonly via: Manager['via'];
  constructor(username: string, via: Manager['via']) {
    super(`${username} manages the application through ${via}`);
    this.via = via;
  }
}
