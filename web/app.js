/*
 * app.js — the staff page of `mynaform serve` (issue #13).  Plain script,
 * no framework, nothing from another host.  The page only collects fields:
 * the service typesets (POST /v1/render/{doc}) and the browser's own PDF
 * viewer shows the result in the preview frame.
 *
 * Privacy: the fields live in the DOM and in this script's variables only:
 * nothing goes to localStorage, sessionStorage, cookies or a URL (card data
 * travels in POST bodies).  「クリア」 empties every field and revokes every
 * preview blob URL.  A token, when the service wants one, is kept in a
 * variable for the life of the page.
 */
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const DEBOUNCE_MS = 400;

  /* The text fields and selects, by element id, with their card-data path. */
  const FIELDS = [
    { id: 'name', path: '$.name', label: '氏名' },
    { id: 'kana', path: '$.kana', label: 'フリガナ' },
    { id: 'birth_date', path: '$.birth_date', label: '生年月日' },
    { id: 'address', path: '$.address', label: '住所' },
    { id: 'has_valid_card', path: '$.insurance.has_valid_card', label: '保険証の有無' },
    { id: 'ins_type', path: '$.insurance.type', label: '保険種別' },
    { id: 'insurer_name', path: '$.insurance.insurer_name', label: '保険者名称' },
    { id: 'employer', path: '$.insurance.employer', label: '事業所名' },
    { id: 'issued', path: '$.insurance.issued', label: '保険証の交付を受けた時期' },
    { id: 'copay', path: '$.insurance.copay', label: '一部負担金の割合' },
    { id: 'phone', path: '$.phone', label: '連絡先電話番号' },
    { id: 'filing_date', path: '$.filing_date', label: '申立日' },
  ];
  /* Error paths that are not a text field. */
  const GROUPS = {
    '$.sex': { error: 'sex-error', inputs: () => document.querySelectorAll('input[name="sex"]'), label: '性別' },
    '$.pinless': { error: 'pinless-error', inputs: () => [$('pinless')], label: '顔認証マイナンバーカード' },
  };
  /* Field-specific advice for a refused value (code "data"). */
  const HINTS = {
    '$.birth_date': '生年月日として読めません。19890107 のような8桁の数字か、昭和64年1月7日のように入力してください（元号と日付が合っているかも確認してください）。',
    '$.filing_date': '申立日として読めません。20261203 のような8桁の数字か、令和8年12月3日のように入力してください。',
    '$.kana': 'フリガナはカタカナかひらがなで入力してください（のばす音は「ー」。漢字・英字・数字は使えません）。',
    '$.phone': '電話番号には数字、ハイフン、かっこと「内線」だけを使えます。',
  };
  const MY_NUMBER_TEXT =
    '個人番号（マイナンバー）と思われる12桁の番号があります。医療機関は法律（番号法）により個人番号を集めたり保管したりできないため、この内容は受け付けられません。その番号を消してください。';

  let token = null;           /* bearer token, in memory only */
  let timer = null;           /* the debounce timer */
  let seq = 0;                /* the newest render request */
  let inflight = null;        /* AbortController of the render running */
  let pending = null;         /* Promise of the render running */
  let currentUrl = null;      /* blob URL shown in the preview */
  let currentOk = false;      /* whether the preview matches the fields */
  const blobUrls = new Set(); /* every blob URL not yet revoked */
  let frameLoaded = Promise.resolve(); /* the preview frame's latest load */
  const PRINT_WAIT_MS = 5000; /* longest a print waits for the frame */

  /* ------------------------------------------------------------ 和暦 */

  const ERAS = [
    { name: '令和', initial: 'R', start: [2019, 5, 1] },
    { name: '平成', initial: 'H', start: [1989, 1, 8] },
    { name: '昭和', initial: 'S', start: [1926, 12, 25] },
    { name: '大正', initial: 'T', start: [1912, 7, 30] },
    { name: '明治', initial: 'M', start: [1868, 10, 23] },
  ];
  const key = (y, m, d) => y * 10000 + m * 100 + d;

  function validDay(y, m, d) {
    if (m < 1 || m > 12 || d < 1) return false;
    const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    return d <= days[m - 1] && key(y, m, d) >= 18730101;
  }

  function eraOf(y, m, d) {
    const k = key(y, m, d);
    for (const e of ERAS) if (k >= key(e.start[0], e.start[1], e.start[2])) return e;
    return null;
  }

  /* Full-width digits, letters and signs as ASCII; U+3000 as a space. */
  function ascii(s) {
    return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0)).replace(/\u3000/g, ' ');
  }

  /* The date forms of doc/card-data.md, as {y, m, d} (Gregorian), or null. */
  function parseDate(text) {
    const s = ascii(text).replace(/ /g, '');
    let m;
    if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(s)) || (m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s)) ||
        (m = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(s))) {
      const y = +m[1], mo = +m[2], d = +m[3];
      return validDay(y, mo, d) ? { y, m: mo, d } : null;
    }
    m = /^(明治|大正|昭和|平成|令和|[MTSHRmtshr])(\d{1,2}|元)(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})日)$/.exec(s);
    if (!m) return null;
    const era = ERAS.find((e) => e.name === m[1] || e.initial === m[1].toUpperCase());
    const ey = m[2] === '元' ? 1 : +m[2];
    const mo = +(m[3] || m[5]), d = +(m[4] || m[6]);
    const y = era.start[0] + ey - 1;
    if (ey < 1 || !validDay(y, mo, d) || eraOf(y, mo, d) !== era) return null;
    return { y, m: mo, d };
  }

  function wareki(p) {
    const e = eraOf(p.y, p.m, p.d);
    if (!e) return p.y + '年' + p.m + '月' + p.d + '日';
    const ey = p.y - e.start[0] + 1;
    return e.name + (ey === 1 ? '元' : ey) + '年' + p.m + '月' + p.d + '日';
  }

  function echo(id) {
    const input = $(id);
    const out = $(id + '-echo');
    const v = input.value.trim();
    if (!v || input.disabled) {
      out.textContent = '';
      return;
    }
    const p = parseDate(v);
    out.textContent = p ? '→ ' + wareki(p) + '（' + p.y + '年' + p.m + '月' + p.d + '日）' : '→ 日付として読めません（例：19890107、昭和64年1月7日）';
  }

  function today() {
    const t = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    return t.getFullYear() + '-' + pad(t.getMonth() + 1) + '-' + pad(t.getDate());
  }

  /* ------------------------------------------------------- card data */

  function docChoice() {
    return document.querySelector('input[name="doc"]:checked').value;
  }

  /* The card-data JSON of the fields (members left out when empty). */
  function cardData() {
    const d = {};
    const v = (id) => $(id).value.trim();
    if (v('name')) d.name = v('name');
    if (v('kana')) d.kana = v('kana');
    if (v('birth_date')) d.birth_date = v('birth_date');
    const sex = document.querySelector('input[name="sex"]:checked');
    if (sex && sex.value) d.sex = sex.value;
    /* a line break in 住所 (Shift+Enter) is kept: the form breaks the line there */
    if (v('address')) d.address = v('address');
    const ins = {};
    if (v('has_valid_card')) ins.has_valid_card = v('has_valid_card') === 'true';
    if (v('ins_type')) ins.type = v('ins_type');
    if (v('insurer_name')) ins.insurer_name = v('insurer_name');
    if (v('employer')) ins.employer = v('employer');
    if (v('issued')) ins.issued = v('issued');
    if (v('copay')) ins.copay = v('copay');
    if (Object.keys(ins).length) d.insurance = ins;
    if (v('phone')) d.phone = v('phone');
    if (!$('filing_blank').checked && v('filing_date')) d.filing_date = v('filing_date');
    if ($('pinless').checked) d.pinless = true;
    return d;
  }

  /* ---------------------------------------------------------- errors */

  function clearErrors() {
    for (const f of FIELDS) showFieldError($(f.id), $(f.id + '-error'), null);
    for (const g of Object.values(GROUPS)) for (const i of g.inputs()) showFieldError(i, $(g.error), null);
    const ge = $('general-error');
    ge.hidden = true;
    ge.textContent = '';
  }

  function showFieldError(input, box, text) {
    if (text) {
      box.textContent = text;
      box.hidden = false;
      input.setAttribute('aria-invalid', 'true');
    } else {
      box.textContent = '';
      box.hidden = true;
      input.removeAttribute('aria-invalid');
    }
  }

  /* Plain Japanese for an error of the service. */
  function japanese(err, label) {
    const what = label ? label + '：' : '';
    switch (err.code) {
      case 'my_number': return MY_NUMBER_TEXT;
      case 'glyph': return what + '印刷できない文字が含まれています。別の字体で入力するか、手書きしてください。';
      case 'fit': return what + '長すぎて欄に収まりません。短くするか、手書きしてください。';
      case 'limit': return what + '長すぎます。短くしてください。';
      case 'data': return (err.path && HINTS[err.path]) || what + '入力内容を確認してください。';
      case 'unauthorized': return 'トークンが正しくありません。';
      case 'origin_not_allowed': return 'この画面からは送信できません（別のサイトからの送信は拒否されます）。';
      case 'resources_missing': return 'サービスのフォントまたは様式が見つかりません。管理者に連絡してください。';
      case 'body_too_large': return '入力が長すぎます。';
      default: return '書類を作成できませんでした（' + (err.code || 'エラー') + '）。管理者に連絡してください。';
    }
  }

  /* Shows an error JSON {status, code, message, path} beside its field. */
  function showError(err) {
    const path = err.path || '';
    const f = FIELDS.find((x) => x.path === path || path.startsWith(x.path + '.') || path.startsWith(x.path + '['));
    if (f) {
      showFieldError($(f.id), $(f.id + '-error'), japanese(err, f.label));
      return;
    }
    const g = GROUPS[path];
    if (g) {
      const text = japanese(err, g.label);
      for (const i of g.inputs()) showFieldError(i, $(g.error), text);
      return;
    }
    const ge = $('general-error');
    ge.textContent = japanese(err, '');
    ge.hidden = false;
  }

  /* ---------------------------------------------------------- network */

  function headers(json) {
    const h = {};
    if (json) h['Content-Type'] = 'application/json';
    if (token) h.Authorization = 'Bearer ' + token;
    return h;
  }

  /* Asks for the token (a dialog); resolves true if one was given.  Calls
   * made while the dialog is open share its answer. */
  let asking = null;
  function askToken() {
    if (asking) return asking;
    const dlg = $('token-dialog');
    asking = new Promise((resolve) => {
      dlg.addEventListener('close', function done() {
        dlg.removeEventListener('close', done);
        const t = $('token').value.trim();
        $('token').value = '';
        if (dlg.returnValue === 'ok' && t) {
          token = t;
          resolve(true);
        } else {
          resolve(false);
        }
      });
      dlg.returnValue = '';
      dlg.showModal();
    }).finally(() => {
      asking = null;
    });
    return asking;
  }

  /* fetch with the token; a 401 asks for it once and tries again. */
  async function api(url, options) {
    let res = await fetch(url, Object.assign({ credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' }, options, { headers: headers(options && options.body !== undefined) }));
    if (res.status === 401 && (await askToken())) {
      res = await fetch(url, Object.assign({ credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' }, options, { headers: headers(options && options.body !== undefined) }));
    }
    return res;
  }

  async function errorOf(res) {
    try {
      const e = await res.json();
      if (e && typeof e === 'object') return e;
    } catch (_) { /* not JSON */ }
    return { status: res.status, code: 'http_' + res.status, path: null };
  }

  function setPreview(blob) {
    const url = URL.createObjectURL(blob);
    blobUrls.add(url);
    const old = currentUrl;
    currentUrl = url;
    /* print() must wait until the frame holds this document, not the last */
    frameLoaded = new Promise((resolve) => $('preview').addEventListener('load', resolve, { once: true }));
    /* the viewer without its thumbnail pane, the whole page in view */
    $('preview').src = url + '#navpanes=0&view=Fit';
    if (old) {
      URL.revokeObjectURL(old);
      blobUrls.delete(old);
    }
  }

  /* Renders the chosen document into the preview.  Returns true when the
   * preview now shows the fields as they are. */
  function render(blank) {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (inflight) inflight.abort();
    const ctl = new AbortController();
    inflight = ctl;
    const mine = ++seq;
    const doc = docChoice();
    const body = blank ? '{}' : JSON.stringify(cardData());
    const query = blank ? '?blank=1' + (($('pinless').checked && (doc === 'notice' || doc === 'packet')) ? '&pinless=1' : '') : '';
    $('status').textContent = '作成中…';
    pending = (async () => {
      try {
        const res = await api('/v1/render/' + doc + query, { method: 'POST', body, signal: ctl.signal });
        if (mine !== seq) return false;
        if (!res.ok) {
          const err = await errorOf(res);
          if (mine !== seq) return false;
          clearErrors();
          showError(err);
          currentOk = false;
          $('preview-stale').hidden = !currentUrl;
          $('status').textContent = '入力内容に誤りがあります。赤い枠の項目を確認してください。';
          return false;
        }
        const blob = await res.blob();
        if (mine !== seq) return false;
        clearErrors();
        setPreview(blob);
        $('preview-stale').hidden = true;
        currentOk = !blank;
        $('status').textContent = blank ? '白紙の様式を表示しています。' : 'プレビューを更新しました。';
        return true;
      } catch (e) {
        if (e && e.name === 'AbortError') return false;
        if (mine !== seq) return false;
        clearErrors();
        showError({ code: 'network' });
        $('general-error').textContent = 'サービスに接続できません。mynaform serve が動いているか確認してください。';
        $('status').textContent = '';
        return false;
      } finally {
        if (inflight === ctl) inflight = null;
      }
    })();
    return pending;
  }

  function schedule() {
    currentOk = false;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      render(false);
    }, DEBOUNCE_MS);
  }

  /* ------------------------------------------------------------ print */

  async function printPreview() {
    const frame = $('preview');
    const url = currentUrl;
    let wait;
    const loaded = await Promise.race([frameLoaded.then(() => true),
      new Promise((resolve) => { wait = setTimeout(() => resolve(false), PRINT_WAIT_MS); })]);
    clearTimeout(wait);
    if (url !== currentUrl) return; /* a newer preview came meanwhile */
    try {
      if (!loaded) throw new Error('the preview did not load');
      frame.focus();
      frame.contentWindow.print();
      $('status').textContent = '印刷画面を開きました。倍率は「実際のサイズ」にしてください。';
    } catch (_) {
      /* the viewer does not take print() from here: open the PDF in a tab */
      window.open(currentUrl, '_blank', 'noopener');
      $('status').textContent = 'PDF を新しいタブで開きました。そこで印刷してください。';
    }
  }

  async function printNow() {
    const ok = currentOk && !timer && !inflight ? true : await render(false);
    if (ok && currentUrl) await printPreview();
  }

  async function printBlank() {
    if (await render(true)) await printPreview();
  }

  /* ------------------------------------------------------------ clear */

  function clearAll() {
    if (timer) clearTimeout(timer);
    timer = null;
    if (inflight) inflight.abort();
    seq++;
    $('fields').reset();
    for (const f of FIELDS) $(f.id).value = '';
    $('filing_date').value = today();
    $('filing_date').disabled = false;
    $('paste').value = '';
    $('paste-error').hidden = true;
    $('name-check').hidden = true;
    $('address-check').hidden = true;
    clearErrors();
    $('preview').src = 'about:blank';
    $('preview-stale').hidden = true;
    for (const u of blobUrls) URL.revokeObjectURL(u);
    blobUrls.clear();
    currentUrl = null;
    currentOk = false;
    echo('birth_date');
    echo('filing_date');
    $('status').textContent = '入力内容を消去しました。';
    $('name').focus();
  }

  /* ------------------------------------------------------- pre-filling */

  function setSex(v) {
    const s = v === null || v === undefined ? '' : String(v);
    const want = ['1', 'male', '男', '男性', 'MALE', 'Male'].includes(s) ? '1' : ['2', 'female', '女', '女性', 'FEMALE', 'Female'].includes(s) ? '2' : '';
    for (const r of document.querySelectorAll('input[name="sex"]')) r.checked = r.value === want;
  }

  /* An enumerated card-data value as the select's option value. */
  function choice(v, words) {
    if (v === undefined || v === null) return '';
    const s = String(v);
    return words[s] || s.toLowerCase();
  }

  /* Fills the fields from a card-data object or the オン資 fields; returns
   * whether 氏名 or 住所 came in. */
  function prefill(d) {
    const str = (x) => (typeof x === 'string' || typeof x === 'number' ? String(x) : '');
    const put = (id, x) => {
      if (str(x)) $(id).value = str(x);
    };
    put('name', d.name);
    put('kana', d.kana);
    put('birth_date', d.birth_date);
    if ('sex' in d) setSex(d.sex);
    put('address', d.address);
    const ins = d.insurance && typeof d.insurance === 'object' ? d.insurance : {};
    if (typeof ins.has_valid_card === 'boolean') $('has_valid_card').value = String(ins.has_valid_card);
    put('ins_type', choice(ins.type, { 社保: 'shaho', 国保: 'kokuho', 後期: 'kouki', その他: 'other', わからない: 'unknown' }));
    put('insurer_name', ins.insurer_name);
    put('employer', ins.employer);
    put('issued', choice(ins.issued, { '1か月以内': 'within_1_month', それより前: 'earlier' }));
    put('copay', choice(ins.copay, { '3割': '3', '2割': '2', '1割': '1', '３割': '3', '２割': '2', '１割': '1', わからない: 'unknown' }));
    put('phone', d.phone);
    if (str(d.filing_date)) {
      $('filing_blank').checked = false;
      $('filing_date').disabled = false;
      put('filing_date', d.filing_date);
    }
    if (typeof d.pinless === 'boolean') $('pinless').checked = d.pinless;
    $('name-check').hidden = !str(d.name) && $('name-check').hidden;
    $('address-check').hidden = !str(d.address) && $('address-check').hidden;
    echo('birth_date');
    echo('filing_date');
    schedule();
  }

  const FORBIDDEN_KEYS = /my_?number|mynumber|kojin_?bango|個人番号|マイナンバー/i;

  const ONS_FIELDS = ['Name', 'NameKana', 'Birthdate', 'Sex1', 'Address', 'InsurerName'];

  /* The オン資 fields of an XML result (ResultOfQualificationConfirmation
   * as the clinic system receives it, or any piece of it): {Name: …, …},
   * {forbidden: true} if an element is named like a 個人番号, or null if
   * none of the fields is there.  Read with patterns, not DOMParser, whose
   * error document would carry inline styles the page's CSP refuses. */
  function fromXml(text) {
    const tags = text.match(/<\s*(?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*/g) || [];
    if (tags.some((t) => FORBIDDEN_KEYS.test(t.replace(/^<\s*(?:[\w.-]*:)?/, '')))) return { forbidden: true };
    const unescape = (v) => v.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (m, e) => {
      if (e[0] !== '#') return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e];
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : m; /* the server refuses what is left */
    });
    const q = {};
    for (const k of ONS_FIELDS) {
      const m = new RegExp('<(?:[\\w.-]+:)?' + k + '(?:\\s[^>]*)?>([^<]*)</(?:[\\w.-]+:)?' + k + '\\s*>').exec(text);
      if (m) q[k] = unescape(m[1]).trim();
    }
    return Object.keys(q).length ? q : null;
  }

  function applyPaste() {
    const box = $('paste');
    const err = $('paste-error');
    let d;
    if (box.value.trim().startsWith('<')) {
      d = fromXml(box.value.trim());
      if (!d) {
        showFieldError(box, err, '貼り付けた XML にオンライン資格確認の項目（Name・Birthdate など）が見つかりません。');
        return;
      }
      if (d.forbidden) d = { MyNumber: '' };
    } else {
      try {
        d = JSON.parse(box.value);
      } catch (_) {
        showFieldError(box, err, '貼り付けた内容を JSON としても XML としても読めません。');
        return;
      }
    }
    if (!d || typeof d !== 'object' || Array.isArray(d)) {
      showFieldError(box, err, '貼り付けた内容は JSON のオブジェクト（{ … }）ではありません。');
      return;
    }
    /* the オン資 result, perhaps wrapped in ResultOfQualificationConfirmation */
    const q = d.ResultOfQualificationConfirmation && typeof d.ResultOfQualificationConfirmation === 'object' ? d.ResultOfQualificationConfirmation : d;
    if (Object.keys(q).some((k) => FORBIDDEN_KEYS.test(k)) || Object.keys(d).some((k) => FORBIDDEN_KEYS.test(k))) {
      box.value = '';
      showFieldError(box, err, MY_NUMBER_TEXT);
      return;
    }
    let data = d;
    if (ONS_FIELDS.some((k) => k in q)) {
      data = {};
      if (q.Name) data.name = q.Name;
      if (q.NameKana) data.kana = q.NameKana;
      if (q.Birthdate) data.birth_date = String(q.Birthdate);
      if ('Sex1' in q) data.sex = String(q.Sex1) === '1' ? '1' : String(q.Sex1) === '2' ? '2' : null;
      if (q.Address) data.address = q.Address;
      if (q.InsurerName) data.insurance = { insurer_name: q.InsurerName };
    }
    box.value = '';
    showFieldError(box, err, null);
    prefill(data);
    $('status').textContent = '貼り付けた内容を取り込みました。';
    $('paste-box').open = false;
    $('name').focus();
  }

  /* ------------------------------------------------------ card reader */

  const CARD_TEXT = {
    card_no_reader: 'カードリーダーが見つかりません。接続を確認してください。',
    card_no_card: 'カードが置かれていません。カードをリーダーに置いてください。',
    card_not_mynumber: 'マイナンバーカードではないようです。カードを確認してください。',
    card_pinless: '顔認証マイナンバーカード（暗証番号なし）のため券面事項を読み取れません。手入力してください。',
    card_pin_wrong: '暗証番号が違います。',
    card_pin_locked: '暗証番号がロックされています。市区町村の窓口での手続きが必要です。手入力してください。',
    card_removed: '読み取り中にカードが外されました。もう一度置いてください。',
    card_data: 'カードの内容を読み取れませんでした。手入力してください。',
    my_number: MY_NUMBER_TEXT,
  };
  let lastTry = false;

  function cardError(text) {
    showFieldError($('card-pin'), $('card-error'), text);
  }

  async function cardStatus() {
    $('card-state').textContent = 'カードの状態を確認しています…';
    $('card-tries').textContent = '';
    try {
      const res = await api('/v1/card', { method: 'GET' });
      if (!res.ok) {
        const e = await errorOf(res);
        $('card-state').textContent = CARD_TEXT[e.code] || '読み取りの準備ができません。';
        return;
      }
      const s = await res.json();
      $('card-state').textContent = s.card_present ? 'カードが置かれています。患者さんに暗証番号（4桁）を入力してもらってください。' : CARD_TEXT.card_no_card;
      if (typeof s.tries_left === 'number') {
        $('card-tries').textContent = '暗証番号の残り回数：' + s.tries_left + ' 回';
        lastTry = s.tries_left === 1;
        $('card-last').hidden = !lastTry;
      }
    } catch (_) {
      $('card-state').textContent = 'サービスに接続できません。';
    }
  }

  async function cardRead() {
    const pinBox = $('card-pin');
    const pin = pinBox.value;
    pinBox.value = '';
    if (!/^[0-9]{4}$/.test(pin)) {
      cardError('暗証番号は数字4桁です。');
      pinBox.focus();
      return;
    }
    if (lastTry && !$('card-confirm').checked) {
      cardError('残り1回です。患者さんに伝えたうえで確認欄にチェックしてください。');
      $('card-confirm').focus();
      return;
    }
    const confirm = lastTry && $('card-confirm').checked;
    cardError(null);
    $('card-go').disabled = true;
    $('card-state').textContent = '読み取っています…';
    let res;
    try {
      res = await api('/v1/card', { method: 'POST', body: JSON.stringify({ pin, confirm_last_try: confirm }) });
    } catch (_) {
      $('card-go').disabled = false;
      cardError('サービスに接続できません。');
      return;
    }
    $('card-go').disabled = false;
    $('card-confirm').checked = false;
    if (res.ok) {
      const c = await res.json();
      lastTry = false;
      $('card-last').hidden = true;
      $('card-dialog').close();
      prefill({ name: c.name, address: c.address, birth_date: c.birth_date, sex: c.sex === undefined ? null : c.sex });
      $('status').textContent = 'カードから読み取りました。氏名と住所を券面と照合してください。';
      $('name').focus();
      return;
    }
    const e = await errorOf(res);
    $('card-state').textContent = '';
    if (e.code === 'card_last_try') {
      lastTry = true;
      $('card-last').hidden = false;
      $('card-tries').textContent = '暗証番号の残り回数：1 回';
      cardError('残り1回です。確認欄にチェックしてから、もう一度暗証番号を入力してください。');
      $('card-confirm').focus();
      return;
    }
    let text = CARD_TEXT[e.code] || '読み取れませんでした（' + (e.code || res.status) + '）。';
    if (e.code === 'card_pin_wrong' && typeof e.tries_left === 'number') {
      text += '残り ' + e.tries_left + ' 回です。';
      $('card-tries').textContent = '暗証番号の残り回数：' + e.tries_left + ' 回';
      lastTry = e.tries_left === 1;
      $('card-last').hidden = !lastTry;
    }
    cardError(text);
    pinBox.focus();
  }

  function openCard() {
    lastTry = false;
    $('card-last').hidden = true;
    $('card-confirm').checked = false;
    $('card-pin').value = '';
    cardError(null);
    $('card-dialog').showModal();
    $('card-pin').focus();
    cardStatus();
  }

  async function checkReader() {
    try {
      const res = await fetch('/health', { cache: 'no-store', credentials: 'omit' });
      const h = await res.json();
      $('card-read').hidden = h.card_reader !== true;
    } catch (_) {
      $('card-read').hidden = true;
    }
  }

  /* --------------------------------------------------------- keyboard */

  /* The next field in the entry form after el (radio groups count once). */
  function nextField(el) {
    const all = Array.from($('fields').querySelectorAll('input, select, textarea')).filter((x) => !x.disabled && x.type !== 'hidden');
    const stops = [];
    for (const x of all) {
      if (x.type === 'radio') {
        const group = all.filter((y) => y.type === 'radio' && y.name === x.name);
        const pick = group.find((y) => y.checked) || group[0];
        if (x !== pick) continue;
      }
      stops.push(x);
    }
    let i = stops.indexOf(el);
    if (i < 0 && el.type === 'radio') i = stops.findIndex((y) => y.type === 'radio' && y.name === el.name);
    return i >= 0 && i + 1 < stops.length ? stops[i + 1] : $('print');
  }

  function onKey(ev) {
    if (ev.key !== 'Enter' || ev.isComposing || ev.keyCode === 229) return;
    if (ev.ctrlKey || ev.metaKey) {
      if (document.querySelector('dialog[open]')) return;
      ev.preventDefault();
      printNow();
      return;
    }
    const t = ev.target;
    if (!$('fields').contains(t) || ev.altKey) return;
    if (t.tagName === 'TEXTAREA' && ev.shiftKey) return; /* a line break in 住所 */
    if (!['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName)) return;
    ev.preventDefault();
    nextField(t).focus();
  }

  /* ------------------------------------------------------------ wiring */

  function init() {
    $('filing_date').value = today();
    echo('filing_date');
    $('fields').addEventListener('submit', (e) => e.preventDefault());
    $('fields').addEventListener('input', (e) => {
      if (e.target.id === 'birth_date' || e.target.id === 'filing_date') echo(e.target.id);
      schedule();
    });
    $('fields').addEventListener('change', schedule);
    $('filing_blank').addEventListener('change', () => {
      $('filing_date').disabled = $('filing_blank').checked;
      echo('filing_date');
    });
    document.addEventListener('keydown', onKey);
    $('print').addEventListener('click', printNow);
    $('blank').addEventListener('click', printBlank);
    $('clear').addEventListener('click', clearAll);
    $('paste-apply').addEventListener('click', applyPaste);
    $('card-read').addEventListener('click', openCard);
    $('card-go').addEventListener('click', cardRead);
    $('card-pin').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.isComposing) {
        e.preventDefault();
        cardRead();
      }
    });
    $('card-dialog').addEventListener('close', () => {
      $('card-pin').value = '';
      /* back to the button, unless a read moved on to the fields */
      const a = document.activeElement;
      if (!a || a === document.body || $('card-dialog').contains(a)) $('card-read').focus();
    });
    window.addEventListener('pagehide', () => {
      for (const u of blobUrls) URL.revokeObjectURL(u);
      blobUrls.clear();
    });
    checkReader();
    render(false);
    $('name').focus();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
