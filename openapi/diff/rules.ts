// The change kinds `schemas diff` reports, named after oasdiff's check ids, and whether each breaks
// existing clients. The principle: a request change breaks when the new document rejects something
// a client was allowed to send; a response change breaks when the new document allows something a
// client was told it would never receive (clients that validate responses, as this harness does,
// then fail). `oasdiff` records oasdiff's own level, so that where we are stricter it shows.

export type Level = 'breaking' | 'non-breaking';
export type OasdiffLevel = 'ERR' | 'WARN' | 'INFO' | 'opt-in ERR' | 'none';
/** oasdiff's three levels: a definite break, a possible one (or one oasdiff does not fail on), none. */
export type Severity = 'error' | 'warning' | 'info';

export interface Rule {
  level: Level;
  oasdiff: OasdiffLevel;
  /** What changed, in a few words. */
  title: string;
  /** Why it breaks clients, when that is not plain from the title. */
  why?: string;
}

const breaking = (oasdiff: OasdiffLevel, title: string, why?: string): Rule => ({ level: 'breaking', oasdiff, title, ...(why ? { why } : {}) });
const compatible = (oasdiff: OasdiffLevel, title: string): Rule => ({ level: 'non-breaking', oasdiff, title });

/** A breaking change is an error where oasdiff fails on it too, a warning where only we do (or oasdiff only warns). */
export function severityOf(rule: Rule): Severity {
  if (rule.level === 'non-breaking') return 'info';
  return rule.oasdiff === 'ERR' || rule.oasdiff === 'opt-in ERR' ? 'error' : 'warning';
}

/** Changes to operations, bodies, statuses and parameters as such. */
export const OPERATION_RULES = {
  'api-removed-without-deprecation': breaking('ERR', 'operation removed'),
  'api-removed-after-deprecation': breaking('INFO', 'deprecated operation removed', 'clients still calling it fail'),
  'api-removed-before-sunset': breaking('ERR', 'deprecated operation removed before its x-sunset date'),
  'api-path-sunset-parse': breaking('ERR', 'deprecated operation removed, its x-sunset not a date', 'whether its time had come cannot be told'),
  'endpoint-reactivated': compatible('INFO', 'operation no longer deprecated'),
  'endpoint-added': compatible('INFO', 'operation added'),
  'api-operation-id-updated': breaking('WARN', 'operationId changed', 'generated clients rename the method'),
  'api-deprecated': compatible('INFO', 'operation deprecated'),
  'response-success-status-removed': breaking('ERR', 'success status removed', 'clients expecting it fail'),
  'response-success-status-added': compatible('INFO', 'success status added'),
  'response-media-type-removed': breaking('ERR', 'response media type removed', 'clients asking for it get nothing they can read'),
  'response-media-type-added': compatible('INFO', 'response media type added'),
  'response-non-success-status-removed': compatible('INFO', 'error status removed'),
  'response-non-success-status-added': compatible('INFO', 'error status added'),
  'required-response-header-removed': breaking('ERR', 'required response header removed'),
  'optional-response-header-removed': breaking('WARN', 'optional response header removed', 'clients reading it get nothing'),
  'response-header-became-optional': breaking('ERR', 'response header became optional', 'clients reading it may get nothing'),
  'response-header-became-required': compatible('INFO', 'response header became required'),
  'response-header-added': compatible('INFO', 'response header added'),
  'request-body-media-type-removed': breaking('ERR', 'request media type removed', 'clients sending it are refused'),
  'request-body-media-type-added': compatible('INFO', 'request media type added'),
  'added-required-request-body': breaking('ERR', 'required request body added'),
  'added-optional-request-body': compatible('INFO', 'optional request body added'),
  'request-body-became-required': breaking('ERR', 'request body became required'),
  'request-body-became-optional': compatible('INFO', 'request body became optional'),
  'request-body-removed': breaking('none', 'request body removed', 'clients still send one'),
  'new-required-request-parameter': breaking('ERR', 'required parameter added'),
  'new-optional-request-parameter': compatible('INFO', 'optional parameter added'),
  'request-parameter-removed': breaking('WARN', 'parameter removed', 'clients still send it'),
  'request-parameter-removed-with-deprecation': compatible('INFO', 'deprecated parameter removed'),
  'request-parameter-deprecated': compatible('INFO', 'parameter deprecated'),
  'request-parameter-reactivated': compatible('INFO', 'parameter no longer deprecated'),
  'request-path-parameter-renamed': compatible('none', 'path parameter renamed (the URL is the same)'),
  'request-parameter-style-changed': breaking('none', 'parameter serialization (style/explode) changed', 'clients write it the old way'),
  'api-security-removed': breaking('ERR', 'security requirement removed', 'clients authenticating that way are refused'),
  'api-security-added': compatible('INFO', 'security requirement added as an alternative'),
  'api-security-scope-added': breaking('ERR', 'security scope required', 'tokens without it are refused'),
  'api-security-scope-removed': compatible('INFO', 'security scope no longer required'),
  'request-parameter-became-required': breaking('ERR', 'parameter became required'),
  'request-parameter-became-optional': compatible('INFO', 'parameter became optional'),
} as const satisfies Record<string, Rule>;

