// The registry: every check, in the order a report lists them.
import type { Check } from '../check.ts';
import { cancellationIsReflected } from './cancellation-is-reflected.ts';
import { completionIsReflected } from './completion-is-reflected.ts';
import { contentTypeConformance } from './content-type-conformance.ts';
import { endedTransferStaysEnded } from './ended-transfer-stays-ended.ts';
import { invalidBodiesRejected } from './invalid-bodies-rejected.ts';
import { lifecycleModelHolds } from './lifecycle-model-holds.ts';
import { raceHasOneWinner } from './race-has-one-winner.ts';
import { responseSchemaConformance } from './response-schema-conformance.ts';
import { successStatusConformance } from './success-status-conformance.ts';
import { tryNextDialsNext } from './try-next-dials-next.ts';
import { unauthorizedIsRejected } from './unauthorized-is-rejected.ts';
import { validBodiesAccepted } from './valid-bodies-accepted.ts';

export const CHECKS: readonly Check[] = [
  successStatusConformance,
  contentTypeConformance,
  responseSchemaConformance,
  unauthorizedIsRejected,
  validBodiesAccepted,
  invalidBodiesRejected,
  completionIsReflected,
  cancellationIsReflected,
  tryNextDialsNext,
  endedTransferStaysEnded,
  raceHasOneWinner,
  lifecycleModelHolds,
];
