// The door of scenarios/ for Node code (load/): the profile data and helpers the bundles share with it. Not a scenario.
export { parseValidateMode, type ValidateMode, validateModeText } from './lib/body-sampling.ts';
export type { Profile } from './lib/profile-data.ts';
export { SAMPLE_GROUP_PREFIX } from './lib/sample-group.ts';
export { firstSchemaError } from './lib/schema-error.ts';
export { measuredKey, mergeThresholds, unmeasuredKey } from './lib/warm-up.ts';
