/**
 * The dependency rule of docs/ARCHITECTURE.md, checked in CI (`npm run depcheck`):
 * apps/api → libs/<area> → libs/core; domain/ is pure; only the API knows GraphQL and passport.
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'libs-not-to-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'code-not-to-tests',
      comment: 'the test harness (test/support) boots the app; the app never reaches back into test/',
      severity: 'error',
      from: { path: '^(apps|libs|migrations)/' },
      to: { path: '^test/' },
    },
    {
      name: 'migrations-are-self-contained',
      comment: 'a migration carries frozen copies of what it inserts: live code may change, what a migration did may not',
      severity: 'error',
      from: { path: '^migrations/' },
      to: { pathNot: ['^migrations/', '(^|/)node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'core-is-the-bottom',
      comment: 'libs/core depends on no bounded area',
      severity: 'error',
      from: { path: '^libs/core/' },
      to: { path: '^libs/(?!core/)' },
    },
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds rules as plain functions: no Nest, TypeORM, GraphQL, and only pure core helpers',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/domain/', pathNot: '\\.spec\\.ts$' },
      to: {
        pathNot: ['^libs/[^/]+/src/domain/', '^libs/core/src/(errors|time|util)/'],
      },
    },
    {
      name: 'only-api-knows-graphql-and-passport',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: 'node_modules/(@nestjs/graphql|@nestjs/apollo|graphql|@apollo|passport|passport-[a-z]+|@nestjs/passport)/' },
    },
    {
      name: 'areas-meet-through-their-index',
      comment: "an area uses another only through what its index exports (its module's services)",
      severity: 'error',
      from: { path: '^libs/([^/]+)/src/' },
      to: { path: '^libs/([^/]+)/src/.+', pathNot: ['^libs/$1/src/', '^libs/[^/]+/src/index\\.ts$', '^libs/core/src/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.spec\\.ts$|^apps/web/)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
