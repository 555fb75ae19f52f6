// `npm run bench`: every benchmark, figures printed side by side with the aims they answer to.
import { contractSpeed } from './contract-speed.ts';
import { dashboardAtScale } from './dashboard.ts';
import { accuracy, cpuPerRequest, highestSustainedRate, manyVus, stallContrast, SUSTAINED_LAG_P99_MS } from './engine.ts';
import { engineVsFloor, highestRateOneCore, LAG_P95_LIMIT_MS } from './generator-cost.ts';
import { benchK6, loadRunCost, validatedPerCpuSecond, vuInitCost } from './k6.ts';
import { operatorAccuracy, operatorK6s } from './k6-operator.ts';
import { runnersAccuracy, runnersSustainedRate } from './runners.ts';
import { callDetailReads, warmThenComplete, type ThroughputFigure } from './server-throughput.ts';
import { validationCost } from './validation-cost.ts';

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

console.log('\nBuilt-in engine (reference server in its own process)');
const sustained = await highestSustainedRate();
console.log(`${'highest arrival rate, 0 dropped'.padEnd(32)} ${`${sustained.capped ? '>= ' : ''}${sustained.rate}`.padStart(8)} iterations/s, start lag p99 <= ${SUSTAINED_LAG_P99_MS} ms  (tried ${sustained.tried.map((t) => `${t.rate}/s: ${t.dropped} dropped, start lag p99 ${t.lagP99.toFixed(1)} ms`).join('; ')})`);
const half = Math.max(50, Math.round(sustained.rate / 2));
const acc = await accuracy(half);
console.log(`accuracy at ${half}/s (half the sustained rate), log-normal p50 20 ms, p99 120 ms injected on getCall:`);
for (const r of acc.rows) console.log(`${`  http_req_waiting ${r.stat}`.padEnd(32)} reported ${r.reported.toFixed(2).padStart(7)} ms   injected ${r.injected.toFixed(2).padStart(7)} ms   ${r.withinBudget ? 'within' : 'OUTSIDE'} 5% + 1 ms`);
const stall = await stallContrast();
console.log(`stalls of 300 ms every 2 s:       arrival-rate p99 ${stall.arrivalP99.toFixed(1)} ms (from intended start ${stall.arrivalFromIntendedP99.toFixed(1)} ms)   constant-VUs p99 ${stall.vusP99.toFixed(1)} ms`);
const cpu = await cpuPerRequest();
console.log(`generator CPU per request:        engine ${cpu.engineUs.toFixed(1)} µs (${cpu.engineRps.toFixed(0)} req/s, every response parsed and validated)   autocannon ${cpu.autocannonUs.toFixed(1)} µs (${cpu.autocannonRps.toFixed(0)} req/s, bodies neither parsed nor validated)   ratio ${(cpu.engineUs / cpu.autocannonUs).toFixed(2)}x (a bound, not an aim: the same work is the plain-Node floor below)`);
const priced = await validationCost();
console.log(`generator CPU per request by --validate (32 VUs, getCall): ${priced.map((r) => `${r.mode} ${r.cpuUsPerRequest.toFixed(1)} µs (${r.bodiesValidated} of ${r.requests} bodies)`).join('   ')}`);
const many = await manyVus();
console.log(`${many.vus} concurrent VUs, 500 ms answers:  ${many.requestsPerS.toFixed(0)} req/s (ideal ${(many.vus / 0.5).toFixed(0)}), p95 ${many.p95.toFixed(0)} ms, failed ${(many.failedRate * 100).toFixed(2)}%, heap ${many.heapMb.toFixed(0)} MB`);

console.log('\nBuilt-in engine against plain Node (one validated getCall per iteration; each generator in its own process)');
const FLOOR_AIM = 1.2;
const accuracyText = (rows: { stat: string; reported: number; injected: number; withinBudget: boolean }[]) => rows.map((a) => `${a.stat} ${a.reported.toFixed(1)}/${a.injected.toFixed(1)} ms${a.withinBudget ? '' : ' OUTSIDE'}`).join(' ');
const ONE_CORE_AIM = 8000;
const vsFloor = await engineVsFloor();
console.log(`${'CPU per validated request'.padEnd(32)} engine ${vsFloor.engineUs.toFixed(1)} µs   plain-Node floor ${vsFloor.floorUs.toFixed(1)} µs   ratio ${vsFloor.ratio.toFixed(2)}x (aim: ${FLOOR_AIM}x; rounds ${vsFloor.ratios.map((r) => r.toFixed(2)).join(', ')})   at ${vsFloor.rate}/s, a 16 s run minus a 4 s run, medians of ${vsFloor.ratios.length} alternating rounds, ${vsFloor.pinned ? 'generator on core 0, server on core 1' : 'NOT pinned (no taskset)'}; failed: engine ${vsFloor.engineFailed}, floor ${vsFloor.floorFailed}`);
const oneCore = await highestRateOneCore();
console.log(`${'highest rate held on one core'.padEnd(32)} ${`${oneCore.capped ? '>= ' : ''}${oneCore.rate}`.padStart(8)} validated getCall/s (aim: ${ONE_CORE_AIM}; held: 0 dropped, 0 failed checks, iteration_start_lag p95 <= ${LAG_P95_LIMIT_MS} ms, http_req_waiting p50/p95/p99 within 5% + 1 ms of the injected ${oneCore.latency})${oneCore.pinned ? '' : ', NOT pinned (no taskset)'}`);
for (const t of oneCore.tried) console.log(`${`  ${t.rate}/s for ${oneCore.seconds} s (${oneCore.rampS} s ramp)`.padEnd(32)} ${String(t.dropped).padStart(8)} dropped, ${t.checksFailed} checks failed, iteration_start_lag p95 ${t.lagP95.toFixed(1)} ms max ${t.lagMax.toFixed(1)} ms, event-loop delay p99 ${t.loopDelayP99Ms.toFixed(1)} ms max ${t.loopDelayMaxMs.toFixed(1)} ms, ${(t.cpuUs / t.wallMs / 10).toFixed(0)}% of the core; waiting reported/injected ${accuracyText(t.accuracy)}${t.floor ? `; plain-Node floor at this rate: ${accuracyText(t.floor.accuracy)}, ${t.floor.failed} failed, ${(t.floor.cpuShare * 100).toFixed(0)}% of the core` : oneCore.floorStoppedAbove !== null && t.rate > oneCore.floorStoppedAbove ? `; plain-Node floor not run (it fell behind at ${oneCore.floorStoppedAbove}/s)` : ''}`);

