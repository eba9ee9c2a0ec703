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
  @Field({ description: 'The support-menu item (SupportMenuItem.code)' })
  menuItemCode: string;

  @Field({ description: 'PLANNED, IN_PROGRESS or DONE' })
  status: string;
}

@ObjectType({ description: 'An expert the vendor deploys on an engagement (personal data: parties and the secretariat)' })
export class DeployedExpert {
  @Field({ description: 'Name' })
  name: string;

  @Field({ description: 'Role on the engagement (may be empty)' })
  role: string;
}

@ObjectType({ description: 'Progress against a planned item, as reported' })
export class ReportProgress {
  @Field({ description: 'The planned support-menu item (SupportMenuItem.code)' })
  menuItemCode: string;

  @Field({ description: 'What was done (may be empty)' })
  note: string;

  @Field({ description: 'PLANNED, IN_PROGRESS or DONE' })
  status: string;
}

@ObjectType({ description: '中間報告 / 最終報告' })
export class EngagementReport {
  @Field(() => ID, { description: 'The interim or final report (its id)' })
  id: string;

  @Field(() => ReportKind, { description: 'INTERIM or FINAL' })
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

  @Field(() => ReportStatus, { description: 'Due, submitted, returned, acknowledged or accepted' })
  status: ReportStatus;

  @Field({ description: 'The report as last submitted (empty while due)' })
  body: string;

  @Field({ description: 'Outcomes as last submitted (may be empty)' })
  outcomes: string;

  @Field(() => [ReportProgress], { description: 'Progress per planned item, as last submitted' })
  progress: ReportProgress[];

  @Field(() => [ID], { description: 'Documents attached (uploaded with purpose REPORT; GET /documents/:id for whoever may read the report)' })
  documentIds: string[];

  @Field(() => String, { nullable: true, description: "The prefecture's (or, on a return, the secretariat's) latest comment; null when none" })
  prefectureComment: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was last submitted (ISO 8601 UTC); null while never submitted' })
  submittedAt: Date | null;

  @Field(() => Int, { description: 'Submissions so far (each resubmission adds one)' })
  version: number;

  versions: unknown[];
}

@ObjectType('InterimReport', { description: '中間報告 (due around September)' })
export class InterimReport extends EngagementReport {}

@ObjectType('FinalReport', { description: '最終報告 (due around March; accepting it closes the engagement)' })
export class FinalReport extends EngagementReport {}

@ObjectType({ description: 'オブザーバー' })
export class Observer {
  @Field(() => ID, { description: 'The observer registration (its id)' })
  id: string;

  @Field({ description: '全国地方公共団体コード of the observing municipality (6 digits)' })
  municipalityCode: string;

  @Field({ description: 'Whether the prefecture confirmed it' })
  confirmed: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Whether it attended, as the minutes record; null until recorded' })
  attended: boolean | null;
}

@ObjectType({ description: '会合' })
export class Meeting {
  @Field(() => ID, { description: 'The meeting (its id)' })
  id: string;

  @Field(() => ID, { description: 'The engagement it belongs to (its id)' })
  engagementId: string;

  @Field({ description: 'When it is held (ISO 8601 UTC)' })
  scheduledAt: Date;

  @Field({ description: 'The agenda' })
  agenda: string;

  @Field({ description: 'ONLINE or ON_SITE' })
  mode: string;
}

@ObjectType({ description: 'A budget change beyond the awarded bid, waiting for (or decided by) the secretariat' })
export class EngagementBudgetChange {
  @Field(() => ID, { description: 'The budget change request (its id)' })
  id: string;

  @Field(() => ID, { description: 'The engagement (its id)' })
  engagementId: string;

  @Field(() => Int, { description: "The winning bid's budget" })
  awardedBudgetYen: number;

  @Field(() => Int, { description: 'The budget in force when it was requested, in yen' })
  previousBudgetYen: number;

  @Field(() => Int, { description: 'The budget requested, in yen' })
  requestedBudgetYen: number;

  @Field({ description: 'When the vendor requested it (ISO 8601 UTC)' })
  requestedAt: Date;

  @Field(() => BudgetChangeStatus, { description: 'Pending, approved or rejected' })
  status: BudgetChangeStatus;

  @Field(() => Date, { nullable: true, description: 'When the secretariat decided (ISO 8601 UTC); null while pending' })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: "The secretariat's reason" })
  decisionReason: string | null;
}

@ObjectType({ description: '伴走支援' })
export class Engagement {
  @Field(() => ID, { description: 'The engagement (its id)' })
  id: string;

  @Field(() => ID, { description: 'The supported candidate region (its id)' })
  candidateRegionId: string;

  @Field({ description: 'Two-digit code of the supported prefecture' })
  prefectureCode: string;

  @Field(() => ID, { description: 'The selected vendor (its id)' })
  vendorId: string;

  @Field({ description: 'The selection date (JST)' })
  startsOn: string;

  @Field({ description: 'No later than the programme end (mid-March of the next year)' })
  endsOn: string;

  @Field(() => Int, { description: "The budget in force: the awarded bid, lowered by the vendor or raised with the secretariat's approval" })
  budgetYen: number;

  @Field(() => EngagementStatus, { description: 'Active, cancelled or closed' })
  status: EngagementStatus;

  @Field(() => [PlannedItem], { description: 'The support-menu items of the selected proposal, with their status' })
  plannedItems: PlannedItem[];

  @Field(() => [DeployedExpert], { description: 'The experts the vendor deploys (personal data: the parties and the staff)' })
  expertsDeployed: DeployedExpert[];
}
