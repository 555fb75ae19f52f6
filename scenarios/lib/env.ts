// What a scenario reads from the environment (`k6 run -e NAME=value`, or the harness).

export interface ScenarioEnv {
  baseUrl: string;
  token: string;
  agentId: string;
  callIds: string[];
  profile: string;
  thresholds: Record<string, string[]>;
  transferTo: string[];
  completeRatio: number;
  tryNextRatio: number;
  bridgeTimeoutMs: number;
  summaryFile: string;
}

const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

export function readEnv(env: Record<string, string | undefined>): ScenarioEnv {
  return {
    baseUrl: (env.CALLS_API_BASE_URL ?? 'http://127.0.0.1:4010').replace(/\/$/, ''),
    token: env.CALLS_API_TOKEN ?? '',
    agentId: env.CALLS_API_AGENT_ID ?? '',
    callIds: list(env.CALLS_CALL_IDS),
    profile: env.CALLS_PROFILE ?? 'smoke',
    thresholds: env.CALLS_THRESHOLDS ? (JSON.parse(env.CALLS_THRESHOLDS) as Record<string, string[]>) : {},
    transferTo: list(env.CALLS_TRANSFER_TO).length ? list(env.CALLS_TRANSFER_TO) : ['+12015550100', '+12015550101', '+12015550102'],
    completeRatio: Number(env.CALLS_COMPLETE_RATIO ?? 0.7),
    tryNextRatio: Number(env.CALLS_TRY_NEXT_RATIO ?? 0.5),
    bridgeTimeoutMs: Number(env.CALLS_BRIDGE_TIMEOUT_MS ?? 10000),
    summaryFile: env.CALLS_SUMMARY_FILE ?? 'summary.json',
  };
}
