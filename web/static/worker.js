// The worker that owns the core: it loads the wasm module, holds the open vault and the transfer,
// scanner and import objects, persists the vault's files to IndexedDB after every change, and
// answers the page's calls ({id, op, args} -> {id, ok, value} or {id, ok: false, error}).
// No domain rule lives here: every op is one call into the wasm surface (bindings/wasm).
import init, * as k from "./pkg/kulcs_wasm.js";

const DB = "kulcs", STORE = "files";
let vault = null, receiver = null, sender = null, scanner = null, pendingImport = null, migration = null;
let revision = -1, releaseLock = null;

function db() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function loadFiles() {
  const d = await db();
  const files = new k.WebFiles();
  await new Promise((resolve, reject) => {
    const tx = d.transaction(STORE, "readonly");
    const req = tx.objectStore(STORE).openCursor();
    req.onsuccess = () => {
      const c = req.result;
      if (!c) return;
      files.put(String(c.key), new Uint8Array(c.value));
      c.continue();
    };
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  d.close();
  return files;
}

// Writes every file of the vault and removes the ones it no longer has, in ONE transaction:
// IndexedDB commits all of it or nothing, so a closed tab never leaves half a save.
async function persist() {
  if (!vault || vault.revision() === revision) return;
  const files = vault.files();
  const names = files.names();
  const d = await db();
  await new Promise((resolve, reject) => {
    const tx = d.transaction(STORE, "readwrite");
    const store = tx.objectStore(STORE);
    const keep = new Set(names);
    const req = store.getAllKeys();
    req.onsuccess = () => { for (const key of req.result) if (!keep.has(key)) store.delete(key); };
    for (const n of names) store.put(files.get(n), n);
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  d.close();
  files.free();
  revision = vault.revision();
}

// One tab at a time may hold the vault open: a second tab's save would overwrite the first's.
async function takeLock() {
  if (releaseLock || !navigator.locks) return true;
  return new Promise((resolve) => {
    navigator.locks.request("kulcs-vault", { ifAvailable: true }, (lock) => {
      if (!lock) { resolve(false); return; }
      resolve(true);
      return new Promise((release) => { releaseLock = release; });
    });
  });
}

function lockVault() {
  for (const o of [vault, receiver, sender, scanner, pendingImport, migration]) if (o) o.free();
  vault = receiver = sender = scanner = pendingImport = migration = null;
  if (releaseLock) { releaseLock(); releaseLock = null; }
}

function need() {
  if (!vault) throw JSON.stringify({ error: "Locked", kind: "Locked", key: "web_locked", reason: "the vault is locked" });
  return vault;
}

async function unlocked(v) {
  if (!(await takeLock())) {
    v.free();
    throw JSON.stringify({ error: "Storage", kind: "Locked", key: "web_other_tab", reason: "open in another tab" });
  }
  vault = v;
  revision = -1;
  await persist();
  return { warnings: v.open_warnings() };
}

const J = (s) => JSON.parse(s);
const bytes = (b) => new Uint8Array(b);

const ops = {
  async status() { const f = await loadFiles(); const exists = k.WebVault.exists(f); f.free(); return { exists, unlocked: !!vault }; },
  async create({ passphrase, now_ms }) {
    const f = await loadFiles();
    if (k.WebVault.exists(f)) { f.free(); throw JSON.stringify({ error: "Storage", kind: "AlreadyExists", key: "error_generic", reason: "a vault exists" }); }
    return unlocked(k.WebVault.create(f, passphrase, BigInt(now_ms)));
  },
  async unlock({ passphrase }) { return unlocked(k.WebVault.open(await loadFiles(), passphrase)); },
  async unlock_recovery({ code }) { return unlocked(k.WebVault.open_with_recovery_code(await loadFiles(), code)); },
  // A vault file the user picked replaces nothing until it opens: it is opened in memory first.
  async open_vault_file({ file, passphrase, replace }) {
    const current = await loadFiles();
    const exists = k.WebVault.exists(current);
    current.free();
    if (exists && !replace) throw JSON.stringify({ error: "Storage", kind: "AlreadyExists", key: "web_replace_needed", reason: "a vault exists in this browser" });
    const f = new k.WebFiles();
    f.put("vault.kulcs", bytes(file));
    const v = k.WebVault.open(f, passphrase);
    lockVault();
    return unlocked(v);
  },
  lock() { lockVault(); return null; },
  vault_file() { return need().vault_file(); },
  code_rows({ now, query }) { return J(need().code_rows(BigInt(now), query || undefined, undefined)); },
  add_image({ image, now_ms }) { return J(need().add_image(bytes(image), BigInt(now_ms))); },
  add_uri({ uri, now_ms }) { return J(need().add_uri(uri, BigInt(now_ms))); },
  add_ugyfelkapu({ username, key, now_ms }) { return J(need().add_ugyfelkapu(username, key, BigInt(now_ms))); },
  check_typed_code({ key, typed, now }) { const r = need().check_typed_code(key, typed, BigInt(now)); return r === undefined ? null : Number(r); },
  can_save_key(a) { return k.can_save_key(a.preset, a.issuer, a.label, a.key, a.confirmed); },
  typed_code_complete({ typed }) { return k.typed_code_complete(typed); },
  rename({ id, issuer, label, now_ms }) { need().rename(id, issuer, label, BigInt(now_ms)); return null; },
  delete({ id, now_ms }) { need().delete(id, BigInt(now_ms)); return null; },
  set_note({ id, note, now_ms }) { need().set_note(id, note || undefined, BigInt(now_ms)); return null; },
  note({ id }) { return need().note(id) ?? null; },
  advance_counter({ id, now_ms }) { return Number(need().advance_counter(id, BigInt(now_ms))); },
  verify({ code, now }) { return J(need().verify(code, BigInt(now))); },
  duplicates() { return J(need().duplicates()); },
  keep_only({ id, now_ms }) { return need().keep_only(id, BigInt(now_ms)); },
  clock_offset() { return Number(need().clock_offset()); },
  set_clock_offset({ seconds }) { need().set_clock_offset(BigInt(seconds)); return null; },
  calibrate({ id, code, now, now_ms }) { return Number(need().calibrate_clock_offset(id, code, BigInt(now), BigInt(now_ms))); },
  set_passphrase({ passphrase }) { need().set_passphrase(passphrase); return null; },
  add_recovery_code({ now_ms }) { return need().add_recovery_code(BigInt(now_ms)); },
  has_recovery_code() { return need().has_recovery_code(); },
  account_uri({ id }) { return need().account_uri(id); },
  export_file({ format, passphrase, now_ms }) { return need().export_file(format, passphrase || undefined, BigInt(now_ms)); },
  restore_backup({ file, passphrase, now_ms }) { return J(need().restore_backup(bytes(file), passphrase, BigInt(now_ms))); },
  backup_info({ file, passphrase }) { return J(k.backup_info(bytes(file), passphrase)); },
  import_read({ file, password }) {
    if (pendingImport) pendingImport.free();
    pendingImport = null;
    pendingImport = k.WebImport.read(bytes(file), password || undefined);
    return J(pendingImport.preview());
  },
  import_apply({ now_ms }) {
    if (!pendingImport) throw JSON.stringify({ error: "InvalidInput", kind: "ImportEmpty", key: "import_error_empty", reason: "nothing read" });
    const out = J(need().import_file(pendingImport, BigInt(now_ms)));
    pendingImport.free(); pendingImport = null;
    return out;
  },
  migration_add({ text }) { if (!migration) migration = new k.WebMigration(); return J(migration.add(text)); },
  migration_import({ now_ms }) {
    const out = J(need().import_migration(migration, BigInt(now_ms)));
    migration.free(); migration = null;
    return out;
  },
  decode_image({ image }) { return k.decode_image(bytes(image)); },
  classify_scan({ text }) { return J(k.classify_scan(text)); },
  parse_uri({ uri }) { return J(k.parse_uri(uri)); },
  qr_png({ text, scale }) { return k.qr_png(text, scale); },
  transfer_qr_png({ text }) { return k.transfer_qr_png(text); },
  clipboard_clear_seconds() { return k.clipboard_clear_seconds(); },
  scan_frame({ rgba, width, height }) {
    if (!scanner) scanner = new k.WebScanner();
    return J(scanner.push_rgba(bytes(rgba), width, height));
  },
  scan_reset() { if (scanner) scanner.free(); scanner = null; return null; },
  receive_start({ now }) { if (receiver) receiver.free(); receiver = new k.WebReceiver(BigInt(now)); return receiver.offer_text(); },
  receive_code() { return receiver.reveal_code(); },
  receive_frame({ text, now }) { return J(receiver.accept(text, BigInt(now))); },
  receive_import({ device_name, replace, now_ms }) {
    const out = J(receiver.import_into(need(), device_name, !!replace, BigInt(now_ms)));
    receiver.free(); receiver = null;
    return out;
  },
  send_start() { if (sender) sender.free(); sender = new k.WebSender(need()); return null; },
  send_offer({ text, now }) { sender.scan_offer(text, BigInt(now)); return null; },
  send_confirm({ code, now }) { return sender.confirm(code, BigInt(now)); },
};

// Served, the glue fetches the wasm beside it; opened from disk, the page sends its bytes first.
let ready = null;

self.onmessage = async (ev) => {
  if (ev.data.wasm) { ready = init({ module_or_path: ev.data.wasm }); return; }
  const { id, op, args } = ev.data;
  try {
    await (ready ??= init());
    const f = ops[op];
    if (!f) throw JSON.stringify({ error: "Internal", kind: "Internal", key: "error_generic", reason: "unknown op " + op });
    const value = await f(args || {});
    await persist();
    self.postMessage({ id, ok: true, value });
  } catch (e) {
    // Core errors arrive as JSON text; anything else (a wasm trap is a bug) is Internal, and the
    // page restarts the worker, which drops every key with it.
    let error;
    try { error = typeof e === "string" ? JSON.parse(e) : null; } catch (_) { error = null; }
    if (!error) error = { error: "Internal", kind: "Internal", key: "error_generic", reason: String(e && e.message || e), fatal: e instanceof WebAssembly.RuntimeError };
    self.postMessage({ id, ok: false, error });
  }
};
