import { BAD_AUTH, type AuthVariant } from '../auth-variants.ts';
import type { Check } from '../check.ts';
import type { ContractContext } from '../context.ts';
import type { CatalogOperation } from '../../openapi/index.ts';
import type { SendOptions } from '../api-client.ts';
import { finding, type Finding } from '../finding.ts';
import { statusTitle } from '../statuses.ts';

const VARIANTS = Object.keys(BAD_AUTH) as Exclude<AuthVariant, 'valid'>[];

/**
 * A request that a server which ignored auth could still not act on: mutating operations get a
 * body that breaks their schema and a transfer id that does not exist, so no check of auth can
 * dial anyone. Read operations use real ids, so that a leak of data shows.
 */
function probe(ctx: ContractContext, op: CatalogOperation): SendOptions {
  const id = op.operationId === 'listAgentCalls' ? (ctx.calls.agentId ?? 'agt_unknown') : ctx.calls.endedCall();
  if (!op.mutating) return { params: { id } };
  return { params: { id, transferId: 'xfer_calls_harness_probe' }, body: { to: 12345, forceAnalysis: 'probe', tryNext: 'probe', summary: 0 } };
}

export const unauthorizedIsRejected: Check = {
  name: 'unauthorized_is_rejected',
  description: 'Each way a token can be wrong gets 401 with the documented Error body and code UNAUTHORIZED; never 2xx, 5xx or 403.',
  appliesTo: () => true,
  mutates: () => false,
  async run(ctx, op) {
    const findings: Finding[] = [];
    for (const variant of VARIANTS) {
      const ex = await ctx.client.send(op, { ...probe(ctx, op), auth: variant });
      const with_ = `with ${BAD_AUTH[variant].description}`;
      const res = ex.response;
      if (!res) {
        findings.push(finding(this.name, ex, `No response ${with_}`, '401 UNAUTHORIZED'));
      } else if (op.mutating && VALIDATION_STATUSES.includes(res.status)) {
        findings.push(finding(this.name, ex, `${statusTitle(op, res.status)} ${with_} where 401 is documented: the body was validated before the token`, validatedFirst(res.status)));
      } else if (res.status === 403) {
        findings.push(finding(this.name, ex, `403 Forbidden ${with_}, where 401 is documented`, '401 UNAUTHORIZED (403 means authenticated but not allowed)'));
      } else if (res.status !== 401) {
        // A 2xx without a valid token is a hole in authentication: its title says so first.
        const accepted = res.status >= 200 && res.status < 300;
        const what = accepted ? `Security: accepted a request ${with_}` : `${statusTitle(op, res.status)} ${with_}`;
        findings.push(finding(this.name, ex, `${what} (${res.status}) where 401 is documented`, '401 UNAUTHORIZED', undefined, accepted ? { security: true } : {}));
      } else {
        findings.push(...errorBodyFindings(ctx, this.name, ex, with_));
      }
    }
    return findings;
  },
};

/** Answers of a server that judged the probe's body: it looked at the body before the token. */
const VALIDATION_STATUSES = [400, 422];

/** What a validation answer to the auth probe means, said plainly (a bare "422 where 401" reads as a body problem). */
function validatedFirst(status: number): string {
  return `401 UNAUTHORIZED. The probe's body is invalid on purpose (so that a server ignoring the token could act on nothing); a ${status} before a 401 means the server validated the body before it authenticated the request: the documented 401 was not returned, and the request schema's rules are told to callers without a valid token`;
}

function errorBodyFindings(ctx: ContractContext, check: string, ex: Parameters<typeof finding>[1], with_: string): Finding[] {
  const body = ex.response?.json;
  const issues = body === undefined ? [{ path: '/', message: `body is not JSON (${ex.response?.text === '' ? 'empty' : ex.response?.jsonError ?? 'unreadable'})` }] : ctx.registry.issues('Error', body);
  if (issues.length) {
    return issues.map((i) => finding(check, ex, `401 body ${with_} is not the documented Error: ${i.path} ${i.message}`, 'Error {error: string, code: string}', undefined, { instancePath: i.path }));
  }
  const code = (body as { code: string }).code;
  return code === 'UNAUTHORIZED' ? [] : [finding(check, ex, `401 ${with_} has code "${code}"`, 'code UNAUTHORIZED', code)];
}
