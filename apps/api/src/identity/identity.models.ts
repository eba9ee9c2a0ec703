import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Role } from '@app/core';

registerEnumType(Role, {
  description: 'What an account may do',
  valuesMap: {
    SECRETARIAT: { description: '事務局: runs the round (review, calls, panel, matching, accounts)' },
    MINISTRY: { description: '総務省: reads the round, read-only and without contact data' },
    PREFECTURE: { description: '都道府県: applies as a support region with its partner municipalities' },
    MUNICIPALITY: { description: '市区町村: a partner municipality (reads the applications it partners in)' },
    VENDOR: { description: '伴走支援事業者: bids for candidate regions, reports on its engagements' },
    EVALUATOR: { description: '外部有識者: declares conflicts of interest and scores the proposals assigned to it' },
  },
  name: 'Role',
});

@ObjectType({ description: 'An account: who signs in, its role and organisation' })
export class User {
  @Field(() => ID, { description: 'The account (its id)' })
  id: string;

  @Field({ description: 'E-mail address it signs in with (personal data: itself and the secretariat; the secretariat’s reads are audited)' })
  email: string;

  @Field({ description: 'Name shown in the client and on notices (personal data: itself and the secretariat; the secretariat’s reads are audited)' })
  displayName: string;

  @Field(() => Role, { description: 'What it may do' })
  role: Role;

  @Field(() => String, { nullable: true, description: 'The prefecture it acts for (two-digit code): PREFECTURE and MUNICIPALITY accounts; else null' })
  prefectureCode: string | null;

  @Field(() => String, { nullable: true, description: 'The municipality it acts for (6 digits): MUNICIPALITY accounts; else null' })
  municipalityCode: string | null;

  @Field(() => ID, { nullable: true, description: 'The vendor it acts for (its id): VENDOR accounts; else null' })
  vendorId: string | null;

  @Field({ description: 'Whether the account may sign in (the secretariat deactivates and reactivates accounts)' })
  active: boolean;
}

@ObjectType({ description: 'A new session: the bearer token (also set as the HttpOnly session cookie) and its account' })
export class AuthPayload {
  @Field({ description: 'Bearer token for the Authorization header' })
  token: string;

  @Field(() => User, { description: 'The signed-in account' })
  user: User;
}

@ObjectType({ description: 'A second factor being enrolled: add it to an authenticator app, then confirm with a code' })
export class TotpEnrolment {
  @Field({ description: 'The secret in base32, to type into the app' })
  secret: string;

  @Field({ description: 'otpauth:// URI (RFC 6238 key URI), for a QR code' })
  otpauthUri: string;
}
