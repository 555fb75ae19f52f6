// Requests without a valid token that the API accepted: a hole in authentication, said first and
// apart from the other findings, so that no table cut short or long list can hide it.
import type { Finding } from '../contract/index.ts';

export function securityLine(findings: Finding[]): string | null {
  const accepted = findings.filter((f) => f.security);
  if (!accepted.length) return null;
  const operations = [...new Set(accepted.map((f) => f.operationId))].join(', ');
  return `SECURITY: ${accepted.length} request(s) without a valid token were accepted (${operations}): the API acts without authentication. Each is a finding of unauthorized_is_rejected, with its curl line.`;
}
