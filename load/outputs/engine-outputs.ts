// The `--k6-out` values the built-in engine can honour. An output it cannot write is refused
// before the run, never ignored: a nightly job must not believe its metrics went somewhere.
import { OUTPUT_NAME, OutputConfigError, remoteWriteConfig, type RemoteWriteConfig } from './prometheus-rw/config.ts';

export function engineOutputs(outputs: string[], env: Record<string, string | undefined>): { remoteWrite?: RemoteWriteConfig } {
  let remoteWrite: RemoteWriteConfig | undefined;
  for (const out of outputs) {
    const [name] = out.split('=', 1);
    if (name !== OUTPUT_NAME) {
      throw new OutputConfigError(`The built-in engine cannot write the k6 output "${name}": it writes ${OUTPUT_NAME} only (configured by the K6_PROMETHEUS_RW_* variables, as in k6). Install k6 and run with --engine k6 for other outputs, or leave out --k6-out ${out}.`);
    }
    remoteWrite = remoteWriteConfig(env);
  }
  return remoteWrite ? { remoteWrite } : {};
}
