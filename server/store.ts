// The reference server's state: agents, calls and transfers, and the lookups every route needs.
import { notFound } from './api-error.ts';
import type { Agent, Call, Transfer } from './model.ts';
import { Random } from './random.ts';
import { seedState, type SeedOptions } from './seed.ts';

export interface StoreOptions extends SeedOptions {
  /** How long a warm transfer stays in each step before it advances to the next. */
  transferStepMs: number;
}

export class Store {
  readonly agents: Map<string, Agent>;
  readonly calls: Map<string, Call>;
  readonly transfers = new Map<string, Transfer>();
  /** Ids and content created at run time; seeded apart from the initial state so both stay reproducible. */
  readonly rnd: Random;
  readonly transferStepMs: number;

  constructor(opts: StoreOptions) {
    const state = seedState(opts);
    this.agents = state.agents;
    this.calls = state.calls;
    this.rnd = new Random(opts.seed ^ 0x5eed);
    this.transferStepMs = opts.transferStepMs;
  }

  agent(id: string): Agent {
    const agent = this.agents.get(id);
    if (!agent) throw notFound('agent');
    return agent;
  }

  call(id: string): Call {
    const call = this.calls.get(id);
    if (!call) throw notFound('call');
    return call;
  }

  /** A transfer of this call; another call's transfer id is as unknown here as a made-up one. */
  transfer(call: Call, transferId: string): Transfer {
    const transfer = this.transfers.get(transferId);
    if (!transfer || transfer.callId !== call.id) throw notFound('transfer');
    return transfer;
  }

  transfersOf(call: Call): Transfer[] {
    return call.transferIds.map((id) => this.transfers.get(id) as Transfer);
  }

  touch(call: Call, now: number): void {
    call.updatedAt = now;
    call.detailJson = null;
  }
}
