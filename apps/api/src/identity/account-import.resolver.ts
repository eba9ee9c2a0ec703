import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Actor, DomainError, Role } from '@app/core';
import { AccountImportReport as Report, AccountImportService } from '@app/identity';
import { PanelService } from '@app/evaluation';
import { CurrentActor } from '../auth/current-user.decorator';
import { AccountImportReport } from './account-import.models';
import { ImportAccountsArgs } from './account-import.inputs';

const toGraph = (r: Report): AccountImportReport => ({
  ...r,
  accounts: r.accounts.map((a) => ({ ...a, role: a.role as Role })),
  rejections: r.rejections.map((x) => ({ row: x.row, column: x.column, value: x.value, code: x.code, reasonJa: x.ja, reasonEn: x.en })),
});

const bytes = (base64: string): Buffer => {
  const content = Buffer.from(base64, 'base64');
  if (!content.length) throw new DomainError('VALIDATION_FAILED', { field: 'contentBase64' });
  return content;
};

@Resolver()
export class AccountImportResolver {
  constructor(
    private readonly imports: AccountImportService,
    private readonly panel: PanelService,
  ) {}

  @Mutation(() => AccountImportReport, {
    description:
      "Creates officials' accounts (prefecture, municipality, ministry) from a CSV or XLSX (secretariat only; all-or-nothing, audited); each is mailed a link to set its password, valid 7 days",
  })
  async importAccounts(@CurrentActor() actor: Actor, @Args() a: ImportAccountsArgs): Promise<AccountImportReport> {
    return toGraph(await this.imports.import(actor, 'OFFICIALS', a.input.fileName, bytes(a.input.contentBase64), a.input.dryRun ?? false));
  }

  @Mutation(() => AccountImportReport, {
    description:
      'Creates evaluators (account and profile, as createEvaluator) from a CSV or XLSX (secretariat only; all-or-nothing, audited); each is mailed a link to set its password, valid 7 days',
  })
  async importEvaluators(@CurrentActor() actor: Actor, @Args() a: ImportAccountsArgs): Promise<AccountImportReport> {
    return toGraph(await this.panel.importEvaluators(actor, a.input.fileName, bytes(a.input.contentBase64), a.input.dryRun ?? false));
  }
}
