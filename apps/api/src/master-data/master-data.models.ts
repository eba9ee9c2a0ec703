import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

/** GraphQL names in CONSTANT_CASE as every other enum; the values are the master data's own (lower-case) kinds. */
export enum MunicipalityKindGql {
  CITY = 'city',
  TOWN = 'town',
  VILLAGE = 'village',
  SPECIAL_WARD = 'special_ward',
  WARD = 'ward',
}
registerEnumType(MunicipalityKindGql, {
  name: 'MunicipalityKind',
  description: 'The kind of a local government',
  valuesMap: {
    CITY: { description: '市' },
    TOWN: { description: '町' },
    VILLAGE: { description: '村' },
    SPECIAL_WARD: { description: '特別区（東京23区）' },
    WARD: { description: '政令指定都市の区（行政区: not a partner municipality）' },
  },
});

@ObjectType({ description: '都道府県' })
export class Prefecture {
  @Field({ description: 'Two-digit prefecture code, 01–47' })
  code: string;

  @Field({ description: '全国地方公共団体コード (6 digits)' })
  lgCode: string;

  @Field({ description: 'Its name, e.g. 兵庫県' })
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

  @Field({ description: 'Two-digit code of its prefecture' })
  prefectureCode: string;

  @Field({ description: 'Its name, e.g. 豊岡市' })
  name: string;

  @Field({ description: 'Reading in hiragana' })
  kana: string;

  @Field(() => MunicipalityKindGql, { description: 'City, town, village, special ward or designated-city ward' })
  kind: string;

  @Field({ description: 'Can be a partner municipality: a functioning basic local government (not a designated-city ward)' })
  isBasic: boolean;
}
