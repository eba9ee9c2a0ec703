/** The HTTP limit: a bare node:http handler answering what W1 answers. PORT from the environment. */
'use strict';
const http = require('node:http');
const body = JSON.stringify({ data: { __typename: 'Query' } });
http
  .createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => process.send && process.send({ ready: true }));
