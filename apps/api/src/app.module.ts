import { ApolloDriverConfig } from '@nestjs/apollo';
import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { Actor, AppConfig, Clock, CoreModule, dataSourceOptions, stampTimesWith } from '@app/core';
import { BiddingModule } from '@app/bidding';
import { BriefingModule } from '@app/briefing';
import { EngagementModule } from '@app/engagement';
import { CallsModule } from '@app/calls';
import { EvaluationModule } from '@app/evaluation';
import { MatchingModule } from '@app/matching';
import { NotificationsModule } from '@app/notifications';
import { DocumentsModule } from '@app/documents';
import { IdentityModule } from '@app/identity';
import { MasterDataModule } from '@app/master-data';
import { AuditModule } from '@app/audit';
import { AccessModule } from '@app/access';
import { ALL_ENTITIES } from '../../../libs/entities';
import { ALL_MIGRATIONS } from '../../../migrations';
import { PublishedCacheModule } from './published-cache/published-cache.module';
import { PublishedResponseCache } from './published-cache/published-cache';
import { PublishedFastPathMiddleware } from './published-cache/published-fast-path.middleware';
import { AccessGuard } from './auth/guards';
import { enforceObjectFieldPolicy } from './auth/object-field-access';
import { describeRootTypes } from './graphql/root-types';
import { PERSONAL_DATA_RESOLVERS } from './audit/personal-data.resolver';
import { BIDDING_RESOLVERS } from './bidding/bidding.resolver';
import { EVALUATION_RESOLVERS } from './evaluation/evaluation.resolver';
import { MATCHING_RESOLVERS } from './matching/matching.resolver';
import { BriefingResolver } from './briefing/briefing.resolver';
import { ENGAGEMENT_RESOLVERS } from './engagement/engagement.resolver';
import { EventBridge, pubSubProvider, SubscriptionAuth, SubscriptionResolver } from './graphql/subscriptions';
import { BriefingExportController } from './briefing/briefing-export.controller';
import { BriefingConfirmController } from './briefing/briefing-confirm.controller';
import { ExportsController } from './matching/exports.controller';
import { jwtSecret } from './auth/jwt-secret';
import { JwtStrategy } from './auth/jwt.strategy';
import { LocalStrategy } from './auth/local.strategy';
import { OptionalJwtMiddleware } from './auth/optional-jwt.middleware';
import { wsSessionParams } from './auth/ws-session';
import { CallResolver, ProgramResolver, SupportMenuItemResolver } from './calls/program.resolver';
import { CandidateRegionResolver } from './calls/candidate-region.resolver';
import { PastSelectionResolver } from './calls/past-selection.resolver';
import { ProxyEntryResolver } from './calls/proxy-entry.resolver';
import { PartnerMunicipalityResolver } from './calls/partner.resolver';
import { RegionApplicationResolver, SubmissionReceiptResolver } from './calls/region-application.resolver';
import { AllExceptionsFilter } from './common/http-exception.filter';
import { DocumentsController } from './documents/documents.controller';
import { DocumentAccessService } from './documents/document-access.service';
import { NoticePdfController } from './notices/notice-pdf.controller';
import { NoticeAccess } from './notices/notice-access.service';
import { ReceiptPdfController } from './calls/receipt-pdf.controller';
import { GqlContext } from './graphql/context';
import { formatError } from './graphql/error-format';
import { LoaderFactory } from './graphql/loaders';
import { hideSuggestionsPlugin, limitValidationRules, parseOptions } from './graphql/limits';
import { BoundedApolloDriver, TOO_MANY_SOCKETS, tooManySubscriptions, wsOperationLimits } from './graphql/ws-limits';
import { WsSession, WsSessions } from './graphql/ws-sessions';
import { subscriptionRefusal } from './auth/subscription-access';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { noStorePlugin } from './graphql/no-store.plugin';
import { loggerParams } from './common/logging';
import { rateLimitPlugin } from './security/rate-limit.plugin';
import { RateLimits } from './security/rate-limits';
import { SecurityModule } from './security/security.module';
import { HealthController } from './health/health.controller';
import { IdentityResolver } from './identity/identity.resolver';
import { AccountImportResolver } from './identity/account-import.resolver';
import { NoticesResolver } from './notices/notices.resolver';
import { MasterDataResolver, MunicipalityResolver } from './master-data/master-data.resolver';

