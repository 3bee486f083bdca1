// The workbench: the folder's documents, the form and the YAML text of the open one (both edit
// the same document), the pages as they will print, re-laid out by the server on each change,
// and the check's errors beside their field and line.

import { Form, setSchema, defaultFor } from './form.js';
import { toYaml, headerComments } from './yaml.js';

const $ = (id) => document.getElementById(id);

const state = {
  ten: null,          // the file's name; null for a new document not saved yet
  phienBan: null,     // the fingerprint of the text opened (documents.rs)
  yaml: '',
  data: null,
  formStale: true,    // the text changed since the form was built
  dirty: false,
  types: [],
  pages: [],          // [{h, url}]
  busy: false,
  again: false,
};

async function api(path, body) {
  const init = { headers: { 'X-Vbhc': '1' } };
  if (body !== undefined) {
    init.method = 'POST';
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  if (!r.ok) {
    let message = r.statusText;
    try { message = (await r.json()).loi || message; } catch (_) { /* not JSON */ }
    throw new Error(message);
  }
  return r;
}
const apiJson = async (path, body) => (await api(path, body)).json();

function status(text) { $('trang-thai').textContent = text; }

function showName() {
  $('ten-tep').textContent = state.ten ? state.ten + (state.dirty ? ' •' : '') : 'văn bản mới (chưa lưu)';
  document.title = (state.ten || 'văn bản mới') + ' — vbhc';
}

// ---- opening ----

async function loadFolder() {
  const folder = await apiJson('/api/thu-muc');
  const select = $('tep');
  select.length = 1;
  for (const name of folder.tep) select.append(new Option(name, name));
  select.value = state.ten || '';
  state.types = folder.loai;
  const moi = $('moi');
  if (moi.length === 1) for (const t of folder.loai) moi.append(new Option(`${t.ten} (${t.slug})`, t.slug));
}

function load(ten, yaml, phienBan) {
  if (state.dirty && !confirm('Văn bản đang mở chưa lưu. Bỏ các thay đổi?')) return false;
  Object.assign(state, { ten, phienBan, yaml, data: null, formStale: true, dirty: false });
  $('yaml').value = yaml;
  const url = ten ? '?file=' + encodeURIComponent(ten) : location.pathname;
  history.replaceState(null, '', url);
  $('tep').value = ten || '';
  showName();
  status('');
  preview();
  return true;
}

async function openFile(name) {
  try {
    const doc = await apiJson('/api/mo?tep=' + encodeURIComponent(name));
    load(doc.ten, doc.yaml, doc.phien_ban);
  } catch (e) {
    status(e.message);
  }
}

async function newDocument(slug) {
  try {
    const doc = await apiJson('/api/moi?loai=' + encodeURIComponent(slug));
    load(null, doc.yaml, null);
  } catch (e) {
    status(e.message);
  }
}

// ---- editing ----

function edited() {
  state.dirty = true;
  showName();
  preview();
}

$('yaml').addEventListener('input', () => {
  state.yaml = $('yaml').value;
  state.formStale = true;
  edited();
});

function formChanged(structural, focusPath) {
  state.yaml = toYaml(state.data, headerComments(state.yaml));
  $('yaml').value = state.yaml;
  if (structural) renderForm(focusPath);
  edited();
}

function renderForm(focusPath) {
  const root = $('bieu-mau');
  root.textContent = '';
  if (!state.data) return;
  const form = new Form(state.data, formChanged);
  const type = state.types.find((t) => t.slug === state.data.loai);
  const props = state.schemaProps;
  const keys = type ? type.khoa.map((k) => [k.ten, k.bat_buoc, k.mo_ta])
    : Object.keys(props).map((k) => [k, k === 'loai', props[k].description]);
  // Keys in the file that the type does not list (its own template's, a mistake): shown too.
  const listed = new Set(keys.map((k) => k[0]));
  for (const k of Object.keys(state.data)) if (!listed.has(k)) keys.unshift([k, k === 'loai', (props[k] || {}).description]);
  const add = document.createElement('div');
  add.className = 'them-khoa';
  for (const [name, required, description] of keys) {
    if (name in state.data) {
      root.append(form.field(props[name] || {}, [name], name, required, description));
    } else {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = '+ ' + name + (required ? ' *' : '');
      b.title = description || '';
      b.addEventListener('click', () => {
        state.data[name] = defaultFor(props[name] || {});
        formChanged(true, name);
      });
      add.append(b);
    }
  }
  if (add.childElementCount) {
    const title = document.createElement('div');
    title.className = 'mo-ta';
    title.textContent = 'Thêm khóa (* là bắt buộc):';
    root.append(title, add);
  }
  state.formStale = false;
  if (focusPath) {
    const target = root.querySelector(`[data-path="${CSS.escape(focusPath)}"] textarea, [data-path="${CSS.escape(focusPath)}"] input`);
    if (target) target.focus();
  }
  markFields();
}

// ---- preview ----

// One request at a time; edits made meanwhile are sent together when it returns.
async function preview() {
  if (state.busy) { state.again = true; return; }
  state.busy = true;
  const yaml = state.yaml;
  const started = performance.now();
  try {
    const x = await apiJson('/api/xem', { yaml, da_co: state.pages.map((p) => p.h) });
    if (yaml === state.yaml) show(x, started);
  } catch (e) {
    status('Không xem trước được: ' + e.message);
  }
  state.busy = false;
  if (state.again) { state.again = false; preview(); }
}

let lastDiagnostics = [];

function show(x, started) {
  if (state.formStale) {
    state.data = x.du_lieu && typeof x.du_lieu === 'object' ? x.du_lieu : null;
    if (state.data) renderForm();
    else $('bieu-mau').innerHTML = '';
    if (!state.data) {
      const p = document.createElement('p');
      p.className = 'ghi-chu';
      p.textContent = x.bieu_mau_loi || 'Biểu mẫu chưa hiển thị được; sửa ở ô YAML.';
      $('bieu-mau').append(p);
    }
  }
  lastDiagnostics = x.chan_doan;
  listDiagnostics(x.chan_doan);
  markFields();
  const errors = x.chan_doan.filter((d) => d.muc === 'loi').length;
  $('loi-chung').hidden = errors === 0;
  $('loi-chung').textContent = errors ? `Văn bản còn ${errors} lỗi; trang in là bản hợp lệ gần nhất.` : '';
  $('trang').classList.toggle('cu', errors > 0);
  const drawn = x.trang ? showPages(x.trang) : [];
  const t = x.thoi_gian;
  const server = t.van_ban + t.dan_trang + t.anh;
  // From the edit to the new page images drawn: what the clerk waits for.
  Promise.all(drawn).then(() => {
    const total = performance.now() - started;
    $('thoi-gian').textContent = x.trang ? `${Math.round(total)} ms (máy chủ ${Math.round(server)} ms)` : '';
    $('thoi-gian').dataset.ms = total.toFixed(1);
  });
}

function showPages(pages) {
  const old = new Map(state.pages.map((p) => [p.h, p.url]));
  const next = pages.map((p) => {
    if (p.svg) return { h: p.h, url: URL.createObjectURL(new Blob([p.svg], { type: 'image/svg+xml' })) };
    return { h: p.h, url: old.get(p.h) };
  }).filter((p) => p.url);
  const used = new Set(next.map((p) => p.url));
  for (const url of old.values()) if (!used.has(url)) URL.revokeObjectURL(url);
  state.pages = next;
  const box = $('trang');
  const drawn = [];
  next.forEach((p, i) => {
    let img = box.children[i];
    if (!img) {
      img = document.createElement('img');
      img.alt = 'Trang ' + (i + 1);
      box.append(img);
    }
    if (img.dataset.h !== p.h) {
      img.src = p.url;
      img.dataset.h = p.h;
      drawn.push(img.decode().catch(() => {}));
    }
  });
  while (box.children.length > next.length) box.lastChild.remove();
  $('so-trang').textContent = `(${next.length} trang)`;
  return drawn;
}

function listDiagnostics(diags) {
  const list = $('chan-doan');
  list.textContent = '';
  for (const d of diags) {
    const li = document.createElement('li');
    li.className = d.muc;
    if (d.dong > 0) {
      const a = document.createElement('a');
      a.href = '#';
      a.textContent = `dòng ${d.dong}`;
      a.addEventListener('click', (e) => { e.preventDefault(); selectLine(d.dong); });
      li.append(a, ': ');
    }
    li.append((d.muc === 'loi' ? 'lỗi: ' : 'cảnh báo: ') + d.thong_bao + (d.goi_y ? ` (${d.goi_y})` : ''));
    list.append(li);
  }
}

function selectLine(line) {
  const area = $('yaml');
  const lines = area.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  area.focus();
  area.setSelectionRange(start, start + (lines[line - 1] || '').length);
  area.scrollTop = Math.max(0, (line - 5) * 19);
}

// Each problem beside its field: the deepest field of its path the form shows.
function markFields() {
  const root = $('bieu-mau');
  root.querySelectorAll('.co-loi, .co-canh-bao').forEach((e) => e.classList.remove('co-loi', 'co-canh-bao'));
  root.querySelectorAll('.thong-bao').forEach((e) => e.remove());
  for (const d of lastDiagnostics) {
    if (!d.duong_dan) continue;
    let path = d.duong_dan.split('.');
    let box = null;
    while (path.length && !box) {
      box = root.querySelector(`[data-path="${CSS.escape(path.join('.'))}"]`);
      path = path.slice(0, -1);
    }
    if (!box) continue;
    box.classList.add(d.muc === 'loi' ? 'co-loi' : 'co-canh-bao');
    const note = document.createElement('div');
    note.className = 'thong-bao ' + d.muc;
    note.textContent = d.thong_bao + (d.goi_y ? ` (${d.goi_y})` : '');
    box.append(note);
  }
}

// ---- saving and downloads ----

async function save() {
  let ten = state.ten;
  if (!ten) {
    ten = prompt('Tên tệp để lưu (trong thư mục đang soạn):', 'van-ban-moi.yaml');
    if (!ten) return;
    if (!/\.ya?ml$/.test(ten)) ten += '.yaml';
  }
  try {
    const r = await apiJson('/api/luu', { ten, yaml: state.yaml, phien_ban: state.ten ? state.phienBan : null });
    Object.assign(state, { ten, phienBan: r.phien_ban, dirty: false });
    history.replaceState(null, '', '?file=' + encodeURIComponent(ten));
    showName();
    status('Đã lưu ' + ten);
    await loadFolder();
  } catch (e) {
    status('Chưa lưu: ' + e.message);
  }
}

function download(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

async function exportAs(format) {
  try {
    const r = await api('/api/xuat?dinh_dang=' + format, { yaml: state.yaml });
    const stem = (state.ten || 'van-ban-moi.yaml').replace(/\.ya?ml$/, '');
    download(await r.blob(), `${stem}.${format}`);
    status(`Đã tải ${stem}.${format}`);
  } catch (e) {
    status(e.message);
  }
}

async function batch(file) {
  const box = $('hang-loat-hop');
  box.hidden = false;
  $('hang-loat-zip').hidden = true;
  $('hang-loat-loi').textContent = '';
  $('hang-loat-chu').textContent = 'Đang gửi ' + file.name + '…';
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  let id;
  try {
    id = (await apiJson('/api/hang-loat', { ten: state.ten || 'van-ban.yaml', yaml: state.yaml, ten_du_lieu: file.name, du_lieu: btoa(binary) })).id;
  } catch (e) {
    $('hang-loat-chu').textContent = 'Không chạy được: ' + e.message;
    return;
  }
  for (;;) {
    const t = await apiJson('/api/hang-loat/' + id);
    $('hang-loat-tien-do').max = Math.max(1, t.tong);
    $('hang-loat-tien-do').value = t.xong;
    $('hang-loat-chu').textContent = `${t.xong}/${t.tong} đơn vị, ${t.da_tao} văn bản đã tạo` + (t.ket_thuc ? ' — xong' : '…');
    const list = $('hang-loat-loi');
    list.textContent = '';
    for (const m of t.loi) {
      const li = document.createElement('li');
      li.className = 'loi';
      li.textContent = m;
      list.append(li);
    }
    if (t.ket_thuc) {
      if (t.co_zip) {
        const button = $('hang-loat-zip');
        button.hidden = false;
        button.onclick = async () => download(await (await api(`/api/hang-loat/${id}/zip`)).blob(), 'van-ban-hang-loat.zip');
      }
      return;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

// ---- start ----

$('tep').addEventListener('change', (e) => { if (e.target.value) openFile(e.target.value); });
$('moi').addEventListener('change', (e) => { if (e.target.value) newDocument(e.target.value); e.target.value = ''; });
$('luu').addEventListener('click', save);
$('tai-pdf').addEventListener('click', () => exportAs('pdf'));
$('tai-docx').addEventListener('click', () => exportAs('docx'));
$('hang-loat').addEventListener('change', (e) => { if (e.target.files[0]) batch(e.target.files[0]); e.target.value = ''; });
$('hang-loat-dong').addEventListener('click', () => { $('hang-loat-hop').hidden = true; });
document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === 's') { e.preventDefault(); save(); }
});
window.addEventListener('beforeunload', (e) => { if (state.dirty) e.preventDefault(); });

(async () => {
  const [schema] = await Promise.all([apiJson('/api/schema'), loadFolder()]);
  setSchema(schema);
  state.schemaProps = schema.properties;
  const file = new URLSearchParams(location.search).get('file');
  if (file) await openFile(file);
  else showName();
})();
