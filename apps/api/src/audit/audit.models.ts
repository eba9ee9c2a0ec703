import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: "What an erasure of a programme's personal data replaced (counts of rows)" })
export class PersonalDataErasure {
  @Field(() => ID, { description: 'The programme (its id)' })
  programId: string;

  @Field({ description: 'The last day (JST) the data was kept: support end date plus PERSONAL_DATA_RETENTION_DAYS' })
  retentionEndsOn: string;

  @Field(() => Int, { description: 'Application contacts (name, title, e-mail, phone)' })
  contacts: number;

  @Field(() => Int, { description: 'Briefing registrants (name, e-mail)' })
  briefingRegistrations: number;

  @Field(() => Int, { description: 'Proposals whose team members (names, qualifications) were erased' })
  proposals: number;

  @Field(() => Int, { description: 'Engagements whose deployed experts (names) were erased' })
  engagements: number;

  @Field(() => Int, { description: 'Notices sent for the programme (recipient, body)' })
  messages: number;
}
