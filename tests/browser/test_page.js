#!/usr/bin/env node
/*
 * test_page.js — the staff page (GET /) in Debian's chromium, driven by
 * playwright-core (no browser download), with axe-core for WCAG 2.0 A/AA.
 *
 * Starts `mynaform serve --listen 127.0.0.1:0 --port-file F` itself (and a
 * second one with a token), waits for it a bounded time, and kills both at
 * the end.  Scenarios: fill by accessible label and see the preview become
 * the PDF of those values (the render's own response, through pdftotext:
 * 𠮷 and 葛󠄀 included); the live 和暦 echo; an error beside its field
 * (aria-invalid, aria-describedby, text); a My Number refused with the
 * law's reason; the keyboard-only path (Enter, Ctrl+Enter prints); the
 * packet and the blank form; the paste box (オン資 fields, card data) with
 * the ※3 reminders; 「クリア」 leaves nothing in storage or cookies and
 * revokes every blob URL; the card reader button against a mocked
 * /health and /v1/card; the token asked once and kept in memory; the
 * tablet width.  axe-core finds no violation in any state.
 *
 * Usage: node test_page.js OUTDIR   (screenshots go to OUTDIR/*.png)
 * Environment: MYNAFORM_BIN, MYNAFORM_SOURCE_DIR, CHROMIUM (default
 * /usr/bin/chromium).
 */
'use strict';

let chromium, AxeBuilder;
try {
  ({ chromium } = require('playwright-core'));
  ({ AxeBuilder } = require('@axe-core/playwright'));
} catch (e) {
  console.error('FAIL: the npm packages of tests/browser are missing: run scripts/setup.sh (npm ci there)');
  process.exit(1);
}
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const BIN = process.env.MYNAFORM_BIN;
const SRC = process.env.MYNAFORM_SOURCE_DIR;
const OUT = process.argv[2] || fs.mkdtempSync(path.join(os.tmpdir(), 'mynaform-page-'));
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'mynaform-page-test-'));
const H = require('./harness');
const { STEP_MS, ok, eq, TRACK_BLOBS, previewPdf } = H;
const pdfText = (buf, name) => H.pdfText(TMP, buf, name);
const shot = (page, name) => H.shot(OUT, page, name);

const NAME = '𠮷田　葛󠄀子';
const ADDRESS = '東京都葛飾区東金町八丁目23番地の45　髙﨑ハイツ101号室';
const MY_NUMBER = '1234 5678 9018';

/* ------------------------------------------------------------ servers */

const servers = [];
function startServer(args) {
  const dir = fs.mkdtempSync(path.join(TMP, 'srv-'));
  const portFile = path.join(dir, 'port');
  const log = fs.openSync(path.join(dir, 'log'), 'w');
  const env = Object.assign({}, process.env, { MYNAFORM_CACHE_DIR: 'off' });
  delete env.MYNAFORM_TOKEN;
  const proc = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--port-file', portFile, '--threads', '2'].concat(args || []),
    { stdio: ['ignore', 'ignore', log], env });
  servers.push(proc);
  return new Promise((resolve, reject) => {
    let tries = 0;
    const poll = () => {
      if (fs.existsSync(portFile)) {
        const port = parseInt(fs.readFileSync(portFile, 'utf8'), 10);
        resolve({ proc, port, url: 'http://127.0.0.1:' + port, log: path.join(dir, 'log') });
      } else if (proc.exitCode !== null || ++tries > 200) {
        reject(new Error('mynaform serve did not start: ' + fs.readFileSync(path.join(dir, 'log'), 'utf8')));
      } else setTimeout(poll, 50);
    };
    poll();
  });
}
function stopServers() {
  for (const p of servers) if (p.exitCode === null) p.kill('SIGKILL');
}
process.on('exit', () => {
  stopServers();
  fs.rmSync(TMP, { recursive: true, force: true });
});

/* -------------------------------------------------------------- helpers */

function pdfPages(buf, name) {
  const f = path.join(TMP, name + '.pdf');
  fs.writeFileSync(f, buf);
  const info = execFileSync('pdfinfo', [f], { timeout: STEP_MS }).toString();
  return parseInt(/Pages:\s+(\d+)/.exec(info)[1], 10);
}

