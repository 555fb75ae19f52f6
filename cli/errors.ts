// The CLI's view of the one error model (core/): codes, their catalog and the coded error.
export { ERROR_CATALOG, isErrorCode, type ErrorCode } from '../core/index.ts';
export { CodedError as HarnessError, formatError } from '../core/index.ts';
