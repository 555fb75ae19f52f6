// The engine's keep-alive connections to one origin (http1-connection.ts), reused most recent first.
import { Http1Connection, type ConnectionHome, type Origin } from './http1-connection.ts';

/**
 * Keep-alive connections to one origin, one request at a time each, as many as requests in
 * flight (k6 has no limit either): the idle ones on a stack, the most recently used first (as Go's
 * transport reuses them).
 */
export class ConnectionPool implements ConnectionHome {
  private readonly idle: Http1Connection[] = [];
  private readonly all = new Set<Http1Connection>();

  constructor(
    private readonly origin: Origin,
    /** The most an answer's head may take (k6's: 10 MiB, as Go's client). */
    private readonly maxHeaderBytes: number,
  ) {}

  take(): Http1Connection {
    let connection = this.idle.pop();
    while (connection?.closed) connection = this.idle.pop();
    return connection ?? this.fresh();
  }

  fresh(): Http1Connection {
    const connection = new Http1Connection(this.origin, this, this.maxHeaderBytes);
    this.all.add(connection);
    return connection;
  }

  /** A connection whose answer was read whole, kept alive for the next request. */
  give(connection: Http1Connection): void {
    this.idle.push(connection);
  }

  /** A connection that closed (the take() that finds it on the stack skips it). */
  forget(connection: Http1Connection): void {
    this.all.delete(connection);
  }

  /** Set once closed: a request failing then is not sent again on a new connection. */
  closed = false;

  close(): Promise<void> {
    this.closed = true;
    this.idle.length = 0;
    for (const connection of this.all) connection.close();
    this.all.clear();
    return Promise.resolve();
  }
}
