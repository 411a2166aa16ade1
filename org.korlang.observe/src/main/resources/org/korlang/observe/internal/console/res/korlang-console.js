/*
 * The Korlang page: polls data.json every POLL_MS and draws the charts with uPlot.
 *
 * Every poll appends one point (its time) to the time-series charts (heap per space, collection
 * counts, scheduler queues, steals per second and parked workers) and each collection reported
 * since the last poll (data.json?since=N hands out each one once) to the pause chart, which has one
 * point series per GC policy, so a switch shows as a change of colour. At most MAX points are kept.
 * Each chart's container carries data-points = the number of points drawn (tests read it).
 * The policy controls POST to ./policy with the header X-Korlang-Console: 1 (the same code as
 * gc:policy and sched:policy on the server) and show the command's answer in #kl-status.
 */
(function () {
  'use strict';
  var POLL_MS = 500;
  var MAX = 600;
  var MiB = 1024 * 1024;
  var COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
  var page = document.getElementById('korlang');
  // absolute, from location.host: a page opened as http://user:password@host/... must not resolve
  // its requests against that address (fetch refuses URLs that carry credentials)
  var root = location.protocol + '//' + location.host + page.getAttribute('data-root');
  var since = 0;
  var polls = 0;
  var series = { t: [], young: [], old: [], large: [], minor: [], full: [], global: [], local: [], steals: [], parked: [] };
  var pauses = { t: [], policy: [], ms: [] };
  var pausePolicies = [];
  var lastSteals = null, lastTime = null;
  var charts = {};
  window.korlangConsole = { polls: function () { return polls; }, lastError: null };

  function width(el) { return Math.max(320, (el.clientWidth || 560) - 10); }

  function lineChart(id, labels, colors) {
    var el = document.getElementById(id);
    var opts = {
      width: width(el), height: 220,
      scales: { x: { time: true } },
      series: [{}].concat(labels.map(function (label, i) {
        return { label: label, stroke: colors[i], width: 1.5, points: { show: false } };
      })),
      axes: [{}, { size: 60 }],
      legend: { live: false }
    };
    var data = [[]].concat(labels.map(function () { return []; }));
    charts[id] = new uPlot(opts, data, el);
  }

  function pauseChart() {
    var id = 'kl-chart-pauses';
    var el = document.getElementById(id);
    if (charts[id]) { charts[id].destroy(); }
    var opts = {
      width: width(el), height: 220,
      scales: { x: { time: true } },
      series: [{}].concat(pausePolicies.map(function (policy, i) {
        var c = COLORS[i % COLORS.length];
        return { label: policy, stroke: c, fill: c, paths: function () { return null; },
                 points: { show: true, size: 6, stroke: c, fill: c } };
      })),
      axes: [{}, { size: 60 }],
      legend: { live: false }
    };
    charts[id] = new uPlot(opts, pauseData(), el);
  }

  function pauseData() {
    var data = [pauses.t];
    pausePolicies.forEach(function (policy) {
      data.push(pauses.ms.map(function (ms, i) { return pauses.policy[i] === policy ? ms : null; }));
    });
    return data;
  }

  function push(arr, v) { arr.push(v); if (arr.length > MAX) { arr.shift(); } }

  function setPoints(id, n) { document.getElementById(id).setAttribute('data-points', String(n)); }

  function fillSelect(id, names, active) {
    var select = document.getElementById(id);
    var now = Array.prototype.map.call(select.options, function (o) { return o.value; }).join(',');
    if (now !== names.join(',')) {
      select.innerHTML = '';
      names.forEach(function (n) {
        var o = document.createElement('option');
        o.value = n; o.textContent = n;
        select.appendChild(o);
      });
      select.value = active;
    }
  }

  function text(id, value) { document.getElementById(id).textContent = value; }

  function status(message, ok) {
    var el = document.getElementById('kl-status');
    el.textContent = message;
    el.className = 'kl-status' + (ok ? '' : ' kl-error');
    el.setAttribute('data-ok', String(ok));
  }

  function ports(p) {
    var body = document.querySelector('#kl-ports tbody');
    body.innerHTML = '';
    if (!p) { text('kl-machine', '(the platform bundle is not running)'); return; }
    text('kl-machine', p.machine + (p.missing.length ? ' — missing: ' + p.missing.join('; ') : ' — ready'));
    p.ports.forEach(function (port) {
      var tr = document.createElement('tr');
      if (port.serving) { tr.className = 'kl-serving'; }
      [port.bundle, port.kind, port.target, port.state, port.status].forEach(function (v) {
        var td = document.createElement('td');
        td.textContent = v;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  function update(d) {
    var t = d.time / 1000;
    var h = d.heap, s = d.scheduler;
    push(series.t, t);
    push(series.young, h ? h.young / MiB : null);
    push(series.old, h ? h.old / MiB : null);
    push(series.large, h ? h.large / MiB : null);
    push(series.minor, h ? h.minorCollections : null);
    push(series.full, h ? h.fullCollections : null);
    push(series.global, s ? s.globalQueue : null);
    push(series.local, s ? s.localQueues.reduce(function (a, b) { return a + b; }, 0) : null);
    var rate = null;
    if (s && lastSteals !== null && t > lastTime) { rate = Math.max(0, (s.steals - lastSteals) / (t - lastTime)); }
    if (s) { lastSteals = s.steals; lastTime = t; }
    push(series.steals, rate);
    push(series.parked, s ? s.parkedWorkers : null);

    charts['kl-chart-heap'].setData([series.t, series.young, series.old, series.large]);
    charts['kl-chart-counts'].setData([series.t, series.minor, series.full]);
    charts['kl-chart-queues'].setData([series.t, series.global, series.local]);
    charts['kl-chart-steals'].setData([series.t, series.steals, series.parked]);
    ['kl-chart-heap', 'kl-chart-counts', 'kl-chart-queues', 'kl-chart-steals'].forEach(function (id) {
      setPoints(id, series.t.length);
    });

    var grew = false;
    d.gc.events.forEach(function (e) {
      if (pausePolicies.indexOf(e.policy) < 0) { pausePolicies.push(e.policy); grew = true; }
      push(pauses.t, e.time / 1000); push(pauses.policy, e.policy); push(pauses.ms, e.pauseMillis);
    });
    since = d.gc.next;
    if (grew || !charts['kl-chart-pauses']) { pauseChart(); } else { charts['kl-chart-pauses'].setData(pauseData()); }
    setPoints('kl-chart-pauses', pauses.t.length);

    if (h) { text('kl-gc-active', h.policy); fillSelect('kl-gc-select', h.policies, h.policy); }
    else { text('kl-gc-active', 'no heap'); }
    if (s) { text('kl-sched-active', s.policy); fillSelect('kl-sched-select', s.policies, s.policy); }
    else { text('kl-sched-active', 'no scheduler'); }
    ports(d.ports);
  }

  function poll() {
    fetch(root + '/data.json?since=' + since, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) {
        if (!r.ok) { throw new Error('data.json: HTTP ' + r.status); }
        return r.json();
      })
      .then(function (d) { update(d); polls++; window.korlangConsole.lastError = null; })
      .catch(function (err) { window.korlangConsole.lastError = String(err); status(String(err), false); })
      .then(function () { setTimeout(poll, POLL_MS); });
  }

  function switcher(button, select, target) {
    document.getElementById(button).addEventListener('click', function () {
      var name = document.getElementById(select).value;
      status('switching the ' + target + ' policy to ' + name + '…', true);
      fetch(root + '/policy', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Korlang-Console': '1' },
        body: 'target=' + encodeURIComponent(target) + '&name=' + encodeURIComponent(name)
      }).then(function (r) { return r.json(); })
        .then(function (answer) { status(answer.message, answer.ok); })
        .catch(function (err) { status(String(err), false); });
    });
  }

  lineChart('kl-chart-heap', ['young', 'old', 'large'], ['#2ca02c', '#1f77b4', '#ff7f0e']);
  lineChart('kl-chart-counts', ['young collections', 'full collections'], ['#2ca02c', '#d62728']);
  lineChart('kl-chart-queues', ['global queue', 'local queues'], ['#9467bd', '#17becf']);
  lineChart('kl-chart-steals', ['steals/s', 'parked workers'], ['#8c564b', '#7f7f7f']);
  pauseChart();
  switcher('kl-gc-switch', 'kl-gc-select', 'gc');
  switcher('kl-sched-switch', 'kl-sched-select', 'scheduler');
  poll();
}());
