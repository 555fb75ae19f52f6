// k6's error codes the harness gives (the built-in engine) and reads (the reports), in one place:
// https://grafana.com/docs/k6/latest/javascript-api/error-codes/.

/** A socket that could not be opened for want of a file descriptor (EMFILE: "dial: unknown errno 24"). */
export const K6_DIAL_TOO_MANY_OPEN_FILES = 1213;
