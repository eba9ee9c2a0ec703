import type { Page } from '@playwright/test';

/** A small PDF as the API recognises it by its bytes (a memorandum scan in real life). */
export function memorandumPdf(label: string): { name: string; mimeType: string; buffer: Buffer } {
  return { name: `覚書_${label}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n% memorandum: ${label}\n%%EOF\n`, 'utf8') };
}

/** The open region call of the demo's next fiscal year (令和9年度): its card on the prefecture's start page. */
export function nextYearCallCard(page: Page) {
  return page.locator('section.card').filter({ hasText: '支援地域の公募（令和9年度）' });
}
