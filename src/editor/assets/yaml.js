// The form's document written back as YAML text, as a clerk would write it by hand: keys in
// their order, block style, short lists of words and table rows on one line ([VT, TCHC]),
// multi-line text as a `|` block, and quotes only where YAML needs them. Text that YAML would
// read as something else (12, true, ~, 12.500) is quoted so it stays text.

const INDICATOR = /^[\s\-?:,\[\]{}#&*!|>'"%@`]/;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u0085\ufeff]/;
const NUMBER_LIKE = /^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$/;
const WORD_LIKE = /^(~|null|true|false|yes|no|on|off|y|n|[-+]?\.(inf|nan))$/i;

function needsQuotes(s, flow) {
  if (s === '' || INDICATOR.test(s) || /\s$/.test(s)) return true;
  if (/[\n\r\t]/.test(s) || CONTROL.test(s)) return true;
  if (/: |:$| #/.test(s)) return true;
  if (flow && /[,\[\]{}]/.test(s)) return true;
  if (WORD_LIKE.test(s) || /^0[xob]/i.test(s)) return true;
  return NUMBER_LIKE.test(s) && /\d/.test(s);
}

export function scalar(v, flow) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  return needsQuotes(v, flow) ? JSON.stringify(v) : v;
}

const isScalar = (v) => v === null || typeof v !== 'object';

// A text of several lines that a `|` block keeps exactly.
function literal(s) {
  return s.includes('\n') && !/^[ \t]/.test(s) && !/[ \t]\n/.test(s) && !/[ \t]$/.test(s)
    && !/\r/.test(s) && !CONTROL.test(s) && !/\n\n$/.test(s);
}

function flowSeq(arr) {
  if (!arr.every(isScalar)) return null;
  if (arr.some((x) => typeof x === 'string' && x.includes('\n'))) return null;
  const text = '[' + arr.map((x) => scalar(x, true)).join(', ') + ']';
  return text.length <= 72 ? text : null;
}

// `prefix` (`  key:` or `  -`) then the value; children indented two more than `indent`.
function value(prefix, v, indent, out) {
  const pad = ' '.repeat(indent + 2);
  if (typeof v === 'string' && literal(v)) {
    out.push(prefix + (v.endsWith('\n') ? ' |' : ' |-'));
    for (const line of v.replace(/\n$/, '').split('\n')) out.push(line ? pad + line : '');
  } else if (isScalar(v)) {
    out.push(prefix + ' ' + scalar(v, false));
  } else if (Array.isArray(v)) {
    const flow = v.length === 0 ? '[]' : flowSeq(v);
    if (flow) {
      out.push(prefix + ' ' + flow);
    } else {
      out.push(prefix);
      for (const item of v) seqItem(item, indent + 2, out);
    }
  } else {
    const keys = Object.keys(v);
    if (keys.length === 0) {
      out.push(prefix + ' {}');
    } else {
      out.push(prefix);
      map(v, indent + 2, out);
    }
  }
}

function seqItem(item, indent, out) {
  const pad = ' '.repeat(indent);
  if (isScalar(item) || Array.isArray(item) || Object.keys(item).length === 0) {
    value(pad + '-', item, indent, out);
    return;
  }
  Object.keys(item).forEach((k, i) => {
    const prefix = (i === 0 ? pad + '- ' : pad + '  ') + k + ':';
    value(prefix, item[k], indent + 2, out);
  });
}

function map(obj, indent, out) {
  const pad = ' '.repeat(indent);
  for (const k of Object.keys(obj)) value(pad + k + ':', obj[k], indent, out);
}

// The whole document; `header` is the comment block the file started with, kept.
export function toYaml(doc, header) {
  const out = [];
  map(doc, 0, out);
  return (header || '') + out.join('\n') + '\n';
}

// The comment lines at the top of a YAML text (what `vbhc new` writes, the clerk's notes).
export function headerComments(text) {
  const m = text.match(/^(?:[ \t]*(?:#[^\n]*)?\n)*/);
  return m ? m[0].replace(/^\s*\n/, '') : '';
}
