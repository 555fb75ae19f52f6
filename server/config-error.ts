// A configuration the server cannot start with; the CLI turns it into one paragraph and exit 2.

export class ServerConfigError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}
