// Generated bodies: valid ones are valid and reproducible; each invalid one breaks its rule.
import { describe, expect, it } from 'vitest';
import { invalidBodies, requestSchema, validBodies } from '../../contract/request-bodies.ts';
import { DEFAULT_DESTINATIONS } from '../../contract/run-contract.ts';
import { registry } from '../helpers/reference-server.ts';

const withBodies = registry.catalog.operations.filter((o) => o.requestBody).map((o) => [o.operationId, o.requestBody?.schema as string] as const);

describe.each(withBodies)('%s (%s)', (_op, schemaName) => {
  const schema = requestSchema(registry, schemaName);

  it('valid bodies are valid, the same for the same seed, and dial only configured numbers', () => {
    const a = validBodies(schema, 5, 11, DEFAULT_DESTINATIONS);
    expect(validBodies(schema, 5, 11, DEFAULT_DESTINATIONS)).toEqual(a);
    for (const body of a) {
      expect(registry.issues(schemaName, body)).toEqual([]);
      const numbers = JSON.stringify(body).match(/"to":"[^"]*"/g) ?? [];
      for (const n of numbers) expect(DEFAULT_DESTINATIONS.map((d) => `"to":"${d}"`)).toContain(n);
    }
  });

  it('each invalid body breaks the schema', () => {
    const base = schemaName.endsWith('TransferRequest') && !schemaName.startsWith('C') ? { to: DEFAULT_DESTINATIONS[0] } : {};
    expect(registry.issues(schemaName, base)).toEqual([]);
    const invalid = invalidBodies(schema, base);
    expect(invalid.length).toBeGreaterThan(1);
    for (const { rule, body } of invalid) expect(registry.issues(schemaName, body).length, rule).toBeGreaterThan(0);
  });
});
