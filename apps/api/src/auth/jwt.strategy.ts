import { Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Actor } from '@app/core';
import { IdentityService, toActor } from '@app/identity';
import { jwtSecret } from './jwt-secret';
import { AppConfig } from '@app/core';

interface JwtPayload {
  sub: string;
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly identity: IdentityService,
    config: AppConfig,
  ) {
    // A secret KeyObject: given a string, jsonwebtoken first tries it as a public key (and throws) on every request.
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: createSecretKey(Buffer.from(jwtSecret(config))),
      algorithms: ['HS256'],
    } as unknown as ConstructorParameters<typeof Strategy>[0]);
  }

  /** The account is re-read on every request, so that a deactivated account stops at once. */
  async validate(payload: JwtPayload): Promise<Actor | false> {
    const user = await this.identity.activeUser(payload.sub);
    return user ? toActor(user) : false;
  }
}