/* The next render response of doc whose request body satisfies want. */
function renderResponse(page, doc, want) {
  return page.waitForResponse((r) => {
    if (!r.url().includes('/v1/render/' + doc) || r.request().method() !== 'POST') return false;
    return want(r.request().postData() || '', r.url());
  }, { timeout: STEP_MS });
}

const previewSrc = (page) => page.locator('#preview').getAttribute('src');

async function axe(page, what) {
  const t0 = Date.now();
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  for (const v of r.violations)
    console.error('axe (' + what + '): ' + v.id + ': ' + v.help + ' — ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
  eq('axe violations (' + what + ')', 0, r.violations.length);
  console.log('    axe ' + what + ': ' + (Date.now() - t0) + ' ms');
}

async function focusedId(page) {
  return page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.name || document.activeElement.tagName));
}

/* In the preview frame, print() records which document it was called on
 * instead of opening the print dialog (headless chromium's renderer
 * crashes on a real one). */
const STUB_PRINT = () => {
  if (window !== window.top) {
    window.print = () => {
      window.top.__printed = (window.top.__printed || []).concat([location.href.split('#')[0]]);
    };
  }
};

/* Waits until the preview frame was asked to print the document it shows,
 * count being the number of prints asked before. */
async function printed(page, count, what) {
  await page.waitForFunction((n) => (window.__printed || []).length > n, count, { timeout: STEP_MS });
  const got = await page.evaluate(() => ({ last: window.__printed[window.__printed.length - 1], src: document.getElementById('preview').src.split('#')[0] }));
  eq(what + ': print() on the preview frame, its PDF', got.src, got.last);
}
const printCount = (page) => page.evaluate(() => (window.__printed || []).length);

/* -------------------------------------------------------------- scenarios */

async function fillAndPreview(page) {
  const old = await previewSrc(page);
  const resp = renderResponse(page, 'declaration', (b) => b.includes('"address"') && b.includes('"sex":"2"'));
  await page.getByLabel('氏名', { exact: true }).fill(NAME);
  await page.getByLabel('フリガナ', { exact: true }).fill('よしだ　くずこ');
  await page.getByLabel('生年月日', { exact: true }).fill('19890107');
  eq('和暦 echo', '→ 昭和64年1月7日（1989年1月7日）', await page.locator('#birth_date-echo').textContent());
  await page.getByLabel('女', { exact: true }).check();
  await page.getByLabel('保険種別', { exact: true }).selectOption({ label: '社保' });
  await page.getByLabel('一部負担金の割合', { exact: true }).selectOption({ label: '3割' });
  await page.getByLabel('連絡先電話番号', { exact: true }).fill('03-1234-5678');
  await page.getByLabel('住所', { exact: true }).fill(ADDRESS);
  const r = await resp;
  eq('render status', 200, r.status());
  eq('render type', 'application/pdf', r.headers()['content-type']);
  const body = await previewPdf(page, old);
  ok(body.subarray(0, 5).toString() === '%PDF-', 'the preview is a PDF');
  const text = pdfText(body, 'filled');
  ok(text.includes('𠮷田'), 'the PDF has 𠮷田');
  ok(text.includes('葛\u{E0100}子'), 'the PDF has 葛󠄀子 with its IVS');
  // the words of the フリガナ are set apart by U+3000, which pdftotext reads as a column gap
  ok(text.includes('ヨシダ') && text.includes('クズコ'), 'the PDF has the フリガナ in katakana');
  ok(text.includes('03-1234-5678'), 'the PDF has the phone number');
  ok(text.includes('髙﨑ハイツ101号室'), 'the PDF has the address');
  eq('the preview holds the whole response', parseInt(r.headers()['content-length'], 10), body.length);
  eq('no error shown', 0, await page.locator('.field-error:visible, .general-error:visible').count());
  await shot(page, '02-filled-preview');
}

