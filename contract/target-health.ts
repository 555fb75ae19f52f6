// Target health is not API conformance. When a request gets no HTTP answer (refused, reset,
// timeout, TLS, DNS, a cut body), the harness asks whether the target still answers at all before
// that becomes a finding: it probes the request that answered at the start of the run. When the
// probe and its retry get no answer either, the target is lost: the run stops as "could not
// finish" instead of grading a dead target's silence as the API's fault.
import { RunStopped } from './run-stopped.ts';

/** The rule, as data (the README states it). */
export const HEALTH_RULE = {
  /** Probes sent after a request got no answer; the target is lost only when none is answered. */
  probes: 2,
  /** Pause between the probes, so that one blip does not end a run. */
  gapMs: 500,
} as const;

/** Sends the probe; true when any HTTP answer came back, whatever its status. */
export type Probe = () => Promise<{ answered: boolean; why: string }>;

export class TargetHealth {
  private lostWith: RunStopped | null = null;
  private probing: Promise<RunStopped | null> | null = null;

  constructor(private readonly probe: Probe, private readonly target: string, private readonly rule: typeof HEALTH_RULE = HEALTH_RULE) {}

  get lost(): RunStopped | null {
    return this.lostWith;
  }

  /** Throws once the target is lost, so that no more requests go to it. */
  assertAnswering(): void {
    if (this.lostWith) throw this.lostWith;
  }

  /**
   * After a request got no answer: returns when the target still answers (the failure is that
   * request's own, a finding), throws RunStopped when it does not. Concurrent callers share one probe.
   */
  async confirm(failure: string): Promise<void> {
    this.assertAnswering();
    this.probing ??= this.runProbes(failure).finally(() => { this.probing = null; });
    const lost = await this.probing;
    if (lost) throw lost;
  }

  private async runProbes(failure: string): Promise<RunStopped | null> {
    let why = '';
    for (let i = 0; i < this.rule.probes; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, this.rule.gapMs));
      const p = await this.probe();
      if (p.answered) return null;
      why = p.why;
    }
    this.lostWith ??= new RunStopped('E_TARGET_LOST', `The target ${this.target} stopped answering during the run: a request got no answer (${failure}), and ${this.rule.probes} probes of the request that answered at the start got none either (${why}). The run could not finish; the cases checked before are kept, and nothing about the API's conformance follows from the silence. Check that the service is up and stable, then run again.`);
    return this.lostWith;
  }
}
