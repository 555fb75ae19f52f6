// `calls-harness serve`: the reference Calls API as a process.
import { Command, Option } from 'commander';
import { describeMutations, start, type CapacityConfig, type FaultConfig, type LatencyConfig, type LatencyModel, type ServerOptions } from '../../server/index.ts';
import { readJsonConfig } from '../../pipelines/index.ts';
import { collect, fraction, LATENCY_SYNTAX, parseDieAfter, parseLatencySpec, parseRateLimit, parseStall, positiveNumber, wholeNumber } from '../parse-values.ts';
import { HarnessError } from '../errors.ts';
import { loadSchemaRegistry } from '../../openapi/index.ts';
import { INPUT_KINDS } from '../../core/index.ts';
import { invocation, print } from '../io.ts';

interface ServeFlags {
  port?: number; host?: string; apiKey?: string[]; revokedKey?: string[]; seed?: number; agents?: number;
  callsPerAgent?: number; liveRatio?: number; transferStepMs?: number; latency?: [string, LatencyModel][]; errorRate?: number;
  errorStatus?: string[]; hangRate?: number; resetRate?: number; rateLimitRate?: number; retryAfter?: number;
  stall?: { everyMs: number; forMs: number }; faultOperation?: string[]; mutation?: string[]; config?: string;
  rateLimit?: FaultConfig['rateLimit']; dieAfter?: FaultConfig['dieAfter'];
  json?: boolean; listMutations?: boolean; workers?: number; serviceTime?: number;
}

const DEFAULT_CLI_PORT = 4010;

/** The flag that sets each option, so that errors name what the user typed. */
const FLAG_FOR: Record<string, string> = {
  port: '--port', host: '--host', apiKeys: '--api-key', revokedKeys: '--revoked-key', seed: '--seed', agents: '--agents',
  callsPerAgent: '--calls-per-agent', liveRatio: '--live-ratio', transferStepMs: '--transfer-step-ms', latency: '--latency',
  'faults.errorRate': '--error-rate', 'faults.errorStatuses': '--error-status', 'faults.hangRate': '--hang-rate',
  'faults.resetRate': '--reset-rate', 'faults.rateLimitRate': '--rate-limit-rate', 'faults.retryAfterSeconds': '--retry-after',
  'faults.stall': '--stall', 'faults.operations': '--fault-operation', mutations: '--mutation',
  'faults.rateLimit': '--rate-limit', 'faults.dieAfter': '--die-after',
  capacity: '--workers and --service-time', 'capacity.workers': '--workers', 'capacity.serviceTimeMs': '--service-time',
};

export function serveCommand(): Command {
  return new Command('serve')
    .description('Start the reference Calls API server (the embedded default target).')
    .addOption(new Option('--port <n>', `port to listen on, 0 for a free one (default: ${DEFAULT_CLI_PORT})`).argParser(wholeNumber('--port')))
    .option('--host <address>', 'address to listen on (default: 127.0.0.1)')
    .option('--api-key <key>', 'an API key that authenticates (repeatable; one is generated when none is given)', collect)
    .option('--revoked-key <key>', 'a revoked API key, answered 401 (repeatable)', collect)
    .option('--seed <n>', 'seed of the generated agents, calls and fault rolls (default: 1)', wholeNumber('--seed'))
    .option('--agents <n>', 'number of agents (default: 3)', wholeNumber('--agents'))
    .option('--calls-per-agent <n>', 'calls per agent (default: 40)', wholeNumber('--calls-per-agent'))
    .option('--live-ratio <x>', 'share of calls still live, 0..1 (default: 0.5)', fraction('--live-ratio'))
    .option('--transfer-step-ms <n>', 'time a warm transfer spends in each step before bridging (default: 100)', wholeNumber('--transfer-step-ms'))
    .option('--latency <spec>', `injected latency, ${LATENCY_SYNTAX} (repeatable)`, (v: string, prev: [string, LatencyModel][] = []) => [...prev, parseLatencySpec(v)])
    .option('--error-rate <x>', 'share of requests answered with a 5xx', fraction('--error-rate'))
    .option('--error-status <code>', 'status for --error-rate (repeatable; default: 500 and 503)', (raw: string, previous: string[] = []) => collect(String(wholeNumber('--error-status')(raw)), previous))
    .option('--hang-rate <x>', 'share of requests never answered', fraction('--hang-rate'))
    .option('--reset-rate <x>', 'share of connections reset', fraction('--reset-rate'))
    .option('--rate-limit-rate <x>', 'share of requests answered 429', fraction('--rate-limit-rate'))
    .option('--retry-after <s>', 'Retry-After seconds of 429 answers (default: 1)', wholeNumber('--retry-after'))
    .option('--stall <for/every>', 'hold every response for FOR ms every EVERY ms, e.g. 200/2000', parseStall)
    .option('--rate-limit <per-s/burst>', 'a token bucket: beyond PER_S requests/s (bursts of BURST), 429 with Retry-After until the next token, e.g. 5/10', parseRateLimit)
    .option('--die-after <n[:reset|hang]>', 'after N requests, reset (or hang) every one: a target that stops answering', parseDieAfter)
    .option('--fault-operation <operationId>', 'limit faults to this operation (repeatable)', collect)
    .option('--mutation <name[:operationId]>', 'turn on a contract mutation (repeatable)', collect)
    .option('--workers <n>', 'finite capacity: requests wait in arrival order for one of N workers (with --service-time)', wholeNumber('--workers'))
    .option('--service-time <ms>', 'finite capacity: each request holds a worker this many ms, so the server holds workers*1000/ms requests/s', positiveNumber('--service-time'))
    .option('--config <file>', 'JSON file of server options (schemas/harness/server-config.schema.json); flags win over it')
    .option('--json', 'print the URL, API key and agent ids as one JSON line')
    .option('--list-mutations', 'print the contract mutations as JSON and exit')
    .action(async (flags: ServeFlags) => {
      if (flags.listMutations) {
        const ids = loadSchemaRegistry().catalog.operations.map((o) => o.operationId);
        print(JSON.stringify(describeMutations(ids), null, 2));
        return;
      }
      await serve(flags);
    });
}

