// `npm run bench`: every benchmark, figures printed side by side with the aims they answer to.
import { contractSpeed } from './contract-speed.ts';
import { callDetailReads, warmThenComplete, type ThroughputFigure } from './server-throughput.ts';

const READ_AIM = 15_000;
const CONTRACT_AIM_MS = 15_000;

function row(f: ThroughputFigure): string {
  const flows = f.flowsPerSecond === undefined ? '' : `  (${f.flowsPerSecond.toFixed(0)} flows/s)`;
  return `${f.name.padEnd(32)} ${f.requestsPerSecond.toFixed(0).padStart(8)} req/s${flows}  p50 ${f.p50Ms} ms  p99 ${f.p99Ms} ms  non-2xx ${f.non2xx}  errors ${f.errors}`;
}

console.log('Reference server throughput (autocannon in this process, server in its own; 64 connections)');
const reads = await callDetailReads();
console.log(row(reads));
console.log(`${''.padEnd(32)} ${(reads.requestsPerSecond / READ_AIM).toFixed(2)}x the aim of ${READ_AIM} reads/s on this machine`);
const flows = await warmThenComplete();
console.log(row(flows));

console.log('\nContract suite (embedded server, every operation, the whole 401 matrix and the lifecycle checks)');
const c = await contractSpeed();
console.log(`${'wall time'.padEnd(32)} ${(c.wallMs / 1000).toFixed(2).padStart(8)} s for ${c.cases} cases  (${(c.wallMs / CONTRACT_AIM_MS).toFixed(2)}x the ${CONTRACT_AIM_MS / 1000} s budget)`);
console.log(`${'ajv, compiled CallDetail'.padEnd(32)} ${c.validationsPerSecond.toFixed(0).padStart(8)} documents/s  (${c.documentBytes} bytes each)`);
