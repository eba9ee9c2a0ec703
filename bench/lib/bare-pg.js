/**
 * The database limit for our own queries: a bare node:http + pg endpoint that runs the SQL statements one API request
 * issues (captured from the API, same text and parameters, same pool size, one after the other) and returns the rows
 * as JSON, without GraphQL. DATABASE_URL, PORT and STATEMENTS (a JSON file: a list of statement sets, each a list of
 * { text, params }) from the environment; the request body `{"set": k}` runs set k (several variants of one workload,
 * e.g. one per evaluator of W4), an empty body the first.
 */
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const { Pool } = require('pg');
const loaded = JSON.parse(fs.readFileSync(process.env.STATEMENTS, 'utf8'));
const sets = Array.isArray(loaded[0]) ? loaded : [loaded];
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
http
  .createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      try {
        const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        const statements = sets[(Number(body.set) || 0) % sets.length];
        const out = [];
        for (const s of statements) out.push((await pool.query(s.text, s.params)).rows);
        const text = JSON.stringify({ rows: out.map((r) => r.length), data: out });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(text);
      } catch (e) {
        res.writeHead(500);
        res.end(String(e));
      }
    });
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => process.send && process.send({ ready: true }));
