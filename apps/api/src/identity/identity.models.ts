import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Role } from '@app/core';

registerEnumType(Role, { name: 'Role' });

@ObjectType()
export class User {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field()
  displayName: string;

  @Field(() => Role)
  role: Role;

  @Field(() => String, { nullable: true })
  prefectureCode: string | null;

  @Field(() => String, { nullable: true })
  municipalityCode: string | null;

  @Field(() => ID, { nullable: true })
  vendorId: string | null;

  @Field({ description: 'Whether the account may sign in (the secretariat deactivates and reactivates accounts)' })
  active: boolean;
}

@ObjectType()
export class AuthPayload {
  @Field({ description: 'Bearer token for the Authorization header' })
  token: string;

  @Field(() => User)
  user: User;
}

@ObjectType({ description: 'A second factor being enrolled: add it to an authenticator app, then confirm with a code' })
export class TotpEnrolment {
  @Field({ description: 'The secret in base32, to type into the app' })
  secret: string;

  @Field({ description: 'otpauth:// URI (RFC 6238 key URI), for a QR code' })
  otpauthUri: string;
}
