// A finding says what it rests on. One that only schemas/overlay.json's corrections make (not the
// published document) names the correction, its reason and its source; one the document makes
// does not. The auth probes' 400/422 findings say that the probe's body is invalid on purpose and
// what a validation answer before the 401 means.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContract } from '../../contract/run-contract.ts';
import { start, type RunningServer } from '../../server/index.ts';
import { isCallDetail, startAdversarialTarget, withToken } from '../helpers/adversarial-target.ts';

let upstream: RunningServer;
let token: string;

beforeAll(async () => {
  upstream = await start({ port: 0, transferStepMs: 20 });
  token = upstream.apiKeys[0] as string;
});
afterAll(() => upstream.close());

const findingsOf = async (target: string, operations: string[], checks: string[]) => {
  const result = await runContract({ target, token, agentId: upstream.agentIds[0], operations, checks });
  return result.cases.flatMap((c) => c.findings);
};

describe('a finding\'s basis', () => {
  it('names the overlay correction it rests on (transfers is required only by the overlay), and not for one the document makes (status)', async () => {
    // Call detail without "transfers" (required by a correction) and without "status" (required by the document).
    const target = await startAdversarialTarget(upstream.url, (path, req) => isCallDetail(path) && withToken(req, token), async ({ res, upstream: up }) => {
      const answer = await up();
      const body = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
      delete body.transfers;
      delete body.status;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    try {
      const findings = await findingsOf(target.url, ['getCall'], ['response_schema_conformance']);
      const transfers = findings.find((f) => f.title.includes("'transfers'"));
      const status = findings.find((f) => f.title.includes("'status'"));
      expect(transfers?.title).toBe("CallDetail at /: must have required property 'transfers' [rests on a correction in schemas/overlay.json, not on the published document]");
      expect(transfers?.expected).toContain('the published document does not say this; schemas/overlay.json corrects it: CallDetail (whole schema) require ["transfers"]: Call detail always lists the call\'s transfers');
      expect(transfers?.expected).toContain("Source: vendor SDK types (FACTS.md, 'transfers is always an array').");
      expect(status?.title).toBe("CallDetail at /: must have required property 'status'");
      expect(status?.expected).not.toContain('overlay');
    } finally {
      await target.close();
    }
  });

  it('auth probes answered 422: the probe body is invalid on purpose, and a 422 before the 401 is said to mean validation before authentication', async () => {
    const target = await startAdversarialTarget(upstream.url, (_path, req) => req.method === 'POST' && !withToken(req, token), ({ res }) => {
      res.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'to must be a string', code: 'VALIDATION_ERROR' }));
    });
    try {
      const findings = await findingsOf(target.url, ['blindTransferCall'], ['unauthorized_is_rejected']);
      expect(findings.length).toBeGreaterThan(0);
      for (const f of findings) {
        expect(f.status).toBe(422);
        expect(f.title).toMatch(/422 with .* where 401 is documented: the body was validated before the token$/);
        expect(f.expected).toContain("The probe's body is invalid on purpose");
        expect(f.expected).toContain('a 422 before a 401 means the server validated the body before it authenticated the request: the documented 401 was not returned, and the request schema\'s rules are told to callers without a valid token');
      }
    } finally {
      await target.close();
    }
  });
});
