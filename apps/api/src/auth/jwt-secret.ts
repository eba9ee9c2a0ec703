import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '@app/core';

let generated: string | undefined;

/** The configured secret; outside production a random per-process one (tokens then die with the process). */
export function jwtSecret(config: AppConfig): string {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  if (!generated) {
    generated = randomBytes(32).toString('hex');
    if (config.NODE_ENV !== 'test') new Logger('Auth').warn('JWT_SECRET is not set: using a random secret for this process (set it in production).');
  }
  return generated;
}