async function errorBesideField(page) {
  const resp = renderResponse(page, 'declaration', (b) => b.includes('19891345'));
  await page.getByLabel('生年月日', { exact: true }).fill('19891345');
  eq('echo of a bad date', '→ 日付として読めません（例：19890107、昭和64年1月7日）', await page.locator('#birth_date-echo').textContent());
  const r = await resp;
  eq('bad date: 422', 422, r.status());
  const e = await r.json();
  eq('bad date: path', '$.birth_date', e.path);
  const box = page.locator('#birth_date-error');
  await box.waitFor({ state: 'visible', timeout: STEP_MS });
  ok(/生年月日として読めません/.test(await box.textContent()), 'the error is plain Japanese');
  const input = page.getByLabel('生年月日', { exact: true });
  eq('aria-invalid', 'true', await input.getAttribute('aria-invalid'));
  ok((await input.getAttribute('aria-describedby')).split(' ').includes('birth_date-error'), 'aria-describedby names the error');
  /* not by colour alone: the box says エラー (CSS ::before) and has a bar */
  const before = await box.evaluate((el) => getComputedStyle(el, '::before').content);
  ok(before.includes('エラー'), 'the error box says エラー, not only red');
  /* the box sits beside (under) its field */
  const ib = await input.boundingBox();
  const bb = await box.boundingBox();
  ok(bb.y > ib.y && bb.y - (ib.y + ib.height) < 120, 'the error is right under its field');
  eq('the other fields are not marked', 1, await page.locator('[aria-invalid="true"]').count());
  ok(await page.locator('#preview-stale').isVisible(), 'the preview says it is not up to date');
  await shot(page, '03-error-beside-field');
  await axe(page, 'error');
  /* fixing it clears the error */
  const fixed = renderResponse(page, 'declaration', (b) => b.includes('"birth_date":"S64.1.7"'));
  await input.fill('S64.1.7');
  eq('era echo', '→ 昭和64年1月7日（1989年1月7日）', await page.locator('#birth_date-echo').textContent());
  eq('fixed: 200', 200, (await fixed).status());
  await box.waitFor({ state: 'hidden', timeout: STEP_MS });
  eq('fixed: aria-invalid gone', null, await input.getAttribute('aria-invalid'));
  ok(!(await page.locator('#preview-stale').isVisible()), 'fixed: the preview is up to date');
}

async function myNumberRefused(page) {
  const addr = page.getByLabel('住所', { exact: true });
  const resp = renderResponse(page, 'declaration', (b) => b.includes('9018'));
  await addr.fill('東京都 ' + MY_NUMBER);
  const r = await resp;
  eq('My Number: 422', 422, r.status());
  const e = await r.json();
  eq('My Number: code', 'my_number', e.code);
  ok(!JSON.stringify(e).includes('9018'), 'the refusal does not echo the number');
  const shown = page.locator('#address-error:visible, #general-error:visible');
  await shown.first().waitFor({ state: 'visible', timeout: STEP_MS });
  const t = await shown.first().textContent();
  ok(/番号法/.test(t) && /法律/.test(t) && /収集|集め/.test(t), 'the refusal explains that the law forbids collecting it: ' + t);
  ok(!t.includes('9018'), 'the page does not echo the number');
  await shot(page, '04-my-number-refused');
  const back = renderResponse(page, 'declaration', (b) => b.includes('髙﨑'));
  await addr.fill(ADDRESS);
  eq('address restored: 200', 200, (await back).status());
}

