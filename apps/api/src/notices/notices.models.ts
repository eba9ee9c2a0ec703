import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A notice as issued: a business letter (document number, era date, addressee, body, signature), its text as sent' })
export class Notice {
  @Field(() => ID, { description: 'The notice (its id)' })
  id: string;

  @Field({ description: 'The notice kind (e.g. STAGE2_RESULT_VENDOR)' })
  kind: string;

  @Field({ description: '令8地DX第N号' })
  documentNumber: string;

  @Field({ description: 'Its subject (件名)' })
  subject: string;

  @Field({ description: 'The whole letter as sent' })
  body: string;

  @Field(() => Date, { description: 'When it was issued (ISO 8601 UTC)' })
  createdAt: Date;

  @Field({ description: 'Where its PDF is downloaded: /notices/<id>/pdf' })
  pdfPath: string;
}

@ObjectType({ description: "A notice kind's wording as the secretariat edits it" })
export class NoticeTemplate {
  @Field({ description: 'The notice kind, e.g. STAGE2_RESULT_VENDOR' })
  kind: string;

  @Field({ description: 'What the notice is (ja)' })
  name: string;

  @Field({ description: 'The subject in force, with {{placeholders}}' })
  subject: string;

  @Field({ description: 'The body in force, with {{placeholders}}' })
  body: string;

  @Field(() => [String], { description: 'The placeholders it may use ({{name}}), the common ones included' })
  placeholders: string[];

  @Field({ description: "true while the secretariat's wording replaces the default" })
  edited: boolean;
}

@ObjectType({ description: 'A notice as it would be sent, filled with sample values' })
export class NoticePreview {
  @Field({ description: 'The subject, filled in' })
  subject: string;

  @Field({ description: 'The whole letter' })
  body: string;
}
