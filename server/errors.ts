// Errors that carry a message key (translated when shown) and an HTTP status.
// Domain code throws them without knowing about HTTP; the error handler maps them.

export interface MessageRef {
  key: string;
  params?: Record<string, string | number>;
}

export class UserError extends Error {
  readonly statusCode: number;
  readonly messages: MessageRef[];
  /** Where the error page's way back leads (the valid part of a search); the start page if unset. */
  readonly backUrl: string | undefined;
  constructor(statusCode: number, messages: MessageRef[], backUrl?: string) {
    super(messages.map((m) => m.key).join(', '));
    this.statusCode = statusCode;
    this.messages = messages;
    this.backUrl = backUrl;
  }
}

export class BadRequestError extends UserError {
  constructor(messages: MessageRef[], backUrl?: string) {
    super(400, messages, backUrl);
  }
}

export class NotFoundError extends UserError {
  constructor(key = 'error.notFound', params?: Record<string, string | number>) {
    super(404, [{ key, params }]);
  }
}
