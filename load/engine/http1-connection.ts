// One keep-alive HTTP/1.1 connection of the engine (plain TCP or TLS), one request at a time:
// the request written as one string, the response framed as RFC 9112 says (Content-Length,
// chunked, or until close) and handed to its exchange as it arrives.
//
// Why not undici: measured at 8,000 requests/s on one core, a minimal undici Client.dispatch
// loop promoted about 2.8 MB to the old generation at every scavenge (8.6 ms pauses) and spent
// twice the CPU of the same loop over net sockets (0.13 MB, 1.4 ms). A scavenge pause delays
// every answer that arrives during it, so under load those pauses were most of the latency the
// engine added to what it reported.
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { parseResponseHead, type ResponseHead } from './http1-head.ts';

/** What a connection reports to the request it carries. A returned Error aborts the request with it. */
export interface Exchange {
  /**
   * The request was handed to the socket: at once on a reused connection (`opened` null), once
   * connected on a new one, with the moments its connection was opened.
   */
  onStart(opened: OpenedAt | null): void;
  /** The answer's head; `firstByteAt` is when its first byte was read (k6's end of `waiting`). */
  onHead(head: ResponseHead, bodyLength: number | null, firstByteAt: number): Error | undefined;
  onBody(chunk: Buffer): Error | undefined;
  onEnd(): void;
  /** `unsent` when the connection was reused and closed before any byte of an answer: the request may be sent again. */
  onError(err: Error, unsent: boolean): void;
}

export interface Origin {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number;
  /** The Host header: host[:port] as the URL has it. */
  host: string;
}

/** When a new connection had its address (DNS done), its TCP connection and its TLS session (performance.now()). */
export interface OpenedAt {
  resolved: number;
  connected: number;
  secured: number;
}

/** Where an idle connection goes back to (the pool that made it). */
export interface ConnectionHome {
  give(connection: Http1Connection): void;
  forget(connection: Http1Connection): void;
}

const enum Framing { None, Length, Chunked, UntilClose }
const enum Chunk { Size, Data, DataEnd, Trailers }

const CRLF2 = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

export class Http1Connection {
  private readonly socket: Socket;
  private connected = false;
  /** Its opening, reported with its first request (k6's blocked, connecting and tls_handshaking). */
  private readonly opened: OpenedAt;
  private firstByteAt = 0;
  private used = false;
  closed = false;
  private exchange: Exchange | null = null;
  private method = '';
  /** Bytes of the answer read so far (0: the request may be sent again if the connection dies). */
  private received = 0;
  /** Bytes of an unfinished head or chunk line, waiting for the rest. */
  private pending: Buffer | null = null;
  /**
   * Where pending bytes are joined with the next read, grown by doubling: a head read in many
   * small pieces is copied a linear number of times, not once per read (quadratic: 10 MiB of
   * head in 4 KiB reads took 9.5 s of the event loop).
   */
  private carry = EMPTY;
  /** How much of a pending head was already searched for its end. */
  private scanned = 0;
  /** 1xx answers read before the final one. */
  private informational = 0;
  private framing = Framing.None;
  private remaining = 0;
  private chunkState = Chunk.Size;
  private keepAlive = true;
  private headSeen = false;

