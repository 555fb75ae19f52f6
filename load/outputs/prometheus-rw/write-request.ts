// Prometheus remote write 1.0: the WriteRequest protobuf (prompb/remote.proto, types.proto),
// snappy block-compressed, as a remote-write receiver expects the body.
import protobuf from 'protobufjs';
import { compressSync } from 'snappy';

export interface Label { name: string; value: string }
export interface Sample { value: number; timestamp: number }
export interface BucketSpan { offset: number; length: number }
export interface NativeHistogram {
  countInt: number;
  sum: number;
  schema: number;
  zeroThreshold: number;
  zeroCountInt: number;
  positiveSpans: BucketSpan[];
  positiveDeltas: number[];
  timestamp: number;
}
export interface TimeSeries { labels: Label[]; samples?: Sample[]; histograms?: NativeHistogram[] }

// The subset of prompb the harness writes, as data: field numbers are the wire contract.
const root = protobuf.Root.fromJSON({
  nested: {
    WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
    TimeSeries: {
      fields: {
        labels: { rule: 'repeated', type: 'Label', id: 1 },
        samples: { rule: 'repeated', type: 'Sample', id: 2 },
        histograms: { rule: 'repeated', type: 'Histogram', id: 4 },
      },
    },
    Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
    Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
    BucketSpan: { fields: { offset: { type: 'sint32', id: 1 }, length: { type: 'uint32', id: 2 } } },
    Histogram: {
      oneofs: { count: { oneof: ['countInt'] }, zeroCount: { oneof: ['zeroCountInt'] } },
      fields: {
        countInt: { type: 'uint64', id: 1 },
        sum: { type: 'double', id: 3 },
        schema: { type: 'sint32', id: 4 },
        zeroThreshold: { type: 'double', id: 5 },
        zeroCountInt: { type: 'uint64', id: 6 },
        positiveSpans: { rule: 'repeated', type: 'BucketSpan', id: 11 },
        positiveDeltas: { rule: 'repeated', type: 'sint64', id: 12 },
        timestamp: { type: 'int64', id: 15 },
      },
    },
  },
});
const WriteRequest = root.lookupType('WriteRequest');

/** The request body: WriteRequest bytes, snappy-compressed (block format, not framed). */
export function encodeWriteRequest(timeseries: TimeSeries[]): Buffer {
  const bytes = WriteRequest.encode(WriteRequest.fromObject({ timeseries })).finish();
  return compressSync(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** The inverse, for tests and for a receiver of our own. */
export function decodeWriteRequest(body: Buffer, uncompress: (b: Buffer) => Buffer): { timeseries: TimeSeries[] } {
  const message = WriteRequest.decode(uncompress(body));
  return WriteRequest.toObject(message, { longs: Number, defaults: false, arrays: true }) as { timeseries: TimeSeries[] };
}
