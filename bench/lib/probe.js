/**
 * Preloaded into the API under test (`node -r bench/lib/probe.js`): counts the SQL statements the process sends
 * (every pg Client#query), its CPU time and its peak resident memory, and answers the benchmark over the IPC channel.
 * With capture on, it also keeps the statements (text and parameters) so that the references can replay the same SQL.
 * Nothing of the application is changed: the counting wraps the driver from outside.
 */
'use strict';
const pg = require('pg');

let queries = 0;
// The audit trail's per-connection actor setting (libs/audit), counted apart so that the report can show both.
let actorQueries = 0;
let capture = null;
let peakRss = process.memoryUsage().rss;
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, values, callback) {
  queries += 1;
  const text = typeof config === 'string' ? config : config && config.text;
  if (typeof text === 'string' && text.startsWith("SELECT set_config('rdx.actor'")) actorQueries += 1;
  if (capture) {
    const params = Array.isArray(values) ? values : config && config.values;
    capture.push({ text, params: params || [] });
  }
  return original.call(this, config, values, callback);
};

// memoryUsage.rss() alone: the whole memoryUsage() (heap statistics too) every 20 ms took about 3 % of the API's CPU.
setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) peakRss = rss;
}, 20).unref();

process.on('message', (m) => {
  if (!m || typeof m !== 'object' || !m.probe) return;
  if (m.probe === 'resetPeak') peakRss = process.memoryUsage().rss;
  if (m.probe === 'capture') capture = [];
  let captured;
  if (m.probe === 'release') {
    captured = capture;
    capture = null;
  }
  const cpu = process.cpuUsage();
  process.send({ probe: m.probe, id: m.id, queries, actorQueries, cpuMicros: cpu.user + cpu.system, rss: process.memoryUsage().rss, peakRss, captured });
});
