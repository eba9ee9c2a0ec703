import { Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Actor } from '@app/core';
import { IdentityService } from '@app/identity';
import { jwtSecret } from './jwt-secret';
import { sessionTokenFrom } from './session-cookie';
import { AppConfig, DataVersionReader } from '@app/core';
import { DataSource } from 'typeorm';

interface JwtPayload {
  sub: string;
  /** The session id (absent from tokens signed before sessions could be ended); `exp` always set by the signer. */
  sid?: string;
  iat?: number;
  exp?: number;
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly identity: IdentityService,
    config: AppConfig,
    db: DataSource,
  ) {
    // A secret KeyObject: given a string, jsonwebtoken first tries it as a public key (and throws) on every request.
    super({
      // A bearer header wins (GraphQL clients); without one, the browser's session cookie (session-cookie.ts).
      jwtFromRequest: ExtractJwt.fromExtractors([
        ExtractJwt.fromAuthHeaderAsBearerToken(),
        (req: { headers?: { cookie?: string } }) => sessionTokenFrom(req?.headers?.cookie) ?? null,
      ]),
      secretOrKey: createSecretKey(Buffer.from(jwtSecret(config))),
      algorithms: ['HS256'],
      passReqToCallback: true,
    } as unknown as ConstructorParameters<typeof Strategy>[0]);
    this.versions = DataVersionReader.of(db);
  }

  private readonly versions: DataVersionReader;

  /**
   * The account (and its vendor's suspension) as of this request: the actors' data version is read for the request (one
   * statement, shared with the published-data cache), and the account is re-read only when that version changed, so
   * a deactivation, a sign-out or a suspension applies on the very next request, on every instance.
   */
  async validate(req: object, payload: JwtPayload): Promise<Actor | false> {
    const session = payload.sid && payload.iat && payload.exp ? { id: payload.sid, issuedAt: payload.iat, expiresAt: payload.exp } : undefined;
    const { actors } = await this.versions.forRequest(req);
    return (await this.identity.actorOf(payload.sub, session, actors)) ?? false;
  }
}