async function packetAndBlank(page) {
  let old = await previewSrc(page);
  const resp = renderResponse(page, 'packet', () => true);
  await page.getByLabel('一式（3枚）').check();
  const r = await resp;
  eq('packet: 200', 200, r.status());
  const packet = await previewPdf(page, old);
  eq('packet: 3 pages', 3, pdfPages(packet, 'packet'));
  ok(pdfText(packet, 'packet').includes('𠮷田'), 'the packet has the name');
  await shot(page, '05-packet');
  /* the notice, 顔認証 variant */
  const notice = renderResponse(page, 'notice', (b) => b.includes('"pinless":true'));
  await page.getByLabel('患者の皆様へ').check();
  await page.getByLabel('顔認証マイナンバーカード（暗証番号なし）').check();
  eq('pinless notice: 200', 200, (await notice).status());
  await page.getByLabel('顔認証マイナンバーカード（暗証番号なし）').uncheck();
  await page.getByLabel('申立書').check();
  /* one click: the blank form */
  await renderResponse(page, 'declaration', (b) => !b.includes('pinless'));
  old = await previewSrc(page);
  const blank = renderResponse(page, 'declaration', (b, url) => url.includes('blank=1'));
  const n = await printCount(page);
  await page.getByRole('button', { name: '白紙の様式を印刷' }).click();
  const b = await blank;
  eq('blank: 200', 200, b.status());
  const blankPdf = pdfText(await previewPdf(page, old), 'blank');
  ok(blankPdf.includes('被保険者資格申立書') && !blankPdf.includes('𠮷'), 'the blank form has no name');
  await printed(page, n, 'blank');
  await page.locator('#status').filter({ hasText: '印刷画面を開きました' }).waitFor({ timeout: STEP_MS });
}

async function keyboardOnly(page) {
  /* from the page's first focus (氏名) to print, keys only */
  await page.getByRole('button', { name: 'クリア' }).focus();
  await page.keyboard.press('Enter');
  eq('クリア by Enter puts focus on 氏名', 'name', await focusedId(page));
  await page.keyboard.type('山田　太郎');
  await page.keyboard.press('Enter');
  eq('Enter → フリガナ', 'kana', await focusedId(page));
  await page.keyboard.type('やまだ　たろう');
  await page.keyboard.press('Enter');
  eq('Enter → 生年月日', 'birth_date', await focusedId(page));
  await page.keyboard.type('昭和50年4月1日');
  await page.keyboard.press('Enter');
  eq('Enter → 性別', 'sex', await focusedId(page));
  await page.keyboard.press('ArrowLeft'); /* 記載なし → 女 */
  await page.keyboard.press('ArrowLeft'); /* 女 → 男 */
  await page.keyboard.press('Enter');
  eq('Enter → 住所', 'address', await focusedId(page));
  await page.keyboard.type('大阪府大阪市北区1-1');
  await page.keyboard.press('Shift+Enter'); /* a line break in 住所 */
  await page.keyboard.type('梅田ビル');
  await page.keyboard.press('Enter');
  eq('Enter → 保険証の有無', 'has_valid_card', await focusedId(page));
  for (const next of ['ins_type', 'insurer_name', 'employer', 'issued', 'copay', 'phone', 'filing_date', 'filing_blank']) {
    await page.keyboard.press('Enter');
    eq('Enter → ' + next, next, await focusedId(page));
  }
  await page.keyboard.press('Enter');
  eq('Enter after the last field → 印刷', 'print', await focusedId(page));
  eq('male chosen by arrows', '1', await page.locator('input[name="sex"]:checked').getAttribute('value'));
  await page.getByLabel('氏名', { exact: true }).focus();
  const old = await previewSrc(page);
  const n = await printCount(page);
  const resp = renderResponse(page, 'declaration', (b) => b.includes('山田') && b.includes('"sex":"1"') && b.includes('北区1-1\\n梅田ビル'));
  await page.keyboard.press('Control+Enter');
  const r = await resp;
  eq('Ctrl+Enter renders', 200, r.status());
  const text = pdfText(await previewPdf(page, old), 'keyboard');
  /* pdftotext reads the name's two words apart (山田 … 太郎: the 生年月日 column between) */
  ok(text.includes('山田') && text.includes('太郎') && text.includes('ヤマダ') && text.includes('タロウ') && text.includes('✓男') && text.includes('大阪府大阪市北区1-1梅田ビル'), 'keyboard: the PDF has the typed values');
  await printed(page, n, 'Ctrl+Enter');
  ok(/Ctrl/.test(await page.locator('#keys-help').textContent()), 'the shortcut is documented on the page');
  /* Tab order reaches every control */
  await page.getByLabel('氏名', { exact: true }).focus();
  const seen = new Set();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    seen.add(await focusedId(page));
  }
  for (const id of ['kana', 'birth_date', 'address', 'phone', 'print', 'blank', 'clear'])
    ok(seen.has(id), 'Tab reaches ' + id);
  await shot(page, '06-keyboard');
}

