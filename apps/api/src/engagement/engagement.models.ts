import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { dateDisplay, DateDisplay } from '../common/scalars';
import { BudgetChangeStatus, EngagementStatus, ReportKind, ReportStatus } from '@app/engagement';

registerEnumType(EngagementStatus, {
  description: 'Where an engagement (伴走支援) stands',
  valuesMap: {
    ACTIVE: { description: 'The support is running' },
    CANCELLED: { description: 'Ended early: the vendor declined or the selection was withdrawn' },
    CLOSED: { description: 'Ended with the accepted final report' },
  },
  name: 'EngagementStatus',
});
registerEnumType(ReportKind, {
  valuesMap: { INTERIM: { description: '中間報告' }, FINAL: { description: '最終報告' } },
  name: 'ReportKind',
  description: 'INTERIM 中間報告 (around September), FINAL 最終報告 (around March)',
});
registerEnumType(ReportStatus, {
  description: 'Where an interim or final report stands',
  valuesMap: {
    DUE: { description: 'Not yet submitted' },
    SUBMITTED: { description: 'Submitted by the vendor' },
    RETURNED: { description: 'Returned for changes; submitted again by the vendor' },
    ACKNOWLEDGED: { description: 'Acknowledged by the prefecture' },
    ACCEPTED: { description: 'Accepted by the secretariat' },
  },
  name: 'ReportStatus',
});
registerEnumType(BudgetChangeStatus, {
  description: 'A budget change request of an engagement',
  valuesMap: {
    PENDING: { description: 'Awaiting the secretariat’s decision' },
    APPROVED: { description: 'Approved: the engagement’s budget changes' },
    REJECTED: { description: 'Rejected, with the reason' },
  },
  name: 'BudgetChangeStatus',
});

@ObjectType({ description: 'An item of an engagement’s plan' })
export class PlannedItem {
  @Field()
  menuItemCode: string;

  @Field({ description: 'PLANNED, IN_PROGRESS or DONE' })
  status: string;
}

@ObjectType({ description: 'An expert the vendor deploys on an engagement (personal data: parties and the secretariat)' })
export class DeployedExpert {
  @Field()
  name: string;

  @Field()
  role: string;
}

@ObjectType({ description: 'Progress against a planned item, as reported' })
export class ReportProgress {
  @Field()
  menuItemCode: string;

  @Field()
  note: string;

  @Field()
  status: string;
}

@ObjectType({ description: '中間報告 / 最終報告' })
export class EngagementReport {
  @Field(() => ID)
  id: string;

  @Field(() => ReportKind)
  kind: ReportKind;

  @Field({ description: 'Due date (a Japan date, YYYY-MM-DD): on a business day by the calendar rule, unless the secretariat overrode it' })
  dueOn: string;

  @Field(() => DateDisplay, {
    description: 'The due date shown as a date (令和7年9月30日（火）): due within that day in Japan',
    middleware: [({ source }) => dateDisplay((source as { dueOn: string }).dueOn)],
  })
  dueOnDisplay: DateDisplay;

  @Field({ description: 'The due date the business-calendar rule gave (a closed day moves to the previous business day)' })
  dueOnByRule: string;

  @Field(() => String, { nullable: true, description: "The secretariat's reason when it overrode the due date" })
  dueOnOverrideReason: string | null;

  @Field(() => Date, { nullable: true, description: 'When the secretariat overrode the due date' })
  dueOnOverriddenAt: Date | null;

  @Field(() => ReportStatus)
  status: ReportStatus;

  @Field()
  body: string;

  @Field()
  outcomes: string;

  @Field(() => [ReportProgress])
  progress: ReportProgress[];

  @Field(() => [ID])
  documentIds: string[];

  @Field(() => String, { nullable: true })
  prefectureComment: string | null;

  @Field(() => Date, { nullable: true })
  submittedAt: Date | null;

  @Field(() => Int)
  version: number;

  versions: unknown[];
}

@ObjectType('InterimReport', { description: '中間報告 (due around September)' })
export class InterimReport extends EngagementReport {}

@ObjectType('FinalReport', { description: '最終報告 (due around March; accepting it closes the engagement)' })
export class FinalReport extends EngagementReport {}

@ObjectType({ description: 'オブザーバー' })
export class Observer {
  @Field(() => ID)
  id: string;

  @Field()
  municipalityCode: string;

  @Field()
  confirmed: boolean;

  @Field(() => Boolean, { nullable: true })
  attended: boolean | null;
}

@ObjectType({ description: '会合' })
export class Meeting {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  engagementId: string;

  @Field()
  scheduledAt: Date;

  @Field()
  agenda: string;

  @Field({ description: 'ONLINE or ON_SITE' })
  mode: string;
}

@ObjectType({ description: 'A budget change beyond the awarded bid, waiting for (or decided by) the secretariat' })
export class EngagementBudgetChange {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  engagementId: string;

  @Field(() => Int, { description: "The winning bid's budget" })
  awardedBudgetYen: number;

  @Field(() => Int)
  previousBudgetYen: number;

  @Field(() => Int)
  requestedBudgetYen: number;

  @Field()
  requestedAt: Date;

  @Field(() => BudgetChangeStatus)
  status: BudgetChangeStatus;

  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: "The secretariat's reason" })
  decisionReason: string | null;
}

@ObjectType({ description: '伴走支援' })
export class Engagement {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  candidateRegionId: string;

  @Field()
  prefectureCode: string;

  @Field(() => ID)
  vendorId: string;

  @Field({ description: 'The selection date (JST)' })
  startsOn: string;

  @Field({ description: 'No later than the programme end (mid-March of the next year)' })
  endsOn: string;

  @Field(() => Int, { description: "The budget in force: the awarded bid, lowered by the vendor or raised with the secretariat's approval" })
  budgetYen: number;

  @Field(() => EngagementStatus)
  status: EngagementStatus;

  @Field(() => [PlannedItem])
  plannedItems: PlannedItem[];

  @Field(() => [DeployedExpert])
  expertsDeployed: DeployedExpert[];
}
