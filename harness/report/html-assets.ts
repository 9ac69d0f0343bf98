/**
 * The inline stylesheet and script of the HTML report, and the Content-Security-Policy that allows
 * exactly these two (by hash) and nothing else: no other script, no style attribute, no fetch. Even
 * a value that slipped past escaping could not run. The script only shows and hides cases (filters,
 * links from the matrix), opens what a link names (a case and the group it is folded in, the
 * matrix) and keeps a linked case's title clear of the sticky filter bar (a CSS variable with the
 * bar's height, which scroll-margin-top uses); it never builds HTML, and the page reads fine without it.
 */
import { createHash } from 'node:crypto';

export const REPORT_CSS = `
:root{--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;--inconc:#8250df;--na:#6e7781;--error:#fff;--error-bg:#a40e26;--line:#d0d7de;--muted:#57606a;--bg2:#f6f8fa}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;padding:16px 24px;color:#1f2328}
h1{font-size:22px;margin:0 0 8px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h4{margin:14px 0 4px;font-size:13px}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:var(--bg2);border:1px solid var(--line);border-radius:4px;padding:6px 8px;margin:4px 0;white-space:pre-wrap;overflow-wrap:anywhere;max-height:480px;overflow:auto}
a{color:#0969da}
table{border-collapse:collapse}th,td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
.meta th{background:var(--bg2);font-weight:600;white-space:nowrap}
.badge{display:inline-block;padding:3px 10px;border-radius:12px;font-weight:700;color:#fff;margin-right:6px}
.badge.ok{background:var(--pass)}.badge.ko{background:var(--fail)}.badge.incomplete{background:var(--warn)}
.totals{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}
.totals a{display:block;min-width:84px;padding:6px 10px;border:1px solid var(--line);border-radius:6px;text-decoration:none;color:inherit;text-align:center}
.totals b{display:block;font-size:20px}
.v{display:inline-block;min-width:54px;padding:0 6px;border-radius:4px;font:700 12px/18px ui-monospace,monospace;text-align:center;color:#fff;background:var(--na)}
.v-PASS .v,.v.v-PASS{background:var(--pass)}.v.v-FAIL{background:var(--fail)}.v.v-WARN{background:var(--warn)}.v.v-INCONC{background:var(--inconc)}.v.v-NA{background:var(--na)}.v.v-ERROR{background:var(--error-bg)}.v.v-none{background:#afb8c1}
.totals .v-FAIL b,.totals .v-ERROR b{color:var(--fail)}.totals .v-PASS b{color:var(--pass)}.totals .v-WARN b{color:var(--warn)}.totals .v-INCONC b{color:var(--inconc)}
.transports{margin-left:6px;font-size:12px;color:#57606a}.transports .v{min-width:0;font-size:11px;line-height:16px}.facts .transport{margin:1px 0}h4.over{margin-top:14px}
.matrix td{text-align:right;min-width:56px}.matrix td.n0{color:#afb8c1;text-align:center}
.matrix tr.bad th{box-shadow:inset 4px 0 var(--fail)}.matrix tr.meh th{box-shadow:inset 4px 0 var(--warn)}.matrix tr.good th{box-shadow:inset 4px 0 var(--pass)}
.kind{color:var(--muted);font-size:11px}
#filters{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;padding:8px;background:var(--bg2);border:1px solid var(--line);border-radius:6px;position:sticky;top:0;z-index:1}
#filters fieldset{border:0;margin:0;padding:0;display:flex;gap:6px;align-items:center}
#filters input[type=search]{min-width:220px}
details.case,details.group{border:1px solid var(--line);border-radius:6px;margin:6px 0;scroll-margin-top:var(--bar,112px)}
details.group>summary{cursor:pointer;padding:6px 8px}
details.group[open]>summary{background:var(--bg2);border-bottom:1px solid var(--line)}
details.group .count{margin:0 6px;font-size:15px}
details.group .why{display:block;margin:2px 0 0 62px;color:var(--muted);font-size:12px}
details.group>.members{padding:2px 8px 4px 24px}
details.fold{margin:20px 0 0}details.fold>summary{cursor:pointer;border-bottom:1px solid var(--line);padding-bottom:4px}
details.fold>summary h2{display:inline;border:0;margin:0;padding:0}details.fold>summary .none{margin-left:8px}
details.fold>table,details.fold>p{margin:8px 0}
details.case>summary{cursor:pointer;padding:6px 8px;list-style-position:outside}
details.case[open]>summary{background:var(--bg2);border-bottom:1px solid var(--line)}
details.case .tags{color:var(--muted);font-size:12px;margin-left:6px}
details.case .why{display:block;margin:2px 0 0 62px;color:var(--muted);font-size:13px}
details.case .body{padding:4px 12px 12px}
blockquote.req{margin:8px 0;padding:4px 12px;border-left:4px solid #0969da;background:#ddf4ff}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}dl.facts dt{font-weight:600;color:var(--muted)}dl.facts dd{margin:0}
pre.reason{max-height:240px}
.none{color:var(--muted)}.cut{color:var(--warn);font-size:12px;margin:2px 0}
.perma{float:right;margin:0;font-size:12px}
ol.steps,ol.trace{margin:4px 0;padding-left:0;list-style:none}
.t{display:inline-block;min-width:70px;color:var(--muted);font:12px ui-monospace,monospace}
ol.trace li{border-left:3px solid var(--line);padding-left:6px;margin:1px 0}
ol.trace li.d-out{border-left-color:#0969da}ol.trace li.d-in{border-left-color:#bf8700}ol.trace li.k-ut{border-left-style:dotted}
ol.trace .by{color:var(--muted);font-size:12px;margin-right:6px}
ol.trace .dir{font-weight:700;margin-right:6px}ol.trace li.d-out .dir{color:#0969da}ol.trace li.d-in .dir{color:#9a6700}
ol.trace .what{font:12px ui-monospace,monospace}
ol.trace .sz{color:var(--muted);font-size:11px;margin-left:6px}
ol.trace summary{cursor:pointer}
button.expand{font-size:11px;margin-left:8px}
footer{margin-top:32px;color:var(--muted);font-size:12px}
`;

