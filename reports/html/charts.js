// Draws the charts of a report or dashboard page from its embedded JSON, with uPlot.
/* global uPlot, document */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var COLORS = ['#1a73e8', '#e8710a', '#b3261e', '#137333', '#8430ce', '#5b6474'];

  function chart(targetId, title, xs, series, opts) {
    var el = document.getElementById(targetId);
    if (!el || !xs.length) return;
    var o = opts || {};
    var n = xs.length;
    var spec = {
      title: title, width: o.width || 560, height: o.height || 260,
      // Categories (operations) sit on whole numbers, with half a step of room either side.
      scales: { x: o.categories ? { time: false, range: function () { return [-0.5, n - 0.5]; } } : { time: false } },
      axes: [
        o.categories ? { label: o.xLabel || '', splits: function () { return xs; }, values: o.xValues } : { label: o.xLabel || '', values: o.xValues },
        { label: o.yLabel || '' },
      ],
      series: [{ label: o.xLabel || 'x' }].concat(series.map(function (s, i) {
        var line = { label: s.label, stroke: COLORS[i % COLORS.length], width: 2, points: { show: !!(o.points || o.categories), size: o.categories ? 10 : 5, fill: COLORS[i % COLORS.length] } };
        if (o.categories && !o.lines) line.paths = function () { return null; };
        return line;
      })),
    };
    new uPlot(spec, [xs].concat(series.map(function (s) { return s.values; })), el);
    el.setAttribute('data-rendered', 'true');
  }

  function pick(list, key) { return list.map(function (p) { return p[key]; }); }

  if (data.kind === 'report') {
    data.result.load.forEach(function (l, i) {
      var t = pick(l.timeline, 't');
      chart('latency-' + i, l.scenario + ': latency over time (ms)', t, [
        { label: 'p50', values: pick(l.timeline, 'p50') }, { label: 'p95', values: pick(l.timeline, 'p95') }, { label: 'p99', values: pick(l.timeline, 'p99') },
      ], { xLabel: 's' });
      chart('throughput-' + i, l.scenario + ': throughput over time (/s)', t, [
        { label: 'requests/s', values: pick(l.timeline, 'requestsPerS') }, { label: 'iterations/s', values: pick(l.timeline, 'iterationsPerS') }, { label: 'dropped/s', values: pick(l.timeline, 'droppedPerS') },
      ], { xLabel: 's' });
      var ops = l.operations.map(function (o) { return o.operationId; });
      chart('percentiles-' + i, l.scenario + ': percentiles per operation (ms)', ops.map(function (_, k) { return k; }), [
        { label: 'p50', values: pick(l.operations, 'p50') }, { label: 'p95', values: pick(l.operations, 'p95') }, { label: 'p99', values: pick(l.operations, 'p99') },
      ], { categories: true, width: 760, xValues: function (_u, ticks) { return ticks.map(function (k) { return ops[k] || ''; }); } });
      if (l.capacity) {
        var offered = l.timeline.map(function (p) { return p.iterationsPerS + p.droppedPerS; });
        var order = offered.map(function (_, k) { return k; }).sort(function (a, b) { return offered[a] - offered[b]; });
        chart('capacity-' + i, l.scenario + ': offered rate against p95 (ms) and errors (%)', order.map(function (k) { return offered[k]; }), [
          { label: 'p95 ms', values: order.map(function (k) { return l.timeline[k].p95; }) },
          { label: 'error %', values: order.map(function (k) { return l.timeline[k].errorRate * 100; }) },
        ], { xLabel: 'iterations/s', points: true });
      }
    });
  }

  if (data.kind === 'dashboard') {
    data.operations.forEach(function (op, i) {
      var xs = op.points.map(function (_, k) { return k; });
      var labels = op.points.map(function (p) { return p.label; });
      chart('trend-' + i, op.key + ': p95 and p99 (ms) over runs', xs, [
        { label: 'p95', values: pick(op.points, 'p95') }, { label: 'p99', values: pick(op.points, 'p99') },
      ], { categories: true, lines: true, xValues: function (_u, ticks) { return ticks.map(function (k) { return labels[k] || ''; }); } });
      chart('errors-' + i, op.key + ': error rate (%) over runs', xs, [
        { label: 'error %', values: op.points.map(function (p) { return p.errorRate * 100; }) },
      ], { categories: true, lines: true, height: 160, xValues: function (_u, ticks) { return ticks.map(function (k) { return labels[k] || ''; }); } });
    });
  }
  document.body.setAttribute('data-charts', String(document.querySelectorAll('[data-rendered]').length));
})();
