// Everything one running reference server holds, and the switches that change it at run time.
import { loadSchemaRegistry, type SchemaRegistry } from '../openapi/index.ts';
import { ApiKeys } from './auth.ts';
import { WorkerPool } from './capacity-model.ts';
import { ServerConfigError } from './config-error.ts';
import type { FaultConfig } from './faults.ts';
import { DelayRecord, type LatencyConfig } from './latency.ts';
import { parseMutations, type ActiveMutation } from './mutations/active.ts';
import { validateServerConfig, type ServerOptions } from './options.ts';
import { Random } from './random.ts';
import { Router } from './router.ts';
import { Store } from './store.ts';
import { TokenBucket } from './token-bucket.ts';

export class ServerRuntime {
  readonly registry: SchemaRegistry;
  readonly router: Router;
  readonly store: Store;
  readonly keys: ApiKeys;
  readonly apiKeys: string[];
  readonly delays = new DelayRecord();
  /** Drives latency and fault rolls; seeded so that a run can be replayed. */
  readonly rnd: Random;
  readonly epoch = Date.now();
  latency: LatencyConfig = {};
  faults: FaultConfig = {};
  /** API requests since the faults were last set: what `faults.dieAfter` counts. */
  servedSinceFaults = 0;
  /** The state of `faults.rateLimit`, full again whenever the faults are set. */
  bucket: TokenBucket | null = null;
  mutations: ActiveMutation[] = [];
  mutationSpecs: string[] = [];
  /** The finite-capacity model, when one is configured. */
  readonly workers: WorkerPool | null;

  constructor(opts: ServerOptions) {
    this.registry = loadSchemaRegistry();
    this.router = new Router(this.registry.catalog.operations);
    this.apiKeys = opts.apiKeys.length ? [...opts.apiKeys] : [ApiKeys.generate()];
    this.keys = new ApiKeys(this.apiKeys, opts.revokedKeys);
    this.store = new Store({ ...opts, now: this.epoch });
    this.rnd = new Random(opts.seed ^ 0xfa17);
    this.setLatency(opts.latency);
    this.setFaults(opts.faults);
    this.setMutations(opts.mutations);
    this.workers = opts.capacity ? new WorkerPool(opts.capacity) : null;
  }

  get operationIds(): string[] {
    return this.registry.catalog.operations.map((o) => o.operationId);
  }

  setLatency(latency: LatencyConfig): void {
    validateServerConfig(latency, 'latency');
    const unknown = Object.keys(latency).filter((op) => op !== '*' && !this.operationIds.includes(op));
    if (unknown.length) throw this.unknownOperation(unknown, 'latency');
    this.latency = latency;
  }

  setFaults(faults: FaultConfig): void {
    validateServerConfig(faults, 'faults');
    const unknown = (faults.operations ?? []).filter((op) => !this.operationIds.includes(op));
    if (unknown.length) throw this.unknownOperation(unknown, 'faults.operations');
    this.faults = faults;
    this.servedSinceFaults = 0;
    this.bucket = faults.rateLimit ? new TokenBucket(faults.rateLimit) : null;
  }

  setMutations(specs: string[]): void {
    validateServerConfig(specs, 'mutations');
    this.mutations = parseMutations(specs, this.operationIds);
    this.mutationSpecs = [...specs];
  }

  private unknownOperation(unknown: string[], field: string): Error {
    return new ServerConfigError('E_UNKNOWN_OPERATION', `Invalid ${field}: unknown operation(s) ${unknown.join(', ')}. Known operations: ${this.operationIds.join(', ')}.`);
  }
}
