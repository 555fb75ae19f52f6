// An error answer of the Calls API: status, the documented Error body, and extras (issues).

export interface ValidationIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: ValidationIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return this.issues ? { error: this.message, code: this.code, issues: this.issues } : { error: this.message, code: this.code };
  }
}

export const notFound = (what: string) => new ApiError(404, 'NOT_FOUND', what === 'agent' ? 'not found' : `${what} not found`);
export const unauthorized = () => new ApiError(401, 'UNAUTHORIZED', 'Unauthorized');
