import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Actor } from '@app/core';
import { Notice as NoticeEntity, NoticeDesk } from '@app/notifications';
import { CurrentActor } from '../auth/current-user.decorator';
import { Notice, NoticePreview, NoticeTemplate } from './notices.models';
import { MyNoticesArgs, NoticeIdArgs, NoticeKindArgs, NoticesArgs, NoticeTemplateArgs } from './notices.inputs';
import { NoticeAccess } from './notice-access.service';

/** A stored notice as the API shows it (also MatchingRun.notices). */
export const toNotice = (n: NoticeEntity): Notice => ({
  id: n.id,
  kind: n.kind,
  documentNumber: n.documentNumber,
  subject: n.subject,
  body: n.body,
  createdAt: n.createdAt,
  pdfPath: `/notices/${n.id}/pdf`,
});

@Resolver(() => Notice)
export class NoticesResolver {
  constructor(
    private readonly desk: NoticeDesk,
    private readonly access: NoticeAccess,
  ) {}

  @Query(() => [Notice], { description: "The caller's notices: to its account, its vendor, prefecture or municipality; newest first" })
  async myNotices(@CurrentActor() actor: Actor, @Args() a: MyNoticesArgs) {
    return (await this.desk.mine(actor, a.first, a.before ?? null)).map(toNotice);
  }

  @Query(() => Notice, { description: 'One notice, for whoever may read it (as its PDF); anyone else NOT_FOUND' })
  async notice(@CurrentActor() actor: Actor, @Args() a: NoticeIdArgs) {
    return toNotice(await this.access.readable(actor, a.id));
  }

  @Query(() => [Notice], { description: 'Every notice issued, newest first (secretariat)' })
  async notices(@CurrentActor() actor: Actor, @Args() a: NoticesArgs) {
    return (await this.desk.list(actor, a.kind ?? null, a.first, a.before ?? null)).map(toNotice);
  }

  @Query(() => [NoticeTemplate], { description: 'The wording of every notice kind and its placeholders (secretariat)' })
  noticeTemplates(@CurrentActor() actor: Actor) {
    return this.desk.templateList(actor);
  }

  @Mutation(() => NoticeTemplate, { description: "Replaces a notice kind's wording; the next notice uses it, issued ones keep theirs (secretariat)" })
  updateNoticeTemplate(@CurrentActor() actor: Actor, @Args() a: NoticeTemplateArgs) {
    return this.desk.updateTemplate(actor, a.kind, a.subject, a.body);
  }

  @Mutation(() => NoticeTemplate, { description: 'Returns a notice kind to its default wording (secretariat)' })
  resetNoticeTemplate(@CurrentActor() actor: Actor, @Args() a: NoticeKindArgs) {
    return this.desk.resetTemplate(actor, a.kind);
  }

  @Query(() => NoticePreview, { description: 'A notice in letter form with this wording and sample values; nothing stored or sent (secretariat)' })
  previewNotice(@CurrentActor() actor: Actor, @Args() a: NoticeTemplateArgs) {
    return this.desk.preview(actor, a.kind, a.subject, a.body);
  }
}
