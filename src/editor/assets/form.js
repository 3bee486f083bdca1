// The form, built from the input's JSON Schema (`vbhc schema`): every key of the document's
// type with its Vietnamese description, required ones marked; lists that add, remove and
// reorder; sections, points and tables as nested blocks, a table as a grid. The form edits a
// plain object; every change calls `changed(structural)`.

const LABELS = {
  diem: 'Các điểm a), b)', bang: 'Bảng', phan: 'Phần (A., B.)', chuong: 'Chương',
  muc: 'Mục của chương', tieu_de: 'Mục có tiêu đề', ten: 'Cột có độ rộng', noi_dung: 'Ô gộp',
};

let schema = null;
export function setSchema(s) { schema = s; }

function resolve(s) {
  while (s && s.$ref) s = schema.$defs[s.$ref.split('/').pop()];
  return s || {};
}

function typeOf(v) {
  if (Array.isArray(v)) return 'array';
  if (v === null || v === undefined) return 'null';
  return typeof v === 'object' ? 'object' : typeof v;
}

function accepts(s, v) {
  s = resolve(s);
  if (s.anyOf) return s.anyOf.some((x) => accepts(x, v));
  const t = typeOf(v);
  if (s.type) {
    const types = [].concat(s.type);
    if (!types.includes(t) && !(t === 'number' && types.includes('integer'))) return false;
  }
  if (t === 'object') {
    if ((s.required || []).some((k) => !(k in v))) return false;
    if (s.additionalProperties === false && s.properties
      && Object.keys(v).some((k) => !(k in s.properties))) return false;
  }
  return true;
}

export function defaultFor(s) {
  s = resolve(s);
  if (s.anyOf) return defaultFor(s.anyOf[0]);
  if (s.enum) return s.enum[0];
  const t = [].concat(s.type || 'string')[0];
  if (t === 'object') {
    const o = {};
    for (const k of s.required || []) o[k] = defaultFor(s.properties[k]);
    return o;
  }
  if (t === 'array') return s.minItems ? [defaultFor(s.items || {})] : [];
  if (t === 'number' || t === 'integer') return s.minimum ?? 1;
  if (t === 'boolean') return true;
  return '';
}

