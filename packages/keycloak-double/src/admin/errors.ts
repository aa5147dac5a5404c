// Error responses of the Admin REST API as Keycloak writes them. KeycloakErrorHandler turns a JAX-RS exception
// into `{"error": <message>}`; ErrorResponse.exists/error give `{"errorMessage": ...}`.
export class AdminHttpError extends Error {
  override name = 'AdminHttpError';
  readonly status: number;
  readonly body: Record<string, string>;
  readonly headers: Record<string, string>;

  constructor(status: number, body: Record<string, string>, headers: Record<string, string> = {}) {
    super(Object.values(body).join(' '));
    this.status = status;
    this.body = body;
    this.headers = headers;
  }

  toResponse(): Response {
    return Response.json(this.body, { status: this.status, headers: this.headers });
  }
}

/** NotAuthorizedException: the JAX-RS default message; Keycloak 26.7.3 sends no WWW-Authenticate with it. */
export const unauthorized = (): AdminHttpError => new AdminHttpError(401, { error: 'HTTP 401 Unauthorized' });

/** A message-less ForbiddenException thrown by the permission evaluators. */
export const forbidden = (): AdminHttpError => new AdminHttpError(403, { error: 'HTTP 403 Forbidden' });

/** NotFoundException(message). */
export const notFound = (message: string): AdminHttpError => new AdminHttpError(404, { error: message });

/** BadRequestException / ErrorResponse.error(message, 400). */
export const badRequest = (message: string): AdminHttpError => new AdminHttpError(400, { error: message });

/** ErrorResponse.exists(message). */
export const conflict = (message: string): AdminHttpError =>
  new AdminHttpError(409, { errorMessage: message });

/** Quarkus refuses a request body over its size limit before Keycloak sees it. */
export const payloadTooLarge = (): AdminHttpError => new AdminHttpError(413, {});
