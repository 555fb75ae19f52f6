// `k6 version` read as every k6 line prints it, the oldest supported, and the REST API address each
// version gets.
import { describe, expect, it } from 'vitest';
import { k6AddressArgs, k6TooOld, parseK6Version } from '../../load/k6-version.ts';

describe('k6 version', () => {
  it('reads v0.48, v1.x and v2.x as they print it, extensions and pre-releases included', () => {
    expect(parseK6Version('k6 v0.48.0 (go1.19.8, linux/amd64)\n')).toEqual({ major: 0, minor: 48, patch: 0, text: 'v0.48.0' });
    expect(parseK6Version('k6 v1.3.0 (commit/devel, go1.23.5, linux/amd64)\n')?.text).toBe('v1.3.0');
    expect(parseK6Version('k6 v2.2.0 (commit/8a1b2c3d4e, go1.24.4, linux/arm64)\nExtensions:\n  github.com/grafana/xk6-sql v1.0.0, k6/x/sql [js]\n')).toMatchObject({ major: 2, minor: 2, text: 'v2.2.0' });
    expect(parseK6Version('k6 v2.0.0-rc1 (commit/abc, go1.24.1, darwin/amd64)')).toMatchObject({ major: 2, minor: 0, patch: 0, text: 'v2.0.0-rc1' });
    // A line before it (a warning from the shell or k6's own) does not hide it.
    expect(parseK6Version('WARN some notice\nk6 v1.8.1 (go1.24.6, linux/amd64)')?.text).toBe('v1.8.1');
  });

  it('reads no version in what is not k6\'s answer', () => {
    for (const text of ['', 'k6 version', 'xk6 v0.9.0', 'k6 v1.3 (go1.23)', 'my-k6 v1.3.0 (go)', 'usage: k6 [command]']) expect(parseK6Version(text), text).toBeNull();
  });

  it('supports v0.48 and newer', () => {
    const v = (text: string) => parseK6Version(`k6 ${text} (go1.19, linux/amd64)`) ?? { major: -1, minor: -1, patch: -1, text };
    expect(['v0.47.0', 'v0.46.2', 'v0.9.0'].map((t) => k6TooOld(v(t)))).toEqual([true, true, true]);
    expect(['v0.48.0', 'v0.54.1', 'v1.0.0', 'v2.3.0'].map((t) => k6TooOld(v(t)))).toEqual([false, false, false, false]);
  });

  it('gives k6 before v2 a REST API address the system picks (port 0), and v2 none, so it starts no API', () => {
    const v = (text: string) => parseK6Version(`k6 ${text} (go1.19, linux/amd64)`) as NonNullable<ReturnType<typeof parseK6Version>>;
    expect(k6AddressArgs(v('v0.48.0'))).toEqual(['--address', '127.0.0.1:0']);
    expect(k6AddressArgs(v('v1.8.1'))).toEqual(['--address', '127.0.0.1:0']);
    expect(k6AddressArgs(v('v2.0.0'))).toEqual([]);
  });
});
