import { expect, signIn, test } from './support';

test('the top page and the sign-in page render in Japanese; a demo account signs in and out', async ({ page, visit }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('地域DX 伴走支援マッチング');
  // The heading's Japanese is drawn in the self-hosted webfont (this machine has no Japanese font of its own), from
  // the variable font's slices only: one request per slice, for the regular and the bold weight alike.
  const fonts = await page.evaluate(async () => {
    await document.fonts.ready;
    return {
      loaded: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family} ${f.weight}`),
      files: performance
        .getEntriesByType('resource')
        .filter((r) => /\.woff2?$/.test(r.name))
        .map((r) => r.name.replace(/^.*\//, '')),
    };
  });
  expect(fonts.loaded.length).toBeGreaterThan(0);
  expect(fonts.loaded.every((f) => f === 'Noto Sans JP Variable 100 900')).toBe(true);
  expect(fonts.files.every((f) => /^noto-sans-jp-[\w]+-wght-normal-[\w-]+\.woff2$/.test(f))).toBe(true);
  await visit('top');

  await page.getByRole('link', { name: 'ログイン' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
  await visit('signin');

  await signIn(page, 'hyogo@demo.example.jp');
  await expect(page.getByTestId('account')).toContainText('都道府県');
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ログアウトしました' })).toBeVisible();
  await visit('signed-out');
});

test('opened by the server’s address over plain HTTP (a closed network): the client and GraphiQL load their own scripts', async ({ page, baseURL, visit }) => {
  const { networkInterfaces } = await import('node:os');
  const address = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  test.skip(!address, 'this machine has no non-loopback IPv4 address');
  const byAddress = baseURL!.replace('127.0.0.1', address!);
  const failed: string[] = [];
  // A navigation cancels the previous page's requests (net::ERR_ABORTED): only real failures count.
  page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && failed.push(`${r.url()} ${r.failure()?.errorText}`));
  await page.goto(`${byAddress}/`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('地域DX 伴走支援マッチング');
  await page.goto(`${byAddress}/graphql`);
  // GraphiQL renders (it stayed blank while the CSP upgraded its scripts to HTTPS).
  await expect(page.locator('.graphiql-container')).toBeVisible();
  expect(failed).toEqual([]);
  // GraphiQL is the developers' tool, not a page of the client: the client's page by address is the one checked.
  await page.goto(`${byAddress}/`);
  await visit('top-by-address');
});
