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
      scales: {
        x: o.categories ? { time: false, range: function () { return [-0.5, n - 0.5]; } } : { time: false },
        y: o.yRange ? { range: function () { return o.yRange; } } : {},
      },
      axes: [
        o.categories ? { label: o.xLabel || '', splits: function () { return xs; }, values: o.xValues, rotate: o.rotate || 0, size: o.rotate ? 90 : 50 } : { label: o.xLabel || '', values: o.xValues },
        { label: o.yLabel || '' },
      ],
      series: [{ label: o.xLabel || 'x' }].concat(series.map(function (s, i) {
        var color = s.color || COLORS[i % COLORS.length];
        var line = { label: s.label, stroke: color, width: 2, points: { show: !!(o.points || o.categories), size: o.categories ? 10 : 5, fill: color } };
        if ((o.categories && !o.lines) || s.markers) line.paths = function () { return null; };
        if (s.markers) line.points = { show: true, size: 14, fill: color, stroke: '#1d2330', width: 2 };
        if (s.dash) { line.dash = [6, 4]; line.width = 1.5; line.points = { show: false }; }
        return line;
      })),
    };
    // What the chart shows, for the browser tests: the y range as drawn and every series' label.
    spec.hooks = { draw: [function (u) { el.setAttribute('data-y-max', String(u.scales.y.max)); }] };
    new uPlot(spec, [xs].concat(series.map(function (s) { return s.values; })), el);
    el.setAttribute('data-rendered', 'true');
    el.setAttribute('data-series', series.map(function (s) { return s.label; }).join('|'));
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
    // Marks only where a figure regressed; gaps (null) everywhere else.
    var marked = function (points, key, figures) {
      return points.map(function (p) { return figures.some(function (f) { return p.regressed.indexOf(f) !== -1; }) ? p[key] : null; });
    };
    // The error axis fits the data and the SLO line, never less than 0.1%, so a 1% rise shows.
    var upTo = function (values) {
      var top = Math.max.apply(null, values.filter(function (v) { return v !== null; }).concat([0.1]));
      return [0, top * 1.25];
    };
    data.operations.forEach(function (op, i) {
      var xs = op.points.map(function (_, k) { return k; });
      var labels = op.points.map(function (p) { return p.label; });
      var common = { categories: true, lines: true, width: 560, rotate: 35, xValues: function (_u, ticks) { return ticks.map(function (k) { return labels[k] || ''; }); } };
      var opts = function (extra) { var o = {}; var k; for (k in common) o[k] = common[k]; for (k in extra) o[k] = extra[k]; return o; };
      var pct = function (v) { return v === null ? null : v * 100; };
      chart('trend-' + i, op.key + ': p95 and p99 (ms) over runs', xs, [
        { label: 'p95', values: pick(op.points, 'p95') }, { label: 'p99', values: pick(op.points, 'p99') },
        { label: 'SLO p95', values: pick(op.points, 'sloP95'), dash: true, color: '#137333' },
        { label: 'regressed', values: marked(op.points, 'p95', ['p95', 'p99']), markers: true, color: '#b3261e' },
      ], opts({}));
      var errors = op.points.map(function (p) { return pct(p.errorRate); });
      var slo = op.points.map(function (p) { return pct(p.sloErrorRate); });
      chart('errors-' + i, op.key + ': error rate (%) over runs', xs, [
        { label: 'error %', values: errors },
        { label: 'SLO %', values: slo, dash: true, color: '#137333' },
        { label: 'regressed', values: marked(op.points, 'errorRate', ['errorRate']).map(pct), markers: true, color: '#b3261e' },
      ], opts({ yRange: upTo(errors.concat(slo)) }));
      chart('rate-' + i, op.key + ': throughput (requests/s) over runs', xs, [
        { label: 'requests/s', values: pick(op.points, 'ratePerS') },
        { label: 'regressed', values: marked(op.points, 'ratePerS', ['throughput']), markers: true, color: '#b3261e' },
      ], opts({}));
    });
  }
  document.body.setAttribute('data-charts', String(document.querySelectorAll('[data-rendered]').length));
})();