/* Opens the paste box (a <details>) if it is closed. */
async function openPaste(page) {
  if ((await page.locator('#paste-box').getAttribute('open')) === null) await page.getByText('貼り付けで入力').click();
}

async function pasteBox(page) {
  await openPaste(page);
  const box = page.getByLabel('貼り付ける内容');
  await box.fill(JSON.stringify({ Name: NAME, NameKana: 'ヨシダ　クズコ', Birthdate: '19890107', Sex1: '2', Address: ADDRESS }));
  const resp = renderResponse(page, 'declaration', (b) => b.includes('"birth_date":"19890107"') && b.includes('髙﨑'));
  await page.getByRole('button', { name: '取り込む' }).click();
  eq('paste: 200', 200, (await resp).status());
  eq('paste: 氏名', NAME, await page.getByLabel('氏名', { exact: true }).inputValue());
  eq('paste: 住所', ADDRESS, await page.getByLabel('住所', { exact: true }).inputValue());
  eq('paste: 性別', '2', await page.locator('input[name="sex"]:checked').getAttribute('value'));
  eq('paste: the box is emptied', '', await box.inputValue());
  ok(await page.locator('#name-check').isVisible(), 'paste: ※3 reminder beside 氏名');
  ok(await page.locator('#address-check').isVisible(), 'paste: ※3 reminder beside 住所');
  ok(/券面/.test(await page.locator('#name-check').textContent()), 'the reminder says 券面');
  await shot(page, '07-pasted');
  await axe(page, 'pasted');
  /* card data with insurance */
  await openPaste(page);
  await box.fill(JSON.stringify({ name: '鷹司　花子', insurance: { type: '国保', copay: '2割' }, phone: '06-1111-2222' }));
  await page.getByRole('button', { name: '取り込む' }).click();
  eq('card data: 保険種別', 'kokuho', await page.getByLabel('保険種別', { exact: true }).inputValue());
  eq('card data: 割合', '2', await page.getByLabel('一部負担金の割合', { exact: true }).inputValue());
  /* the オン資 result as XML, as the clinic system receives it */
  await openPaste(page);
  await box.fill('<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageBody><ResultList><ResultOfQualificationConfirmation>' +
    '<InsurerName>東京都後期高齢者医療広域連合</InsurerName><Name>' + NAME + '</Name><Note>a &amp; b</Note><NameKana>ヨシダ　クズコ</NameKana><Sex1>2</Sex1>' +
    '<Birthdate>19450815</Birthdate><Address>' + ADDRESS + '</Address></ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>');
  const xml = renderResponse(page, 'declaration', (b) => b.includes('"birth_date":"19450815"'));
  await page.getByRole('button', { name: '取り込む' }).click();
  eq('XML: 200', 200, (await xml).status());
  eq('XML: 氏名', NAME, await page.getByLabel('氏名', { exact: true }).inputValue());
  eq('XML: 保険者名称', '東京都後期高齢者医療広域連合', await page.getByLabel('保険者名称', { exact: true }).inputValue());
  eq('XML: 和暦 echo', '→ 昭和20年8月15日（1945年8月15日）', await page.locator('#birth_date-echo').textContent());
  await openPaste(page);
  await box.fill('<R><Name>山田</Name><MyNumber>123456789018</MyNumber></R>');
  await page.getByRole('button', { name: '取り込む' }).click();
  ok(/番号法/.test(await page.locator('#paste-error').textContent()), 'XML: a My Number element is refused');
  eq('XML: the number is not kept', '', await box.inputValue());
  await box.fill('<R><Kana>ヤマダ</Kana></R>');
  await page.getByRole('button', { name: '取り込む' }).click();
  ok(/XML/.test(await page.locator('#paste-error').textContent()), 'XML: none of the fields');
  /* not JSON, and a 個人番号 member */
  await openPaste(page);
  await box.fill('Name=山田');
  await page.getByRole('button', { name: '取り込む' }).click();
  ok(/JSON/.test(await page.locator('#paste-error').textContent()), 'paste: not JSON');
  eq('paste: aria-invalid', 'true', await box.getAttribute('aria-invalid'));
  await box.fill(JSON.stringify({ Name: '山田', MyNumber: MY_NUMBER.replace(/ /g, '') }));
  await page.getByRole('button', { name: '取り込む' }).click();
  ok(/番号法/.test(await page.locator('#paste-error').textContent()), 'paste: a My Number member is refused');
  eq('paste: the number is not kept', '', await box.inputValue());
  eq('paste: nothing imported', NAME, await page.getByLabel('氏名', { exact: true }).inputValue());
}

