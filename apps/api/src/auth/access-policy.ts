import { INestApplicationContext } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ALLOW_KEY, Allowed } from './allow.decorator';

export interface RootFieldPolicy {
  operation: 'Query' | 'Mutation' | 'Subscription';
  field: string;
  resolver: string;
  allowed: Allowed[] | null;
}

/**
 * The access table of the API, read from the resolvers themselves: every root field with the
 * roles its @Allow names. Tests compare it with the live schema, so no field goes undeclared.
 */
export function rootFieldPolicies(app: INestApplicationContext): RootFieldPolicy[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const out: RootFieldPolicy[] = [];
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || typeof instance !== 'object') continue;
    const proto = Object.getPrototypeOf(instance);
    for (const method of scanner.getAllMethodNames(proto)) {
      const fn = proto[method];
      const type = Reflect.getMetadata('graphql:resolver_type', fn) as string | undefined;
      if (type !== 'Query' && type !== 'Mutation' && type !== 'Subscription') continue;
      const name = (Reflect.getMetadata('graphql:resolver_name', fn) as string | undefined) ?? method;
      const allowed = reflector.getAllAndOverride<Allowed[] | undefined>(ALLOW_KEY, [fn, proto.constructor]) ?? null;
      out.push({ operation: type, field: name, resolver: proto.constructor.name, allowed });
    }
  }
  return out.sort((a, b) => `${a.operation}.${a.field}`.localeCompare(`${b.operation}.${b.field}`));
}
