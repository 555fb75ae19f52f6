// A loopback port nothing listens on now, for a server the test starts as a separate process
// (k6's --address, Prometheus's --web.listen-address), which cannot be given port 0.
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
