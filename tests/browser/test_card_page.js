#!/usr/bin/env node
/*
 * test_card_page.js — the staff page's カード読取 end to end, no mocks: run
 * by tests/card/test_page_card.sh, which started pcscd, the vpcd virtual
 * reader with the card emulator in it (tests/card/vpcd_card.py) and
 * `mynaform serve --card-reader "Virtual PCD"` at URL.  In Debian's
 * chromium (playwright-core): the カード読取 button is there, the dialog
 * says the card's 3 tries, the PIN typed at the keyboard reads the card,
 * the fields fill with what the chip holds (𠮷田　葛󠄀子 with its IVS, the
 * address, the birth date with its 和暦 echo, the sex), the ※3 reminders
 * show, and the preview PDF's text has 𠮷 and 葛󠄀; then a wrong PIN shows
 * the tries left and leaves the fields alone.  Screenshots of the dialog
 * and the filled page go to OUTDIR.
 *
 * Usage: node test_card_page.js URL OUTDIR
 * Environment: CARD_PIN, CARD_WRONG_PIN (4 digits each), CARD_NAME,
 * CARD_ADDRESS (what the emulator serves), CHROMIUM (default
 * /usr/bin/chromium).
 */
'use strict';

let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch (e) {
  console.error('FAIL: the npm packages of tests/browser are missing: run scripts/setup.sh (npm ci there)');
  process.exit(1);
}
const fs = require('fs');
const os = require('os');
const path = require('path');

const URL_ = process.argv[2];
const OUT = process.argv[3];
const PIN = process.env.CARD_PIN;
const WRONG = process.env.CARD_WRONG_PIN;
const NAME = process.env.CARD_NAME;
const ADDRESS = process.env.CARD_ADDRESS;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'mynaform-card-page-'));
process.on('exit', () => fs.rmSync(TMP, { recursive: true, force: true }));
const H = require('./harness');
const { STEP_MS, ok, eq, TRACK_BLOBS, previewPdf } = H;
const pdfText = (buf, name) => H.pdfText(TMP, buf, name);
const shot = (page, name, settle) => H.shot(OUT, page, name, settle);

async function main() {
  if (!URL_ || !OUT || !/^\d{4}$/.test(PIN || '') || !/^\d{4}$/.test(WRONG || '') || !NAME || !ADDRESS) {
    console.error('FAIL: usage: CARD_PIN=… CARD_WRONG_PIN=… CARD_NAME=… CARD_ADDRESS=… node test_card_page.js URL OUTDIR');
    process.exitCode = 1;
    return;
  }
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await H.launch(chromium);
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ja-JP' });
    context.setDefaultTimeout(STEP_MS);
    await context.addInitScript(TRACK_BLOBS);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const cardCalls = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/v1/card')) cardCalls.push(r.request().method() + ' ' + r.status());
    });

    const health = page.waitForResponse((r) => r.url().endsWith('/health'), { timeout: STEP_MS });
    await page.goto(URL_ + '/');
    eq('health says card_reader', true, (await (await health).json()).card_reader);
    const button = page.getByRole('button', { name: 'カード読取' });
    await button.waitFor({ state: 'visible', timeout: STEP_MS });

    /* 1. the right PIN, typed at the keyboard */
    await button.click();
    const dlg = page.getByRole('dialog', { name: 'マイナンバーカードの読み取り' });
    await dlg.waitFor({ state: 'visible', timeout: STEP_MS });
    await page.locator('#card-tries').filter({ hasText: '残り回数：3 回' }).waitFor({ timeout: STEP_MS });
    ok(/カードが置かれています/.test(await page.locator('#card-state').textContent()), 'the dialog says the card is on the reader');
    eq('the PIN field has focus', 'card-pin', await page.evaluate(() => document.activeElement.id));
    await page.keyboard.type(PIN);
    await shot(page, 'card-dialog');
    await dlg.screenshot({ path: path.join(OUT, 'card-dialog-only.png') }); /* doc/card-dialog.png */
    const old = await page.locator('#preview').getAttribute('src');
    const render = page.waitForResponse((r) => r.url().includes('/v1/render/declaration') &&
      (r.request().postData() || '').includes(NAME), { timeout: STEP_MS });
    await page.keyboard.press('Enter');
    await dlg.waitFor({ state: 'hidden', timeout: STEP_MS });
    eq('氏名 from the chip, IVS kept', NAME, await page.getByLabel('氏名', { exact: true }).inputValue());
    ok(NAME.includes('\u{E0100}'), 'the name the card serves has the IVS');
    eq('住所 from the chip', ADDRESS, await page.getByLabel('住所', { exact: true }).inputValue());
    eq('生年月日 from the chip', '19890107', await page.getByLabel('生年月日', { exact: true }).inputValue());
    eq('和暦 echo', '→ 昭和64年1月7日（1989年1月7日）', await page.locator('#birth_date-echo').textContent());
    eq('性別 from the chip', '2', await page.locator('input[name="sex"]:checked').getAttribute('value'));
    for (const id of ['name-check', 'address-check']) {
      const r = page.locator('#' + id);
      ok(await r.isVisible(), id + ': the ※3 reminder is visible');
      ok(/※3/.test(await r.textContent()), id + ': it says ※3');
    }
    eq('focus moves on to 氏名', 'name', await page.evaluate(() => document.activeElement.id));
    eq('the preview renders', 200, (await render).status());
    const text = pdfText(await previewPdf(page, old), 'card');
    ok(text.includes('𠮷田'), 'the preview PDF has 𠮷田');
    ok(text.includes('葛\u{E0100}子'), 'the preview PDF has 葛󠄀子 with its IVS');
    ok(text.includes('立石五丁目'), 'the preview PDF has the address');
    ok(!(await page.content()).includes(PIN), 'the PIN is not in the DOM');
    await shot(page, 'card-filled', 1500);

    /* 2. a wrong PIN: the tries left, the fields kept */
    await button.click();
    await dlg.waitFor({ state: 'visible', timeout: STEP_MS });
    await page.locator('#card-tries').filter({ hasText: '残り回数：3 回' }).waitFor({ timeout: STEP_MS });
    await page.keyboard.type(WRONG);
    await page.keyboard.press('Enter');
    await page.locator('#card-error').filter({ hasText: '残り 2 回' }).waitFor({ timeout: STEP_MS });
    ok(/暗証番号が違います/.test(await page.locator('#card-error').textContent()), 'wrong PIN: said in plain Japanese');
    eq('wrong PIN: the tries shown', '暗証番号の残り回数：2 回', await page.locator('#card-tries').textContent());
    eq('wrong PIN: the field is emptied', '', await page.locator('#card-pin').inputValue());
    ok(await dlg.isVisible(), 'wrong PIN: the dialog stays open');
    await shot(page, 'card-wrong-pin');
    await page.keyboard.press('Escape');
    await dlg.waitFor({ state: 'hidden', timeout: STEP_MS });
    eq('wrong PIN: 氏名 kept', NAME, await page.getByLabel('氏名', { exact: true }).inputValue());
    ok(!(await page.content()).includes(WRONG), 'the wrong PIN is not in the DOM');
    eq('the card calls', ['GET 200', 'POST 200', 'GET 200', 'POST 403'], cardCalls);
    eq('no script errors', [], errors);
    await context.close();
  } finally {
    await browser.close();
  }
  console.log(H.count.passed + ' passed, ' + H.count.failed + ' failed; screenshots in ' + OUT);
  process.exitCode = H.count.failed ? 1 : 0;
}

main().catch((e) => {
  console.error('FAIL: ' + (e && e.stack ? e.stack : e));
  process.exitCode = 1;
});