/** Properties appearing, disappearing or changing their required status. */
export const PROPERTY_RULES = {
  'new-required-request-property': breaking('ERR', 'added as required'),
  'new-optional-request-property': compatible('INFO', 'added as optional'),
  'request-property-removed': breaking('WARN', 'removed', 'clients still send it'),
  'request-property-became-required': breaking('ERR', 'became required'),
  'request-property-became-optional': compatible('INFO', 'became optional'),
  'response-required-property-removed': breaking('ERR', 'removed'),
  'response-optional-property-removed': breaking('WARN', 'removed', 'clients reading it get nothing'),
  'response-required-property-added': compatible('INFO', 'added'),
  'response-optional-property-added': compatible('INFO', 'added'),
  'response-property-became-optional': breaking('ERR', 'became optional'),
  'response-property-became-required': compatible('INFO', 'became required'),
} as const satisfies Record<string, Rule>;

/** How a schema keyword change lands in a request and in a response. */
interface SchemaRule {
  request: Rule;
  response: Rule;
}

/** Narrowing: fewer values accepted. Breaks requests, not responses. */
const narrowing = (what: string, requestLevel: OasdiffLevel = 'ERR'): SchemaRule => ({
  request: breaking(requestLevel, what, 'values clients send may be rejected'),
  response: compatible('INFO', what),
});
/** Widening: more values accepted. Breaks responses, not requests. */
const widening = (what: string, responseLevel: OasdiffLevel = 'ERR'): SchemaRule => ({
  request: compatible('INFO', what),
  response: breaking(responseLevel, what, 'clients may receive values they were told never come'),
});

/** The bound keywords, with the name oasdiff gives them and which way is narrower. */
export const BOUNDS = [
  { keyword: 'maximum', name: 'max', upper: true },
  { keyword: 'minimum', name: 'min', upper: false },
  { keyword: 'maxLength', name: 'max-length', upper: true },
  { keyword: 'minLength', name: 'min-length', upper: false },
  { keyword: 'maxItems', name: 'max-items', upper: true },
  { keyword: 'minItems', name: 'min-items', upper: false },
  { keyword: 'maxProperties', name: 'max-properties', upper: true },
  { keyword: 'minProperties', name: 'min-properties', upper: false },
] as const;

type BoundName = (typeof BOUNDS)[number]['name'];
export type BoundMove = 'increased' | 'decreased' | 'set' | 'unset';
type BoundKind = `${BoundName}-${BoundMove}`;

function boundRules(): Record<BoundKind, SchemaRule> {
  const out = {} as Record<BoundKind, SchemaRule>;
  for (const { keyword, name, upper } of BOUNDS) {
    out[`${name}-set`] = narrowing(`${keyword} set`, 'WARN');
    out[`${name}-unset`] = widening(`${keyword} removed`);
    out[`${name}-${upper ? 'decreased' : 'increased'}`] = narrowing(`${keyword} ${upper ? 'decreased' : 'increased'}`);
    out[`${name}-${upper ? 'increased' : 'decreased'}`] = widening(`${keyword} ${upper ? 'increased' : 'decreased'}`);
  }
  return out;
}