async function clearLeavesNothing(page, context) {
  await page.getByRole('button', { name: 'クリア' }).click();
  for (const label of ['氏名', 'フリガナ', '生年月日', '住所', '保険者名称', '事業所名', '連絡先電話番号'])
    eq('クリア: ' + label + ' empty', '', await page.getByLabel(label, { exact: true }).inputValue());
  for (const label of ['保険証の有無', '保険種別', '保険証の交付を受けた時期', '一部負担金の割合'])
    eq('クリア: ' + label + ' empty', '', await page.getByLabel(label, { exact: true }).inputValue());
  eq('クリア: 記載なし', '', await page.locator('input[name="sex"]:checked').getAttribute('value'));
  eq('クリア: paste box', '', await page.getByLabel('貼り付ける内容').inputValue());
  ok(!(await page.locator('#name-check').isVisible()), 'クリア: reminder gone');
  eq('クリア: preview emptied', 'about:blank', await page.locator('#preview').getAttribute('src'));
  const st = await page.evaluate(() => {
    const b = window.__blobs;
    const revoked = b.created.filter((u) => b.revoked.includes(u));
    return { made: b.created.length, revoked: revoked.length, local: localStorage.length, session: sessionStorage.length, cookie: document.cookie, url: location.href };
  });
  ok(st.made >= 3, 'blob URLs were made (' + st.made + ')');
  eq('every blob URL revoked', st.made, st.revoked);
  eq('localStorage empty', 0, st.local);
  eq('sessionStorage empty', 0, st.session);
  eq('document.cookie empty', '', st.cookie);
  eq('no cookies in the context', 0, (await context.cookies()).length);
  ok(!/[?#]/.test(st.url), 'the URL holds nothing: ' + st.url);
  await shot(page, '08-cleared');
}

async function cardReader(browser, server) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ja-JP' });
  const page = await context.newPage();
  const posts = [];
  const answers = [
    { status: 422, body: { status: 422, code: 'card_pin_wrong', message: 'wrong PIN', path: null, tries_left: 2 } },
    { status: 422, body: { status: 422, code: 'card_last_try', message: 'one try left', path: null, tries_left: 1 } },
    { status: 200, body: { name: NAME, address: ADDRESS, birth_date: '19890107', sex: '2' } },
  ];
  await page.route('**/health', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ status: 'up', version: 'x', templates: [], card_reader: true }) }));
  await page.route('**/v1/card', async (route) => {
    const req = route.request();
    if (req.method() === 'GET') return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ reader: 'Mock Reader 0', card_present: true, tries_left: 3 }) });
    const body = JSON.parse(req.postData());
    /* the PIN field is emptied before the answer comes */
    posts.push({ body, fieldDuring: await page.locator('#card-pin').inputValue() });
    const a = answers.shift();
    return route.fulfill({ status: a.status, contentType: 'application/json', body: JSON.stringify(a.body) });
  });
  await page.goto(server.url + '/');
  const button = page.getByRole('button', { name: 'カード読取' });
  await button.waitFor({ state: 'visible', timeout: STEP_MS });
  await button.click();
  const dlg = page.getByRole('dialog', { name: 'マイナンバーカードの読み取り' });
  await dlg.waitFor({ state: 'visible', timeout: STEP_MS });
  await page.locator('#card-tries').filter({ hasText: '残り回数：3 回' }).waitFor({ timeout: STEP_MS });
  eq('card: PIN field has focus', 'card-pin', await focusedId(page));
  ok(/個人番号は読み取りません/.test(await dlg.textContent()), 'card: says no 個人番号 is read');
  await shot(page, '09-card-dialog');
  await axe(page, 'card dialog');
  const pin = page.getByLabel('暗証番号（数字4桁・患者さんが入力）');
  eq('card: PIN is a password field', 'password', await pin.getAttribute('type'));
  /* Chrome ignores autocomplete=off when it offers to save a password; a
   * one-time code is never offered for saving, and the PIN is the patient's */
  eq('card: the browser is not to save the PIN', 'one-time-code', await pin.getAttribute('autocomplete'));
  /* 1: wrong PIN */
  await pin.fill('1111');
  await page.keyboard.press('Enter');
  await page.locator('#card-error').filter({ hasText: '残り 2 回' }).waitFor({ timeout: STEP_MS });
  eq('card: PIN cleared after the call', '', await pin.inputValue());
  /* 2: the last try needs the operator's confirmation */
  await pin.fill('2222');
  await page.getByRole('button', { name: '読み取る' }).click();
  await page.locator('#card-last').waitFor({ state: 'visible', timeout: STEP_MS });
  await shot(page, '10-card-last-try');
  await pin.fill('3333');
  await page.getByRole('button', { name: '読み取る' }).click();
  ok(/チェック/.test(await page.locator('#card-error').textContent()), 'card: unconfirmed last try not sent');
  eq('card: no POST without confirmation', 2, posts.length);
  await page.getByLabel('残り1回であることを患者さんに伝え、読み取りを続けます').check();
  await pin.fill('4444');
  const resp = renderResponse(page, 'declaration', (b) => b.includes('髙﨑'));
  await page.getByRole('button', { name: '読み取る' }).click();
  await dlg.waitFor({ state: 'hidden', timeout: STEP_MS });
  eq('card: 3 POSTs', 3, posts.length);
  eq('card: PINs sent', ['1111', '2222', '4444'], posts.map((p) => p.body.pin));
  eq('card: confirm_last_try only after confirming', [false, false, true], posts.map((p) => p.body.confirm_last_try));
  eq('card: PIN field empty during each call', ['', '', ''], posts.map((p) => p.fieldDuring));
  eq('card: focus moves on to 氏名', 'name', await focusedId(page));
  eq('card: filled 氏名', NAME, await page.getByLabel('氏名', { exact: true }).inputValue());
  eq('card: filled 性別', '2', await page.locator('input[name="sex"]:checked').getAttribute('value'));
  ok(await page.locator('#name-check').isVisible() && await page.locator('#address-check').isVisible(), 'card: ※3 reminders');
  eq('card: render 200', 200, (await resp).status());
  eq('card: PIN not in the DOM', 0, await page.evaluate(() => document.documentElement.outerHTML.includes('4444') ? 1 : 0));
  await shot(page, '11-card-read');
  await context.close();
}

