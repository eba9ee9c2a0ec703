/**
 * The database limit for our own query: a bare node:http + pg endpoint that runs the SQL statements one W2 request
 * issues (captured from the API, same text and parameters, same pool size) and returns the rows as JSON, without GraphQL.
 * DATABASE_URL, PORT and STATEMENTS (a JSON file of { text, params }) from the environment.
 */
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const { Pool } = require('pg');
const statements = JSON.parse(fs.readFileSync(process.env.STATEMENTS, 'utf8'));
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
http
  .createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      try {
        const out = [];
        for (const s of statements) out.push((await pool.query(s.text, s.params)).rows);
        const body = JSON.stringify({ rows: out.map((r) => r.length), data: out });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
      } catch (e) {
        res.writeHead(500);
        res.end(String(e));
      }
    });
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => process.send && process.send({ ready: true }));
