import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: '代理入力: the secretariat entered this application from the prefecture’s e-mailed form' })
export class ProxyEntry {
  @Field(() => Date, { description: 'When the secretariat entered it' })
  enteredAt: Date;

  @Field({ description: 'How the form came in, as the secretariat recorded it' })
  note: string;
}

@ObjectType({ description: '締切後の受理: the secretariat accepted this application after the deadline' })
export class LateAcceptance {
  @Field(() => Date, { description: 'When the secretariat accepted it (ISO 8601 UTC)' })
  acceptedAt: Date;

  @Field({ description: 'The reason the secretariat recorded' })
  reason: string;
}