export const SCHEMA_RULES = {
  'type-changed': { request: breaking('ERR', 'type/format changed'), response: breaking('ERR', 'type/format changed') },
  'type-generalized': widening('type generalized'),
  'type-specialized': narrowing('type specialized'),
  'became-nullable': widening('became nullable'),
  'became-not-nullable': narrowing('became not nullable'),
  'became-enum': narrowing('restricted to an enum'),
  'enum-removed': widening('no longer restricted to an enum'),
  // oasdiff's opt-in check: a value clients branch on is gone from the responses too.
  'enum-value-removed': { request: breaking('ERR', 'enum value removed'), response: breaking('opt-in ERR', 'enum value removed', 'a value clients handle is gone') },
  'enum-value-added': widening('enum value added', 'WARN'),
  'pattern-added': narrowing('pattern added', 'WARN'),
  'pattern-removed': widening('pattern removed'),
  'pattern-changed': { request: breaking('WARN', 'pattern changed', 'whether it accepts less cannot be told'), response: breaking('WARN', 'pattern changed', 'whether it allows more cannot be told') },
  'description-changed': { request: compatible('none', 'description changed'), response: compatible('none', 'description changed') },
  ...boundRules(),
  // `minimum: 5` and `exclusiveMinimum: 5` (or 3.0's `exclusiveMinimum: true`) at the same value.
  'min-became-exclusive': narrowing('minimum became exclusive'),
  'min-became-inclusive': widening('minimum became inclusive'),
  'max-became-exclusive': narrowing('maximum became exclusive'),
  'max-became-inclusive': widening('maximum became inclusive'),
  'multiple-of-set': narrowing('multipleOf set', 'WARN'),
  'multiple-of-unset': widening('multipleOf removed'),
  // A new multipleOf that is a multiple of the old one allows a subset, and the other way round.
  'multiple-of-increased': narrowing('multipleOf raised to a multiple of the old one'),
  'multiple-of-decreased': widening('multipleOf lowered to a divisor of the old one'),
  'multiple-of-changed': { request: breaking('ERR', 'multipleOf changed', 'values clients send may be rejected'), response: breaking('ERR', 'multipleOf changed', 'clients may receive values they were told never come') },
  'unique-items-set': narrowing('uniqueItems set', 'WARN'),
  'unique-items-unset': widening('uniqueItems removed'),
  'additional-properties-became-false': narrowing('additionalProperties became false', 'ERR'),
  'additional-properties-narrowed': narrowing('additionalProperties restricted to a schema'),
  'additional-properties-widened': widening('additionalProperties allow more'),
  'one-of-added': widening('oneOf member added'),
  'one-of-removed': narrowing('oneOf member removed'),
  'any-of-added': widening('anyOf member added'),
  'any-of-removed': narrowing('anyOf member removed'),
  'became-read-only': { request: compatible('INFO', 'became readOnly'), response: compatible('INFO', 'became readOnly') },
  'became-not-read-only': { request: compatible('INFO', 'no longer readOnly'), response: compatible('INFO', 'no longer readOnly') },
  'became-write-only': { request: compatible('INFO', 'became writeOnly'), response: breaking('INFO', 'became writeOnly', 'responses no longer carry it') },
  'became-not-write-only': { request: compatible('INFO', 'no longer writeOnly'), response: compatible('INFO', 'no longer writeOnly') },
  'default-value-added': { request: compatible('INFO', 'default added'), response: compatible('INFO', 'default added') },
  'default-value-removed': { request: breaking('INFO', 'default removed', 'clients that leave it out no longer know what they get'), response: compatible('INFO', 'default removed') },
  'default-value-changed': { request: breaking('INFO', 'default changed', 'clients that leave it out get another value'), response: compatible('INFO', 'default changed') },
} satisfies Record<string, SchemaRule>;

/** "maximum decreased from 120 to 60 (values clients send may be rejected)" */
export function ruleText(rule: Rule, detail: string): string {
  return `${rule.title}${detail ? ` ${detail}` : ''}${rule.why ? ` (${rule.why})` : ''}`;
}

export type OperationRuleId = keyof typeof OPERATION_RULES;
export type PropertyRuleId = keyof typeof PROPERTY_RULES;
export type SchemaChangeKind = keyof typeof SCHEMA_RULES;
export type Direction = 'request' | 'response';
/** Where a schema change sits: the whole body, a property inside it, a parameter, or a response header. */
export type Subject = 'body' | 'property' | 'parameter' | 'header';

/** `request-property-max-decreased`, `response-body-type-changed`, `request-parameter-enum-value-removed`... */
export function schemaRuleId(direction: Direction, subject: Subject, kind: SchemaChangeKind): string {
  return `${direction}-${subject}-${kind}`;
}

export function schemaRule(direction: Direction, kind: SchemaChangeKind): Rule {
  return SCHEMA_RULES[kind][direction];
}

/** Every rule id the diff can report, with its rule: for the README table and the JSON schema test. */
export function allRules(): Map<string, Rule> {
  const out = new Map<string, Rule>([...Object.entries(OPERATION_RULES), ...Object.entries(PROPERTY_RULES)]);
  for (const [kind, rule] of Object.entries(SCHEMA_RULES) as [SchemaChangeKind, SchemaRule][]) {
    for (const subject of ['body', 'property'] as const) {
      out.set(schemaRuleId('request', subject, kind), rule.request);
      out.set(schemaRuleId('response', subject, kind), rule.response);
    }
    out.set(schemaRuleId('request', 'parameter', kind), rule.request);
    out.set(schemaRuleId('response', 'header', kind), rule.response);
  }
  return out;
}
