import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum MunicipalityKindGql {
  city = 'city',
  town = 'town',
  village = 'village',
  special_ward = 'special_ward',
  ward = 'ward',
}
registerEnumType(MunicipalityKindGql, { name: 'MunicipalityKind', description: 'city 市, town 町, village 村, special_ward 特別区, ward 政令指定都市の区' });

@ObjectType({ description: '都道府県' })
export class Prefecture {
  @Field({ description: 'Two-digit prefecture code, 01–47' })
  code: string;

  @Field({ description: '全国地方公共団体コード (6 digits)' })
  lgCode: string;

  @Field()
  name: string;

  @Field({ description: 'Reading in hiragana' })
  kana: string;

  @Field(() => Int, { description: 'Basic local governments (市町村・特別区) in the prefecture' })
  municipalityCount: number;
}

@ObjectType({ description: '市区町村' })
export class Municipality {
  @Field({ description: '全国地方公共団体コード (6 digits, last is a check digit)' })
  lgCode: string;

  @Field()
  prefectureCode: string;

  @Field()
  name: string;

  @Field()
  kana: string;

  @Field(() => MunicipalityKindGql)
  kind: string;

  @Field({ description: 'Can be a partner municipality: a functioning basic local government (not a designated-city ward)' })
  isBasic: boolean;
}