/** The flag that sets a field or the option it is part of ("latency.*.ms" is --latency's). */
function flagFor(field: string): string | undefined {
  for (let f = field; f; f = f.includes('.') ? f.slice(0, f.lastIndexOf('.')) : '') if (FLAG_FOR[f]) return FLAG_FOR[f];
  return undefined;
}

async function serve(flags: ServeFlags): Promise<void> {
  const file = flags.config !== undefined ? readJsonConfig(flags.config, 'server configuration file', INPUT_KINDS.serverConfig) : {};
  const options = { port: DEFAULT_CLI_PORT, ...file, ...optionsFromFlags(flags, file) } as Partial<ServerOptions>;
  const origin = flags.config ? `server option (flags and ${flags.config})` : 'server option';
  const server = await start(options, { origin, label: (field) => (flagFor(field) ? `${flagFor(field)} ("${field}")` : `"${field}"`) });
  const info = { url: server.url, apiKey: server.apiKeys[0], agentIds: server.agentIds };
  if (flags.json) print(JSON.stringify(info));
  else {
    print(`Reference Calls API listening on ${server.url}`);
    print(`API key:  ${info.apiKey}`);
    print(`Agents:   ${info.agentIds.join(', ')}`);
    print(`Try:      curl -H "Authorization: Bearer ${info.apiKey}" ${server.url}/v1/agents/${info.agentIds[0]}/calls?limit=2`);
    print('Stop with Ctrl-C.');
  }
  // It serves until the process is stopped. Called in-process (a test), it leaves the process as
  // it found it: no signal handler, and a server that lives as long as the caller's process.
  const exit = invocation().io.exit;
  if (!exit) return;
  const stop = () => void server.close().then(() => exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function optionsFromFlags(f: ServeFlags, file: Record<string, unknown>): Partial<ServerOptions> {
  const out: Partial<ServerOptions> = {};
  const set = <K extends keyof ServerOptions>(key: K, value: ServerOptions[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('port', f.port); set('host', f.host); set('apiKeys', f.apiKey); set('revokedKeys', f.revokedKey);
  set('seed', f.seed); set('agents', f.agents); set('callsPerAgent', f.callsPerAgent); set('liveRatio', f.liveRatio);
  set('transferStepMs', f.transferStepMs); set('mutations', f.mutation);
  if (f.latency) set('latency', { ...(file.latency as LatencyConfig | undefined), ...Object.fromEntries(f.latency) });
  const faults = faultsFromFlags(f);
  if (Object.keys(faults).length) set('faults', { ...(file.faults as FaultConfig | undefined), ...faults });
  set('capacity', capacityFromFlags(f, file));
  return out;
}

function faultsFromFlags(f: ServeFlags): FaultConfig {
  const given: FaultConfig = {
    errorRate: f.errorRate, errorStatuses: f.errorStatus?.map(Number), hangRate: f.hangRate, resetRate: f.resetRate,
    rateLimitRate: f.rateLimitRate, retryAfterSeconds: f.retryAfter, stall: f.stall, operations: f.faultOperation,
    rateLimit: f.rateLimit, dieAfter: f.dieAfter,
  };
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as FaultConfig;
}

/** --workers and --service-time, over the file's capacity; both or neither. */
function capacityFromFlags(f: ServeFlags, file: Record<string, unknown>): CapacityConfig | undefined {
  if (f.workers === undefined && f.serviceTime === undefined) return undefined;
  const capacity = { ...(file.capacity as Partial<CapacityConfig> | undefined), ...(f.workers !== undefined ? { workers: f.workers } : {}), ...(f.serviceTime !== undefined ? { serviceTimeMs: f.serviceTime } : {}) };
  if (capacity.workers === undefined || capacity.serviceTimeMs === undefined) {
    throw new HarnessError('E_USAGE', 'A finite capacity needs both --workers N and --service-time MS (the server then holds N*1000/MS requests/s). Give both, or neither.');
  }
  return capacity as CapacityConfig;
}
