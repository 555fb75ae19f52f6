// The name prefix of the groups that carry a contract violation sample (violation-sample.ts); the
// reports read it too, so it lives apart from anything that imports k6.
export const SAMPLE_GROUP_PREFIX = 'contract violation sample ';
