// K6_PROMETHEUS_RW_PUSH_INTERVAL past what a Node timer holds: Node would push every millisecond.
import { describe, expect, it } from 'vitest';
import { OutputConfigError, remoteWriteConfig } from '../../load/outputs/prometheus-rw/config.ts';
import { expectCleanError, runCliInProcess } from '../helpers/cli.ts';

describe('Prometheus remote write push interval', () => {
  it('takes up to the longest timer, and refuses longer with E_OUTPUT_CONFIG', async () => {
    expect(remoteWriteConfig({ K6_PROMETHEUS_RW_PUSH_INTERVAL: '596h' }).pushIntervalMs).toBe(596 * 3_600_000);
    expect(() => remoteWriteConfig({ K6_PROMETHEUS_RW_PUSH_INTERVAL: '99999h' })).toThrow(OutputConfigError);
    const res = await runCliInProcess(['load', '--scenario', 'read-mix', '--engine', 'node', '--k6-out', 'experimental-prometheus-rw'], { env: { K6_PROMETHEUS_RW_PUSH_INTERVAL: '99999h' } });
    expectCleanError(res, 'E_OUTPUT_CONFIG');
    expect(res.stderr).toContain('K6_PROMETHEUS_RW_PUSH_INTERVAL "99999h" is longer than');
  });
});
