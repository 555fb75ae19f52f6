// A broken promise of the lifecycle, seen in one response of a sequence. `assumption` marks what
// the documents do not promise but any client would assume (a 4xx rather than a 2xx, no transfer
// vanishing): the finding says so.
export class ModelViolation extends Error {
  constructor(
    readonly operationId: string,
    message: string,
    readonly expected: string,
    readonly received: string,
    readonly assumption = false,
  ) {
    super(message);
  }
}