/** What a graphql-ws socket carries: the ws socket, and once signed in, the actor and its session. */
type WsExtra = {
  socket: { close(code: number, reason: string): void };
  request?: { headers: Record<string, string | string[] | undefined> };
  actor?: Actor;
  session?: WsSession;
};

/** The API's own providers that the GraphQL context needs. */
@Module({
  imports: [MasterDataModule, CallsModule, DocumentsModule, BiddingModule, EvaluationModule, BriefingModule, MatchingModule, EngagementModule, IdentityModule],
  providers: [LoaderFactory, SubscriptionAuth, WsSessions],
  exports: [LoaderFactory, SubscriptionAuth, WsSessions],
})
class LoadersModule {}

@Module({
  imports: [
    CoreModule,
    DiscoveryModule,
    LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerParams }),
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => dataSourceOptions(config, ALL_ENTITIES, ALL_MIGRATIONS),
      dataSourceFactory: async (options) => new DataSource(options!).initialize(),
    }),
    PassportModule,
    JwtModule.registerAsync({
      global: true,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ secret: jwtSecret(config), signOptions: { expiresIn: config.JWT_EXPIRES_IN as never, algorithm: 'HS256' } }),
    }),
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: BoundedApolloDriver, // Apollo's, with a message-size limit on the WebSocket
      imports: [LoadersModule, SecurityModule, PublishedCacheModule],
      inject: [AppConfig, LoaderFactory, Clock, SubscriptionAuth, RateLimits, WsSessions, PublishedResponseCache],
      useFactory: (
        config: AppConfig,
        loaders: LoaderFactory,
        clock: Clock,
        wsAuth: SubscriptionAuth,
        rateLimits: RateLimits,
        wsSessions: WsSessions,
        published: PublishedResponseCache,
      ) => ({
        autoSchemaFile: true,
        sortSchema: true,
        playground: false,
        // No schema for strangers in production: neither introspection nor "Did you mean …?" hints.
        introspection: !config.isProduction,
        csrfPrevention: true,
        allowBatchedHttpRequests: false,
        persistedQueries: false, // no server-side query cache a client can fill
        includeStacktraceInErrorResponses: false,
        // An execution error that names its HTTP status keeps it: the sign-in guard's RATE_LIMITED is a 429 with
        // Retry-After like the plugin's (only rate-limit errors carry extensions.http).
        preserveHttpStatusForExecutionErrors: false,
        // Size limits (graphql-armor, tokens while parsing) and one root field per mutation: see graphql/limits.ts.
        parseOptions,
        validationRules: limitValidationRules(),
        // No cache hints are used: Apollo's cache-control plugin would only wrap every field resolver. Responses hold
        // personal data, so they say no-store themselves.
        plugins: [
          ApolloServerPluginCacheControlDisabled(),
          noStorePlugin(),
          rateLimitPlugin(rateLimits),
          published.plugin(), // after the rate limit: a published answer from memory still counts
          ...(config.isProduction ? [hideSuggestionsPlugin()] : []),
        ],
        // No field-resolver enhancers: the guard decides root fields; the sensitive object fields of the access table are
        // wrapped alone (role, then the access layer's rule, batched), so the other fields of a list page run bare.
        // Wrapping every field resolver in Nest's guard pipeline cost most of the CPU of a list page (docs/PERFORMANCE.md).
        // …and the root types' descriptions, which code-first schemas cannot declare (graphql/root-types.ts).
        transformSchema: (schema) => describeRootTypes(enforceObjectFieldPolicy(schema)),
        // HTTP requests bring req/res; a graphql-ws operation brings its socket's context, with the actor found at connection.
        context: (c: Partial<Pick<GqlContext, 'req' | 'res'>> & { extra?: WsExtra }): GqlContext => ({
          req: c.req ?? ({ user: c.extra?.actor ?? undefined, headers: {} } as unknown as GqlContext['req']),
          ws: c.extra?.session,
          res: c.res as GqlContext['res'],
          receivedAt: (c.req as { receivedAt?: Date } | undefined)?.receivedAt ?? clock.now(),
          loaders: loaders.create(),
        }),
        subscriptions: {
          'graphql-ws': {
            ...wsOperationLimits(config.isProduction),
            onConnect: async (ctx: { connectionParams?: Record<string, unknown>; extra: unknown }) => {
              // A bearer token in the connection parameters (GraphQL clients), else the browser's session cookie.
              const bearer = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
              const found = await wsAuth.actor(bearer ? ctx.connectionParams : wsSessionParams((ctx.extra as WsExtra).request));
              if (found === false) return false; // a token was given and is not valid: refuse the socket
              if (found) {
                const extra = ctx.extra as WsExtra;
                const session = wsSessions.begin(found.actor, found.exp, (code, reason) => extra.socket.close(code, reason));
                if (!session) {
                  extra.socket.close(TOO_MANY_SOCKETS.code, TOO_MANY_SOCKETS.reason); // graphql-ws's own 4403 after it is ignored
                  return false;
                }
                extra.actor = found.actor;
                extra.session = session;
              }
              return true;
            },
            onSubscribe: (ctx: { extra: unknown; subscriptions: Record<string, unknown> }, _id: string, payload: { query: string }) =>
              tooManySubscriptions(ctx.subscriptions) ?? subscriptionRefusal(payload.query, (ctx.extra as WsExtra).actor),
            onClose: (ctx: { extra: unknown }) => wsSessions.end((ctx.extra as WsExtra).session),
          },
        },
        formatError: (formatted, error) => formatError(formatted, error),
      }),
    }),
    SecurityModule,
    PublishedCacheModule, // the fast path's middleware (the GraphQL module's plugin shares its cache)
    AccessModule,
    MasterDataModule,
    IdentityModule,
    DocumentsModule,
    CallsModule,
    BiddingModule,
    EvaluationModule,
    NotificationsModule,
    MatchingModule,
    BriefingModule,
    EngagementModule,
    AuditModule,
    SecurityModule, // the upload budget, for DocumentsController
  ],
  controllers: [
    HealthController,
    DocumentsController,
    BriefingExportController,
    BriefingConfirmController,
    ExportsController,
    NoticePdfController,
    ReceiptPdfController,
  ],
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    JwtStrategy,
    LocalStrategy,
    DocumentAccessService,
    NoticeAccess,
    MasterDataResolver,
    MunicipalityResolver,
    IdentityResolver,
    AccountImportResolver,
    ProgramResolver,
    SupportMenuItemResolver,
    CallResolver,
    RegionApplicationResolver,
    SubmissionReceiptResolver,
    PartnerMunicipalityResolver,
    CandidateRegionResolver,
    PastSelectionResolver,
    ProxyEntryResolver,
    ...BIDDING_RESOLVERS,
    ...EVALUATION_RESOLVERS,
    ...MATCHING_RESOLVERS,
    BriefingResolver,
    ...ENGAGEMENT_RESOLVERS,
    NoticesResolver,
    ...PERSONAL_DATA_RESOLVERS,
    SubscriptionResolver,
    EventBridge,
    pubSubProvider,
    // Stored times come from the app's Clock, not the database's now() (ClockTimestamps).
    { provide: 'CLOCK_TIMESTAMPS', inject: [DataSource, Clock], useFactory: stampTimesWith },
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(OptionalJwtMiddleware).forRoutes('*path');
    // After the account is known: a published answer kept in memory is sent before Apollo parses the request.
    consumer.apply(PublishedFastPathMiddleware).forRoutes({ path: 'graphql', method: RequestMethod.POST });
  }
}