export const REPORT_JS = `
(function () {
  'use strict';
  var form = document.getElementById('filters');
  if (!form) return;
  var cases = Array.prototype.slice.call(document.querySelectorAll('details.case'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('details.group'));
  var refs = new Map();
  var texts = new Map();
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name=verdict]'));
  var shown = document.getElementById('shown');
  var field = function (name) { return form.elements.namedItem(name); };
  form.hidden = false;
  function refsOf(el) {
    var r = refs.get(el);
    if (!r) { try { r = JSON.parse(el.getAttribute('data-refs') || '[]'); } catch (e) { r = []; } refs.set(el, r); }
    return r;
  }
  function textOf(el) {
    var t = texts.get(el);
    if (t === undefined) { t = (el.textContent || '').toLowerCase(); texts.set(el, t); }
    return t;
  }
  function apply() {
    var verdicts = new Set(boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }));
    var role = field('role').value, level = field('level').value, req = field('req').value;
    var q = field('q').value.trim().toLowerCase();
    var n = 0;
    cases.forEach(function (el) {
      var ok = verdicts.has(el.getAttribute('data-verdict')) &&
        (!role || el.getAttribute('data-role') === role) &&
        (!level || el.getAttribute('data-level') === level) &&
        (!req || refsOf(el).indexOf(req) >= 0) &&
        (!q || textOf(el).indexOf(q) >= 0);
      el.hidden = !ok;
      if (ok) n += 1;
    });
    shown.textContent = String(n);
    countGroups();
  }
  function countGroups() {
    groups.forEach(function (g) {
      var k = cases.filter(function (el) { return !el.hidden && el.getAttribute('data-group') === g.id; }).length;
      var size = g.getAttribute('data-size');
      g.hidden = k === 0;
      var count = document.getElementById(g.id + '-n');
      if (count) count.textContent = String(k) === size ? size : k + ' of ' + size;
    });
  }
  function barHeight() {
    var root = document.documentElement;
    if (root && root.style && form.offsetHeight) root.style.setProperty('--bar', (form.offsetHeight + 8) + 'px');
  }
  function reveal(el) {
    var g = el.getAttribute('data-group');
    var group = g ? document.getElementById(g) : null;
    el.hidden = false;
    el.open = true;
    countGroups();
    if (group) { group.hidden = false; group.open = true; }
    barHeight();
    el.scrollIntoView();
  }
  function toHash() {
    var p = [];
    var all = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    if (all.join(',') !== boxes.filter(function (b) { return b.defaultChecked; }).map(function (b) { return b.value; }).join(',')) p.push('verdict=' + encodeURIComponent(all.join(',')));
    ['role', 'level', 'req', 'q'].forEach(function (k) { var v = field(k).value; if (v) p.push(k + '=' + encodeURIComponent(v)); });
    return p.length ? '#f?' + p.join('&') : '#cases';
  }
  function setSelect(name, value) {
    var el = field(name);
    el.value = value || '';
    if (el.value !== (value || '')) el.value = '';
  }
  function fromHash() {
    var h = location.hash;
    if (h.indexOf('#f?') === 0) {
      var p = new URLSearchParams(h.slice(3));
      var v = p.get('verdict');
      var want = v === null ? null : v.split(',');
      boxes.forEach(function (b) { b.checked = want ? want.indexOf(b.value) >= 0 : b.defaultChecked; });
      setSelect('role', p.get('role')); setSelect('level', p.get('level')); setSelect('req', p.get('req'));
      field('q').value = p.get('q') || '';
      apply();
      document.getElementById('cases').scrollIntoView();
    } else if (h.indexOf('#case-') === 0) {
      var el = document.getElementById(decodeURIComponent(h.slice(1)));
      if (el) reveal(el);
    } else if (h === '#requirements') {
      var m = document.getElementById('requirements');
      if (m) { m.open = true; m.scrollIntoView(); }
    }
  }
  var timer = 0;
  form.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { apply(); try { history.replaceState(null, '', toHash()); } catch (e) { /* file: URLs in some browsers */ } }, 120);
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  form.addEventListener('reset', function () { setTimeout(function () { apply(); try { history.replaceState(null, '', '#cases'); } catch (e) { /* ignore */ } }, 0); });
  window.addEventListener('hashchange', fromHash);
  window.addEventListener('resize', barHeight);
  document.addEventListener('click', function (e) {
    var b = e.target && e.target.closest ? e.target.closest('button[data-expand]') : null;
    if (!b) return;
    var root = b.closest('details.case');
    var msgs = root ? root.querySelectorAll('details.msg') : [];
    var open = b.getAttribute('data-expand') === '1';
    Array.prototype.forEach.call(msgs, function (d) { d.open = open; });
    b.setAttribute('data-expand', open ? '0' : '1');
    b.textContent = open ? 'close all messages' : 'open all messages';
  });
  barHeight();
  apply();
  fromHash();
})();
`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Allows the two inline blocks above and nothing else (no network, no other script or style, no form posting). */
export const REPORT_CSP = `default-src 'none'; style-src ${sha256(REPORT_CSS)}; script-src ${sha256(REPORT_JS)}; img-src data:; base-uri 'none'; form-action 'none'`;