async function tokenOnce(browser) {
  const tokenFile = path.join(TMP, 'token');
  const TOKEN = 'page-test-token-0123456789abcdef';
  fs.writeFileSync(tokenFile, TOKEN + '\n', { mode: 0o600 });
  const server = await startServer(['--token-file', tokenFile]);
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ja-JP' });
  const page = await context.newPage();
  let asked = 0;
  page.on('response', (r) => {
    if (r.status() === 401) asked++;
  });
  await page.goto(server.url + '/');
  const dlg = page.getByRole('dialog', { name: 'アクセス用トークン' });
  await dlg.waitFor({ state: 'visible', timeout: STEP_MS });
  await shot(page, '12-token');
  await axe(page, 'token dialog');
  await page.getByLabel('トークン', { exact: true }).fill(TOKEN);
  const first = renderResponse(page, 'declaration', () => true);
  await page.getByRole('button', { name: '送信' }).click();
  eq('token: render 200', 200, (await first).status());
  const again = renderResponse(page, 'declaration', (b) => b.includes('鈴木'));
  await page.getByLabel('氏名', { exact: true }).fill('鈴木');
  eq('token: asked once, kept', 200, (await again).status());
  eq('token: one 401 in all', 1, asked);
  const st = await page.evaluate(() => ({ l: localStorage.length, s: sessionStorage.length, c: document.cookie, html: document.documentElement.outerHTML }));
  ok(st.l === 0 && st.s === 0 && st.c === '' && !st.html.includes(TOKEN), 'token: kept in memory only');
  await context.close();
}

