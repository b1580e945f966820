/**
 * Typed errors. Every error a user can cause is an HttpError with an HTTP
 * status, a machine code (UPPER_SNAKE) and a Chinese message; one middleware
 * formats them all as { code, message, hint? }.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** 400: the request is malformed; nothing was changed. */
export class BadRequestError extends HttpError {
  constructor(code: string, message: string, field?: string, hint?: string) {
    super(400, code, message, hint, field);
  }
}

/** 401: not logged in or the session has ended. */
export class UnauthorizedError extends HttpError {
  constructor(code = 'AUTH_REQUIRED', message = '请先登录') {
    super(401, code, message);
  }
}

/** 403: logged in, but the role or department does not allow this. */
export class ForbiddenError extends HttpError {
  constructor(code = 'FORBIDDEN', message = '无权执行此操作') {
    super(403, code, message);
  }
}

/** 404: the thing does not exist or is not visible to this user. */
export class NotFoundError extends HttpError {
  constructor(code: string, message: string) {
    super(404, code, message);
  }
}

/** 409: the thing is in a state that does not allow this action. */
export class ConflictError extends HttpError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}

/** 503: a dependency (database, engine) is unavailable; retry later. */
export class UnavailableError extends HttpError {
  constructor(code: string, message: string) {
    super(503, code, message);
  }
}

/**
 * A record an automated step refers to is not there. Right after a registration it may not be
 * visible yet: the case row and the process start share one transaction, and a worker can fetch
 * the first external task before that transaction commits. The worker runner retries such a
 * step for a moment before counting it as a failed attempt.
 */
export class RecordNotFoundError extends Error {
  constructor(
    readonly kind: 'case' | 'conference matter' | 'payroll run' | 'price figure',
    readonly id: string,
  ) {
    super(`${kind} ${id} not found`);
    this.name = 'RecordNotFoundError';
  }
}