console.log('\nN runners, one verdict (load --runners, read-mix, reference server in its own process)');
for (const r of await runnersAccuracy()) {
  console.log(`${`${r.runners} runner(s), 300/s for 20 s`.padEnd(32)} ${String(r.iterations).padStart(8)} iterations, ${r.dropped} dropped; http_req_waiting ${r.rows.map((row) => `${row.stat} ${row.reported.toFixed(2)} ms (injected ${row.injected.toFixed(2)}, ${row.withinBudget ? 'within' : 'OUTSIDE'} 5% + 1.5 ms)`).join('  ')}`);
}
for (const r of await runnersSustainedRate()) {
  console.log(`${`highest rate, 0 dropped, ${r.runners} runner(s)`.padEnd(32)} ${String(r.rate).padStart(8)} iterations/s  (tried ${r.tried.map((t) => `${t.rate}/s: ${t.dropped} dropped`).join('; ')})`);
}

console.log('\nReports (in this process)');
const DASHBOARD_RUNS = 100_000;
const DASHBOARD_AIM_S = 60;
const dash = dashboardAtScale(DASHBOARD_RUNS);
console.log(`${`report dashboard --last ${DASHBOARD_RUNS}`.padEnd(32)} ${((dash.readMs + dash.renderMs) / 1000).toFixed(1).padStart(8)} s  (history read ${(dash.readMs / 1000).toFixed(1)} s, ${dash.fileMb.toFixed(0)} MB; drawn ${(dash.renderMs / 1000).toFixed(1)} s, page ${dash.pageMb.toFixed(0)} MB; aim: under ${DASHBOARD_AIM_S} s, n log n in the runs)`);

console.log('\nReal k6 (reference server in its own process)');
const k6 = benchK6();
if ('skipped' in k6) console.log(`skipped: ${k6.skipped}`);
else {
  for (const r of await vuInitCost(k6.k6)) {
    console.log(`${`start, ${r.format}`.padEnd(44)} ${r.oneVuCpuS.toFixed(2).padStart(7)} s CPU with 1 VU, ${r.perVuMs.toFixed(1).padStart(6)} ms CPU per further VU  (read-mix, ${r.vus} iterations; ${r.vus} VUs: ${r.manyVusCpuS.toFixed(2)} s CPU, ${r.wallS.toFixed(1)} s wall)`);
  }
  const runs = await loadRunCost();
  const [onK6, onNode] = runs as [(typeof runs)[number], (typeof runs)[number]];
  console.log(`load read-mix smoke, total CPU:    k6 ${onK6.cpuS.toFixed(2)} s, built-in engine ${onNode.cpuS.toFixed(2)} s (${(onK6.cpuS / onNode.cpuS).toFixed(2)}x; aim: at most 2x)   run folders ${(onK6.folderBytes / 1e6).toFixed(2)} MB and ${(onNode.folderBytes / 1e6).toFixed(2)} MB`);
  const rate = await validatedPerCpuSecond(k6.k6);
  console.log(`validated getCall responses per CPU-second: k6 ${rate.perCpuSecond.toFixed(0)} (GOMAXPROCS=1, ${rate.requests} in ${rate.cpuS.toFixed(2)} s CPU)   built-in engine ${(1e6 / cpu.engineUs).toFixed(0)}   (${(1e6 / cpu.engineUs / rate.perCpuSecond).toFixed(1)}x)`);
}

console.log('\nk6-operator runners on real k6 (the TestRun bundle --k8s writes, started as the operator starts its pods; read-mix, 2 runners, 300/s for 20 s, report merge)');
const operatorK6 = operatorK6s();
if (!Array.isArray(operatorK6)) console.log(`skipped: ${operatorK6.skipped}`);
else {
  for (const binary of operatorK6) {
    const r = await operatorAccuracy(binary);
    console.log(`${binary.padEnd(32)} ${String(r.iterations).padStart(8)} iterations, ${r.dropped} dropped; http_req_waiting{name:getCall} ${r.rows.map((row) => `${row.stat} ${row.reported.toFixed(2)} ms (injected ${row.injected.toFixed(2)}, ${row.withinBudget ? 'within' : 'OUTSIDE'} 5% + 1.5 ms)`).join('  ')}`);
  }
}
