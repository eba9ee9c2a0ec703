import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, DomainError } from '@app/core';
import { RegionApplication as RegionApplicationEntity, RegionApplicationService } from '@app/calls';
import { CurrentActor } from '../auth/current-user.decorator';
import { inputDate } from '../common/dates';
import { RegionApplication, SubmissionReceipt } from './calls.models';
import { AcceptLateArgs, ProxyEntryArgs } from './proxy-entry.inputs';
import { LateAcceptance, ProxyEntry } from './proxy-entry.models';

@Resolver(() => RegionApplication)
export class ProxyEntryResolver {
  constructor(private readonly applications: RegionApplicationService) {}

  @Mutation(() => SubmissionReceipt, {
    description: "Enters and submits a prefecture's application from its e-mailed form (secretariat only; marked and audited as proxy entry)",
  })
  enterRegionApplicationByProxy(@CurrentActor() actor: Actor, @Args() a: ProxyEntryArgs) {
    const i = a.input;
    const formReceivedAt = i.formReceivedAt ? inputDate('formReceivedAt', i.formReceivedAt) : undefined;
    return this.applications.enterByProxy(actor, {
      ...i,
      formReceivedAt,
      partners: i.partners.map((p) => {
        const buffer = Buffer.from(p.memorandum.contentBase64, 'base64');
        if (!buffer.length) throw new DomainError('VALIDATION_FAILED', { field: 'memorandum' });
        return { ...p, lgCode: p.lgCode.normalize('NFKC').trim(), memorandum: { originalName: p.memorandum.fileName, buffer } };
      }),
    });
  }

  @Mutation(() => SubmissionReceipt, {
    description: 'Accepts after the deadline a draft that missed it (secretariat only, with a reason; before the decision)',
  })
  acceptLateRegionApplication(@CurrentActor() actor: Actor, @Args() a: AcceptLateArgs) {
    return this.applications.acceptLate(actor, a.applicationId, a.reason);
  }

  @ResolveField(() => ProxyEntry, { nullable: true, description: 'Set when the secretariat entered this application from an e-mailed form' })
  proxyEntry(@Parent() app: RegionApplicationEntity): ProxyEntry | null {
    return app.proxyEnteredAt ? { enteredAt: app.proxyEnteredAt, note: app.proxyNote ?? '' } : null;
  }

  @ResolveField(() => LateAcceptance, { nullable: true, description: 'Set when the secretariat accepted this application after the deadline' })
  lateAcceptance(@Parent() app: RegionApplicationEntity): LateAcceptance | null {
    return app.lateAcceptedAt ? { acceptedAt: app.lateAcceptedAt, reason: app.lateReason ?? '' } : null;
  }
}
