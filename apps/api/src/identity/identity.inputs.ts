import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEmail, IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { Role } from '@app/core';
import { TypedInput } from '../common/typed-input.decorator';

@InputType({ description: 'E-mail address, password and, for an account with a second factor, the app’s code' })
export class LoginInput {
  @Field({ description: 'The account’s e-mail address' })
  @IsEmail()
  @MaxLength(254)
  @TypedInput('email')
  email: string;

  @Field({ description: 'Its password' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;

  @TypedInput('code')
  @Field({ nullable: true, description: 'The 6-digit code of the authenticator app, for an account with a second factor (TOTP_REQUIRED without it)' })
  @IsOptional()
  @Matches(/^\d{6}$/)
  otp?: string;
}

/** The sign-in fields of a new account, shared by every input that creates one. */
@InputType({ isAbstract: true })
export class NewAccountFields {
  @Field({ description: 'E-mail address to sign in with; DUPLICATE when an account has it' })
  @IsEmail()
  @MaxLength(254)
  @TypedInput('email')
  email: string;

  @Field({ description: 'Name shown in the client and on notices, 1–100 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName: string;

  @Field({ description: 'At least 12 characters' })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password: string;
}

@InputType({ description: 'An official’s account made by the secretariat (role and organisation)' })
export class CreateAccountInput extends NewAccountFields {
  @Field(() => Role, { description: 'Its role; an evaluator is created with createEvaluator, a vendor’s first account with createVendor or registerVendor' })
  @IsEnum(Role)
  role: Role;

  @Field({ nullable: true, description: 'PREFECTURE: its prefecture (two-digit code); required for it, ignored otherwise' })
  @IsOptional()
  @Matches(/^\d{2}$/)
  @TypedInput('code')
  prefectureCode?: string;

  @Field({ nullable: true, description: 'MUNICIPALITY: its municipality (6-digit code of a basic local government); required for it, ignored otherwise' })
  @IsOptional()
  @Matches(/^\d{6}$/)
  @TypedInput('code')
  municipalityCode?: string;

  @Field(() => ID, { nullable: true, description: 'VENDOR: its vendor (its id); required for it, ignored otherwise' })
  @IsOptional()
  @IsUUID()
  vendorId?: string;
}

@InputType({ description: 'The address of the account whose password is forgotten' })
export class RequestPasswordResetInput {
  @TypedInput('email')
  @Field({ description: 'The address of the account; the answer is the same whether or not it has one' })
  @IsEmail()
  @MaxLength(254)
  email: string;
}

@InputType({ description: 'The mailed link’s token and the new password' })
export class ResetPasswordInput {
  @Field({ description: 'The token of the mailed link (43 characters)' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/)
  token: string;

  @Field({ description: 'At least 12 characters' })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  newPassword: string;
}

@InputType({ description: 'The current password (proof) and the new one (at least 12 characters)' })
export class ChangePasswordInput {
  @Field({ description: 'The password in use now' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword: string;

  @Field({ description: 'At least 12 characters' })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  newPassword: string;
}