async function tablet(browser, server) {
  const context = await browser.newContext({ viewport: { width: 820, height: 1180 }, locale: 'ja-JP', hasTouch: true });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await page.waitForFunction(() => document.getElementById('preview').src.startsWith('blob:'), null, { timeout: STEP_MS });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  eq('tablet: no horizontal scrolling', 0, overflow);
  const pb = await page.locator('#print').boundingBox();
  ok(pb && pb.y >= 0 && pb.y + pb.height <= 1180, 'tablet: 印刷 is in view without scrolling');
  await shot(page, '13-tablet');
  await page.screenshot({ path: path.join(OUT, '13-tablet-full.png'), fullPage: true });
  await axe(page, 'tablet');
  await context.close();
}

/* ----------------------------------------------------------------- main */

/* Runs one scenario and says how long it took (information only). */
async function step(name, fn) {
  const t0 = Date.now();
  await fn();
  console.log('  ' + name + ': ' + (Date.now() - t0) + ' ms');
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const server = await startServer([]);
  const browser = await H.launch(chromium);
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ja-JP' });
    context.setDefaultTimeout(STEP_MS);
    await context.addInitScript(TRACK_BLOBS);
    await context.addInitScript(STUB_PRINT);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const first = renderResponse(page, 'declaration', () => true);
    const nav = await page.goto(server.url + '/');
    eq('GET / 200', 200, nav.status());
    ok((nav.headers()['content-security-policy'] || '').includes("default-src 'self'"), 'the page has its CSP');
    eq('the first preview (blank) renders', 200, (await first).status());
    eq('focus starts in 氏名', 'name', await focusedId(page));
    ok(!(await page.getByRole('button', { name: 'カード読取' }).isVisible()), 'no カード読取 without a reader');
    ok(/^\d{4}-\d{2}-\d{2}$/.test(await page.getByLabel('申立日', { exact: true }).inputValue()), '申立日 defaults to today');
    const pb = await page.locator('#print').boundingBox();
    ok(pb && pb.y >= 0 && pb.y + pb.height <= 720, '1280×720: 印刷 is in view without scrolling');
    await shot(page, '01-initial');
    await axe(page, 'initial');

    await step('fillAndPreview', () => fillAndPreview(page));
    await step('errorBesideField', () => errorBesideField(page));
    await step('myNumberRefused', () => myNumberRefused(page));
    await step('packetAndBlank', () => packetAndBlank(page));
    await step('keyboardOnly', () => keyboardOnly(page));
    await step('pasteBox', () => pasteBox(page));
    await step('clearLeavesNothing', () => clearLeavesNothing(page, context));
    /* (the 422s and /favicon.ico's 404 are logged as failed loads) */
  eq('no script errors or CSP reports', [], errors.filter((e) => !/^Failed to load resource/.test(e)));
    await context.close();

    await step('cardReader', () => cardReader(browser, server));
    await step('tokenOnce', () => tokenOnce(browser));
    await step('tablet', () => tablet(browser, server));
  } finally {
    await browser.close();
    stopServers();
  }
  /* the access log holds no patient data */
  const log = fs.readFileSync(server.log, 'utf8');
  ok(!log.includes('𠮷') && !log.includes('山田') && !log.includes('9018'), 'the access log holds no patient data');
  console.log(H.count.passed + ' passed, ' + H.count.failed + ' failed; screenshots in ' + OUT);
  process.exitCode = H.count.failed ? 1 : 0;
}

main().catch((e) => {
  console.error('FAIL: ' + (e && e.stack ? e.stack : e));
  stopServers();
  process.exitCode = 1;
});