  constructor(origin: Origin, private readonly home: ConnectionHome, private readonly maxHeaderBytes: number) {
    const host = origin.hostname.startsWith('[') ? origin.hostname.slice(1, -1) : origin.hostname;
    this.socket = origin.protocol === 'https:'
      ? connectTls({ host, port: origin.port, servername: isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'] })
      : connectTcp({ host, port: origin.port });
    const now = performance.now();
    this.opened = { resolved: now, connected: now, secured: now };
    this.socket.setNoDelay(true);
    this.socket.once('lookup', () => (this.opened.resolved = performance.now()));
    this.socket.once('connect', () => (this.opened.connected = this.opened.secured = performance.now()));
    if (origin.protocol === 'https:') this.socket.once('secureConnect', () => this.onConnect(performance.now()));
    else this.socket.once('connect', () => this.onConnect(this.opened.connected));
    this.socket.on('data', (data: Buffer) => this.onData(data));
    this.socket.on('end', () => this.onClose(null));
    this.socket.on('error', (err: Error) => this.onClose(err));
    this.socket.on('close', () => this.onClose(null));
  }

  /** Sends one request; its answer (or failure) goes to `exchange`. `head` ends with the blank line. */
  send(method: string, head: string, payload: string, exchange: Exchange): void {
    this.exchange = exchange;
    this.method = method;
    this.received = 0;
    this.headSeen = false;
    this.informational = 0;
    this.socket.write(payload ? head + payload : head);
    if (this.connected) exchange.onStart(null);
  }

  /** Ends the request in flight with `err` and the connection with it (a timeout, an abort). */
  abort(err: Error): void {
    this.fail(err, false);
  }

  /** Closes it; a request still on it fails (the engine closed it, not the server: no retry, no early success). */
  close(): void {
    if (this.exchange) this.fail(new Error('the engine closed the connection (the run ended)'), false);
    this.closed = true;
    this.socket.destroy();
  }

  private onConnect(secured: number): void {
    this.connected = true;
    this.opened.secured = secured;
    this.exchange?.onStart(this.opened);
  }

  private onClose(err: Error | null): void {
    if (this.exchange && !err && this.framing === Framing.UntilClose && this.headSeen) return this.complete();
    const wasClosed = this.closed;
    this.closed = true;
    this.socket.destroy();
    if (this.exchange) {
      // A reused connection the server had closed before our request reached it: nothing was answered.
      const unsent = this.used && this.received === 0;
      this.fail(err ?? peerClosed(), unsent);
    } else if (!wasClosed) {
      this.home.forget(this);
    }
  }

  private fail(err: Error, unsent: boolean): void {
    const exchange = this.exchange;
    this.exchange = null;
    this.closed = true;
    this.socket.destroy();
    this.home.forget(this);
    exchange?.onError(err, unsent);
  }

  private onData(data: Buffer): void {
    if (!this.exchange) return this.fail(badResponse('bytes arrived with no request in flight'), false);
    if (this.received === 0) this.firstByteAt = performance.now();
    this.received += data.length;
    let buf = this.pending ? this.joinPending(data) : data;
    this.pending = null;
    while (this.exchange && buf.length > 0) {
      if (!this.headSeen) {
        const end = this.headEnd(buf);
        if (end < 0) {
          if (buf.length > this.maxHeaderBytes) return this.fail(badResponse(`response headers larger than ${this.maxHeaderBytes} bytes`), false);
          this.pending = buf;
          return;
        }
        const problem = this.onHead(buf.toString('latin1', 0, end));
        if (problem) return this.fail(problem, false);
        buf = buf.subarray(end + 4);
        // No body to wait for (HEAD, 204, 304, Content-Length: 0); an informational answer leaves headSeen false.
        if (this.headSeen && this.framing === Framing.None) this.complete();
        continue;
      }
      buf = this.onBodyBytes(buf);
    }
    if (buf.length > 0 && !this.exchange && !this.closed) this.fail(badResponse('bytes after the end of the answer'), false);
  }

  /** Where the head in `buf` ends (-1: not yet), searching only the bytes not searched before. */
  private headEnd(buf: Buffer): number {
    const end = buf.indexOf(CRLF2, this.scanned > 3 ? this.scanned - 3 : 0);
    this.scanned = end < 0 ? buf.length : 0;
    return end;
  }

  /**
   * The pending bytes followed by `data`, in `carry`. A carry is written again only when the
   * pending bytes are its start (nothing of it was consumed, so no body bytes handed on live in
   * it); otherwise a new one is made.
   */
  private joinPending(data: Buffer): Buffer {
    const held = this.pending as Buffer;
    const length = held.length + data.length;
    const inPlace = held.buffer === this.carry.buffer && held.byteOffset === this.carry.byteOffset;
    if (!inPlace || this.carry.length < length) {
      const carry = Buffer.allocUnsafe(Math.max(length, 2 * held.length, 4096));
      held.copy(carry, 0);
      this.carry = carry;
    }
    data.copy(this.carry, held.length);
    return this.carry.subarray(0, length);
  }

  /** Reads the status line and headers and sets the framing of the body; returns what is wrong with them, if anything. */
  private onHead(text: string): Error | undefined {
    const head = parseResponseHead(text);
    if (typeof head === 'string') return badResponse(head);
    // Informational answers (100 Continue, 103 Early Hints) precede the real one: at most 5, as Go reads.
    if (head.status >= 100 && head.status < 200 && head.status !== 101) return ++this.informational > MAX_INFORMATIONAL ? badResponse('too many 1xx informational responses') : undefined;
    this.headSeen = true;
    // Every Connection value counts, token by token (Go's); a 101 hands the connection to another protocol.
    this.keepAlive = head.status !== 101 && (head.minor === 1 ? !hasToken(head.connection, 'close') : hasToken(head.connection, 'keep-alive'));
    this.remaining = head.contentLength ?? 0;
    this.chunkState = Chunk.Size;
    this.framing = framing(this.method, head);
    if (this.framing === Framing.UntilClose) this.keepAlive = false;
    // The length of a body to come: a HEAD, 204 or 304 answer's Content-Length describes one it does not send.
    return (this.exchange as Exchange).onHead(head, this.framing === Framing.Length ? head.contentLength : null, this.firstByteAt);
  }

  /** Consumes body bytes; returns what is left of `buf` (the next answer's, or nothing). */
  private onBodyBytes(buf: Buffer): Buffer {
    switch (this.framing) {
      case Framing.Length: {
        const take = Math.min(this.remaining, buf.length);
        if (!this.body(buf.subarray(0, take))) return EMPTY;
        this.remaining -= take;
        if (this.remaining === 0) this.complete();
        return buf.subarray(take);
      }
      case Framing.UntilClose:
        this.body(buf);
        return EMPTY;
      case Framing.Chunked:
        return this.chunked(buf);
      default:
        return buf;
    }
  }

  /** The chunked coding: size line, data, CRLF, ..., a zero size, trailers, a blank line. */
  private chunked(buf: Buffer): Buffer {
    while (buf.length > 0 && this.exchange) {
      if (this.chunkState === Chunk.Data) {
        const take = Math.min(this.remaining, buf.length);
        if (!this.body(buf.subarray(0, take))) return EMPTY;
        this.remaining -= take;
        buf = buf.subarray(take);
        if (this.remaining === 0) this.chunkState = Chunk.DataEnd;
        continue;
      }
      const eol = buf.indexOf(CRLF);
      const overlong = this.overlong(buf, eol);
      if (overlong) return this.failed(overlong);
      if (eol < 0) {
        this.pending = buf;
        return EMPTY;
      }
      const line = buf.toString('latin1', 0, eol);
      buf = buf.subarray(eol + 2);
      if (this.chunkState === Chunk.DataEnd) {
        if (line !== '') return this.failed(badResponse('a chunk longer than its size'));
        this.chunkState = Chunk.Size;
      } else if (this.chunkState === Chunk.Size) {
        const size = /^([0-9a-fA-F]{1,15})\s*(?:;.*)?$/.exec(line);
        if (!size) return this.failed(badResponse(`invalid chunk size ${JSON.stringify(line.slice(0, 40))}`));
        this.remaining = parseInt(size[1] as string, 16);
        this.chunkState = this.remaining === 0 ? Chunk.Trailers : Chunk.Data;
      } else if (line === '') {
        this.complete();
        return buf;
      }
    }
    return buf;
  }

  /** A chunk line (or trailer) ending at `eol` (-1: not yet) in `buf` longer than it may be, as an error. */
  private overlong(buf: Buffer, eol: number): Error | undefined {
    const limit = this.chunkState === Chunk.Trailers ? this.maxHeaderBytes : CHUNK_LINE_LIMIT;
    return (eol < 0 ? buf.length : eol) > limit ? badResponse(`a chunk line longer than ${limit} bytes`) : undefined;
  }

  private failed(err: Error): Buffer {
    this.fail(err, false);
    return EMPTY;
  }

  /** Hands body bytes on; false when the exchange refused them (and the request failed). */
  private body(chunk: Buffer): boolean {
    if (chunk.length === 0) return true;
    const problem = (this.exchange as Exchange).onBody(chunk);
    if (problem) this.fail(problem, false);
    return !problem;
  }

  private complete(): void {
    const exchange = this.exchange as Exchange;
    this.exchange = null;
    this.used = true;
    this.framing = Framing.None;
    this.carry = EMPTY;
    if (this.keepAlive && !this.closed) this.home.give(this);
    else {
      // Its 'close' event will find it closed already: the pool is told here, or it keeps it.
      this.close();
      this.home.forget(this);
    }
    exchange.onEnd();
  }
}

const EMPTY = Buffer.alloc(0);
/** The most 1xx answers Go's transport reads before the final one (its max1xxResponses). */
const MAX_INFORMATIONAL = 5;
/** The longest chunk size line Go's chunked reader takes (its maxLineLength). */
const CHUNK_LINE_LIMIT = 4096;

/** `token` is one of a comma-separated field's values ('' when the field was absent: most answers, no list made). */
function hasToken(field: string, token: string): boolean {
  return field !== '' && field.split(',').some((t) => t.trim() === token);
}

/** How the body of this answer is delimited (RFC 9112, section 6.3). */
function framing(method: string, head: ResponseHead): Framing {
  if (method === 'HEAD' || head.status === 204 || head.status === 304 || head.status === 101) return Framing.None;
  if (head.chunked) return Framing.Chunked;
  if (head.contentLength !== null) return head.contentLength > 0 ? Framing.Length : Framing.None;
  return Framing.UntilClose;
}

/** The server closed the connection before the answer was whole. */
export const PEER_CLOSED = 'E_PEER_CLOSED';
/** The answer was not HTTP/1.x as RFC 9112 frames it. */
const BAD_RESPONSE = 'E_BAD_RESPONSE';

function peerClosed(): Error {
  return Object.assign(new Error('the server closed the connection before the answer was complete'), { code: PEER_CLOSED });
}

function badResponse(what: string): Error {
  return Object.assign(new Error(`malformed HTTP response: ${what}`), { code: BAD_RESPONSE });
}
