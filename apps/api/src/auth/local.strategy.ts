import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { IdentityService, SecondFactorService } from '@app/identity';
import type { User } from '@app/identity';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(
    private readonly identity: IdentityService,
    private readonly secondFactor: SecondFactorService,
  ) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  /** The password, then (for an account that has one) the second factor's code (LoginInput.otp). */
  async validate(req: { body: { otp?: unknown } }, email: string, password: string): Promise<User> {
    const user = await this.identity.verifyPassword(email, password);
    await this.secondFactor.verifyAtSignIn(user, typeof req.body.otp === 'string' ? req.body.otp : undefined);
    return user;
  }
}
