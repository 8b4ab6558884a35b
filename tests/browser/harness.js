/*
 * harness.js — what the two browser tests share (test_page.js, and
 * test_card_page.js through the real card stack): counting checks,
 * launching Debian's chromium, recording the page's blob URLs, reading the
 * preview's PDF and its text, and screenshots.
 */
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const STEP_MS = 15000; /* the longest any one wait may take */

const count = { passed: 0, failed: 0 };
function ok(cond, what) {
  if (cond) count.passed++;
  else {
    count.failed++;
    console.error('FAIL: ' + what);
  }
}
function eq(what, want, got) {
  ok(JSON.stringify(want) === JSON.stringify(got), what + ': expected ' + JSON.stringify(want) + ', got ' + JSON.stringify(got));
}

/* Debian's chromium (or $CHROMIUM), headless; playwright downloads none. */
function launch(chromium) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
    timeout: STEP_MS,
  });
}

/* An init script: records every blob URL made (with its Blob) and revoked,
 * in every page of a context.  (The page's CSP lets no fetch() read a
 * blob: URL.) */
const TRACK_BLOBS = () => {
  window.__blobs = { created: [], revoked: [], objects: new Map() };
  const make = URL.createObjectURL.bind(URL);
  const revoke = URL.revokeObjectURL.bind(URL);
  URL.createObjectURL = (o) => {
    const u = make(o);
    window.__blobs.created.push(u);
    window.__blobs.objects.set(u, o);
    return u;
  };
  URL.revokeObjectURL = (u) => {
    window.__blobs.revoked.push(u);
    revoke(u);
  };
};

/* The PDF the preview frame shows once it is no longer old (its blob URL
 * before the change): the Blob behind the frame's URL, as TRACK_BLOBS
 * recorded it.  (Playwright gives no body for a fetch the page read as a
 * blob.) */
async function previewPdf(page, old) {
  await page.waitForFunction((o) => {
    const s = document.getElementById('preview').src;
    return s.startsWith('blob:') && s !== o;
  }, old, { timeout: STEP_MS });
  const b64 = await page.evaluate(async () => {
    const blob = window.__blobs.objects.get(document.getElementById('preview').src.split('#')[0]);
    const buf = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < buf.length; i += 0x8000) s += String.fromCharCode.apply(null, buf.subarray(i, i + 0x8000));
    return btoa(s);
  });
  return Buffer.from(b64, 'base64');
}

/* The text of a PDF (pdftotext, written into dir as name.pdf), white
 * space removed. */
function pdfText(dir, buf, name) {
  const f = path.join(dir, name + '.pdf');
  fs.writeFileSync(f, buf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { timeout: STEP_MS }).toString('utf8').replace(/[\s\u3000]/g, '');
}

/* A screenshot dir/name.png, after settle ms (300 by default): the PDF
 * viewer paints the frame after it loaded the document (for the picture
 * only: nothing is asserted after this wait). */
async function shot(dir, page, name, settle) {
  await page.waitForTimeout(settle || 300);
  await page.screenshot({ path: path.join(dir, name + '.png') });
}

module.exports = { STEP_MS, count, ok, eq, launch, TRACK_BLOBS, previewPdf, pdfText, shot };