function variantLabel(s) {
  s = resolve(s);
  const t = [].concat(s.type || []);
  if (t.includes('string')) return 'Đoạn văn';
  if (t.includes('array')) return 'Các khối';
  const props = Object.keys(s.properties || {});
  const key = Object.keys(LABELS).find((k) => props.includes(k));
  return key ? LABELS[key] : props.join(', ');
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

// A builder over one document: reads and writes values by path (an array of keys/indices).
export class Form {
  constructor(doc, changed) {
    this.doc = doc;
    this.changed = changed;
  }

  get(path) { return path.reduce((v, k) => (v == null ? undefined : v[k]), this.doc); }

  set(path, v, structural) {
    const parent = this.get(path.slice(0, -1));
    parent[path[path.length - 1]] = v;
    this.changed(structural);
  }

  remove(path) {
    const parent = this.get(path.slice(0, -1));
    const last = path[path.length - 1];
    if (Array.isArray(parent)) parent.splice(last, 1); else delete parent[last];
    this.changed(true);
  }

  // One key with its label, description, and its value's widget, or a button to add it.
  field(s, path, name, required, description) {
    const v = this.get(path);
    const box = el('div', { class: 'truong', 'data-path': path.join('.') });
    const label = el('div', { class: 'nhan' }, name, required ? el('span', { class: 'bat-buoc', title: 'bắt buộc' }, ' *') : null);
    if (!required) {
      label.append(el('button', { class: 'nho xoa', type: 'button', title: 'Bỏ khóa này', onclick: () => this.remove(path) }, '✕'));
    }
    box.append(label);
    if (description) box.append(el('div', { class: 'mo-ta' }, description));
    box.append(this.widget(s, path, v));
    return box;
  }

  widget(s, path, v) {
    s = resolve(s);
    if (s.anyOf) return this.variants(s, path, v);
    if (s.properties && s.properties.cot && s.properties.dong) return this.grid(path, v);
    const t = typeOf(v);
    if (!accepts(s, v) && (t === 'object' || t === 'array')) {
      return el('div', { class: 'ghi-chu' }, 'Giá trị này chỉ sửa được ở ô YAML.');
    }
    if (t === 'array') return this.list(s, path, v);
    if (t === 'object') return this.object(s, path, v);
    return this.scalar(s, path, v);
  }

  variants(s, path, v) {
    const index = s.anyOf.findIndex((x) => accepts(x, v));
    if (index < 0) return el('div', { class: 'ghi-chu' }, 'Giá trị này chỉ sửa được ở ô YAML.');
    const chosen = s.anyOf[index];
    // Text, a number or nothing (Số, a cell): one box, no choice of shape to make.
    const scalarOnly = s.anyOf.every((x) => !resolve(x).properties && !resolve(x).items
      && ![].concat(resolve(x).type || []).some((t) => t === 'object' || t === 'array'));
    if (s.anyOf.length === 1 || scalarOnly) return this.widget(chosen, path, v);
    const select = el('select', { class: 'chu kieu-khoi-chon', title: 'Loại khối' });
    s.anyOf.forEach((x, i) => select.append(el('option', { value: i }, variantLabel(x))));
    select.value = String(index);
    select.addEventListener('change', () => {
      const next = defaultFor(s.anyOf[+select.value]);
      // The text typed so far goes with the block into its new shape.
      if (typeof v === 'string' && typeof next === 'object' && !Array.isArray(next)) {
        const key = Object.keys(next).find((k) => typeof next[k] === 'string');
        if (key) next[key] = v;
      }
      this.set(path, next, true);
    });
    return el('div', { class: 'khoi' }, el('div', { class: 'kieu-khoi' }, select), this.widget(chosen, path, v));
  }

  list(s, path, v) {
    const items = s.items || {};
    const box = el('div', { class: 'danh-sach' });
    v.forEach((item, i) => {
      const tools = el('div', { class: 'cong-cu' },
        el('button', { class: 'nho', type: 'button', title: 'Lên', onclick: () => this.move(path, i, -1) }, '↑'),
        el('button', { class: 'nho', type: 'button', title: 'Xuống', onclick: () => this.move(path, i, 1) }, '↓'),
        el('button', { class: 'nho', type: 'button', title: 'Xóa', onclick: () => this.remove([...path, i]) }, '✕'));
      const body = el('div', { class: 'noi-dung' }, this.widget(items, [...path, i], item));
      box.append(el('div', { class: 'muc-ds', 'data-path': [...path, i].join('.') }, body, tools));
    });
    box.append(el('button', { class: 'nho them', type: 'button', onclick: () => {
      v.push(defaultFor(items));
      this.changed(true, [...path, v.length - 1].join('.'));
    } }, '+ Thêm'));
    return box;
  }

  move(path, i, by) {
    const list = this.get(path);
    const j = i + by;
    if (j < 0 || j >= list.length) return;
    [list[i], list[j]] = [list[j], list[i]];
    this.changed(true);
  }

  object(s, path, v) {
    const props = s.properties || {};
    const required = s.required || [];
    const box = el('div', { class: 'doi-tuong' });
    const present = Object.keys(v);
    for (const k of present) {
      box.append(this.field(props[k] || {}, [...path, k], k, required.includes(k), (props[k] || {}).description));
    }
    const missing = Object.keys(props).filter((k) => !present.includes(k));
    if (missing.length) {
      const add = el('div', { class: 'them-khoa' });
      for (const k of missing) {
        add.append(el('button', { type: 'button', title: props[k].description || k, onclick: () => {
          v[k] = defaultFor(props[k]);
          this.changed(true, [...path, k].join('.'));
        } }, '+ ' + k));
      }
      box.append(add);
    }
    return box;
  }

  scalar(s, path, v) {
    if (s.enum) {
      const select = el('select', { class: 'chu' });
      for (const o of s.enum) select.append(el('option', { value: o }, o));
      if (!s.enum.includes(v)) select.append(el('option', { value: v }, String(v)));
      select.value = v;
      select.addEventListener('change', () => this.set(path, select.value, false));
      return select;
    }
    if (typeof v === 'boolean') {
      const box = el('input', { type: 'checkbox' });
      box.checked = v;
      box.addEventListener('change', () => this.set(path, box.checked, false));
      return box;
    }
    const area = el('textarea', { class: 'chu', rows: '1' });
    area.value = v === null || v === undefined ? '' : String(v);
    const wasNumber = typeof v === 'number';
    area.addEventListener('input', () => {
      grow(area);
      const text = area.value;
      const n = Number(text);
      this.set(path, wasNumber && text.trim() !== '' && Number.isFinite(n) ? n : text, false);
    });
    requestAnimationFrame(() => grow(area));
    return area;
  }

  // A table: its columns as the header row, its rows as a grid of cells.
  grid(path, v) {
    const cot = Array.isArray(v.cot) ? v.cot : [];
    if (!Array.isArray(v.dong)) v.dong = [];
    const leaves = cot.length;
    const nested = cot.some((c) => c && typeof c === 'object' && Array.isArray(c.cot));
    if (nested) return el('div', { class: 'ghi-chu' }, 'Bảng có cột nhóm: sửa ở ô YAML.');
    const table = el('table', { class: 'luoi' });
    const head = el('tr');
    cot.forEach((c, j) => {
      const input = el('input', { 'aria-label': 'Tên cột ' + (j + 1) });
      input.value = typeof c === 'object' ? c.ten : String(c);
      input.addEventListener('input', () => {
        if (typeof c === 'object') c.ten = input.value; else cot[j] = input.value;
        this.changed(false);
      });
      head.append(el('th', {}, input));
    });
    head.append(el('th', { class: 'cong-cu' },
      el('button', { class: 'nho', type: 'button', title: 'Thêm cột', onclick: () => {
        cot.push('Cột ' + (cot.length + 1));
        v.dong.forEach((row) => Array.isArray(row) && row.push(''));
        this.changed(true);
      } }, '+ cột'),
      el('button', { class: 'nho', type: 'button', title: 'Bỏ cột cuối', onclick: () => {
        if (cot.length <= 1) return;
        cot.pop();
        v.dong.forEach((row) => Array.isArray(row) && row.length > cot.length && row.pop());
        this.changed(true);
      } }, '− cột')));
    table.append(head);
    v.dong.forEach((row, i) => {
      const tr = el('tr', { 'data-path': [...path, 'dong', i].join('.') });
      (Array.isArray(row) ? row : []).forEach((cell, j) => {
        const merged = cell && typeof cell === 'object';
        const input = el('input', { 'aria-label': `Hàng ${i + 1}, cột ${j + 1}` });
        input.value = merged ? String(cell.noi_dung ?? '') : (cell ?? '');
        if (merged) input.title = 'Ô gộp: sửa số cột, số dòng gộp ở ô YAML';
        input.addEventListener('input', () => {
          if (merged) cell.noi_dung = input.value; else row[j] = input.value;
          this.changed(false);
        });
        tr.append(el('td', merged ? { class: 'o-gop' } : {}, input));
      });
      tr.append(el('td', { class: 'cong-cu' },
        el('button', { class: 'nho', type: 'button', title: 'Xóa hàng', onclick: () => this.remove([...path, 'dong', i]) }, '✕')));
      table.append(tr);
    });
    const add = el('button', { class: 'nho', type: 'button', onclick: () => {
      v.dong.push(Array(leaves).fill(''));
      this.changed(true);
    } }, '+ Thêm hàng');
    return el('div', {}, el('div', { class: 'luoi-khung' }, table), add);
  }
}

// Text boxes as tall as their text: by the browser itself where it can (no layout per box),
// else measured once each.
const NATIVE_SIZING = typeof CSS !== 'undefined' && CSS.supports('field-sizing', 'content');

function grow(area) {
  if (NATIVE_SIZING) return;
  area.style.height = 'auto';
  area.style.height = area.scrollHeight + 2 + 'px';
}
