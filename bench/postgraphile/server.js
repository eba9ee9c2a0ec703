/**
 * PostGraphile 4.14.1 on the benchmark database, for the side-by-side W2 and W3 (no auth, no query log, production
 * settings). DATABASE_URL and PORT from the environment.
 */
'use strict';
const http = require('node:http');
const { postgraphile } = require('postgraphile');
const handler = postgraphile(process.env.DATABASE_URL, 'public', {
  graphqlRoute: '/graphql',
  disableQueryLog: true,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  ignoreRBAC: false,
  extendedErrors: [],
  retryOnInitFail: false,
});
http.createServer(handler).listen(Number(process.env.PORT), '127.0.0.1', () => process.send && process.send({ ready: true }));
