import { Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Actor } from '@app/core';
import { IdentityService } from '@app/identity';
import { jwtSecret } from './jwt-secret';
import { sessionTokenFrom } from './session-cookie';
import { AppConfig } from '@app/core';

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
    } as unknown as ConstructorParameters<typeof Strategy>[0]);
  }

  /** The account (and its vendor's suspension) is re-read on every request, so that a deactivation or suspension applies at once. */
  async validate(payload: JwtPayload): Promise<Actor | false> {
    const session = payload.sid && payload.iat && payload.exp ? { id: payload.sid, issuedAt: payload.iat, expiresAt: payload.exp } : undefined;
    return (await this.identity.actorOf(payload.sub, session)) ?? false;
  }
}
