// The page: draws the screens, reads the user's input and calls the core in the worker
// (worker.js). It decides nothing itself: codes, countdowns, duplicates, checks and every error
// come from the core; texts come from the catalogue (i18n.json, the Android/iOS keys).

let worker, seq = 0;
const pending = new Map();
// Opened from disk (kulcs.html, see web/single_file.py), the worker, the glue, the catalogue and
// the wasm are inert blocks in the page: a file:// page may not load them from files, and
// Chromium refuses it a worker even from a blob: URL, so the same worker code runs in the page,
// answering over a MessageChannel exactly as the worker would.
const embedded = (id) => document.getElementById(id);
const blobUrl = (text) => URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
function fromBase64(text) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
  const bin = atob(text), out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
function startWorker() {
  if (embedded("kulcs-worker")) {
    const channel = new MessageChannel();
    globalThis.kulcsWorkerPort = channel.port2;
    worker = channel.port1;
    worker.terminate = () => location.reload();  // after a wasm trap: start clean
    // Queued before any call: the port delivers in order once the code below listens.
    worker.postMessage({ wasm: fromBase64(embedded("kulcs-wasm").textContent) });
    const glue = blobUrl(embedded("kulcs-glue").textContent);
    import(blobUrl("const self = globalThis.kulcsWorkerPort;\n" + embedded("kulcs-worker").textContent.replace("./pkg/kulcs_wasm.js", glue)));
  } else worker = new Worker("worker.js", { type: "module" });
  worker.onmessage = (ev) => {
    const { id, ok, value, error } = ev.data;
    const p = pending.get(id); pending.delete(id);
    if (!p) return;
    if (ok) p.resolve(value); else p.reject(error);
    if (!ok && error && error.fatal) { worker.terminate(); startWorker(); showScreen("unlock"); }
  };
}
function call(op, args, transfer) {
  return new Promise((resolve, reject) => {
    const id = ++seq;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, args }, transfer || []);
  });
}

const $ = (id) => document.getElementById(id);
const nowMs = () => Date.now();
const nowSec = () => Math.floor(Date.now() / 1000);

// ---- catalogue
let catalogue = {}, lang = "en";
function t(key, ...args) {
  let entry = (catalogue[lang] || {})[key] ?? (catalogue.en || {})[key] ?? key;
  if (typeof entry === "object") {
    const form = new Intl.PluralRules(lang).select(Number(args[0]));
    entry = entry[form] ?? entry.other;
  }
  return entry.replace(/\{(\d)\}/g, (_, n) => String(args[Number(n) - 1]));
}
function translate() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of document.querySelectorAll("[data-i18n-alt]")) el.alt = t(el.dataset.i18nAlt);
  $("lang").textContent = lang === "hu" ? "English" : "Magyar";
}

function say(text, isError) { const m = $("message"); m.textContent = text; m.className = isError ? "error" : ""; }
function fail(e) { say(e && e.key ? t(e.key) : t("error_generic"), true); }
// Runs a user's action; a new action clears the last one's error, and its own error is shown.
async function guarded(f) { if ($("message").className === "error") say(""); try { await f(); } catch (e) { fail(e); } }

// ---- screens
function showScreen(name) {
  for (const s of ["create", "unlock", "main"]) $("screen-" + s).hidden = s !== name;
  $("lock").hidden = $("search").hidden = name !== "main";
  if (name !== "main") stopCamera();
}
function showTab(name) {
  for (const s of document.querySelectorAll(".tab")) s.hidden = s.id !== "tab-" + name;
  for (const b of document.querySelectorAll("#tabs button")) b.setAttribute("aria-pressed", String(b.dataset.tab === name));
  if (name === "duplicates") drawDuplicates();
  if (name === "settings") drawSettings();
  if (name !== "add-image") stopCamera();
}

// Argon2id runs in the worker; the bar moves on the page meanwhile (the KDF has no callback,
// so the bar follows the time the last unlock on this browser took).
async function withProgress(f) {
  const expected = Number(localStorage.getItem("kdf_ms") || 3000);
  const started = performance.now();
  $("progress").hidden = false;
  const timer = setInterval(() => {
    const ms = performance.now() - started;
    $("progress-fill").style.width = Math.min(95, 100 * ms / expected) + "%";
    $("progress-text").textContent = t("web_unlock_progress", Math.round(ms / 1000));
  }, 100);
  try { return await f(); } finally {
    clearInterval(timer);
    $("progress").hidden = true;
    localStorage.setItem("kdf_ms", String(Math.round(performance.now() - started)));
  }
}

async function opened(result) {
  for (const w of result.warnings || []) say(w, true);
  for (const id of ["unlock-pass", "create-pass", "create-pass2", "open-file-pass", "unlock-recovery"]) $(id).value = "";
  showScreen("main"); showTab("add-image"); await draw(); touch();
}

// ---- auto-lock after idle
const IDLE_MS = 5 * 60 * 1000;
let idleTimer = null;
function touch() {
  clearTimeout(idleTimer);
  if ($("screen-main").hidden) return;
  idleTimer = setTimeout(async () => { await call("lock"); showScreen("unlock"); say(t("web_idle_locked")); }, IDLE_MS);
}
for (const ev of ["pointerdown", "keydown"]) addEventListener(ev, touch, { passive: true });

// ---- code list
let rows = [];
async function draw() {
  if ($("screen-main").hidden) return;
  try { rows = await call("code_rows", { now: nowSec(), query: $("search").value }); } catch (e) { if (e.key === "web_locked") { showScreen("unlock"); return; } fail(e); return; }
  const list = $("codes");
  const byId = new Map([...list.children].map((li) => [li.dataset.id, li]));
  list.replaceChildren(...rows.map((r) => {
    const li = byId.get(r.id) || makeRow(r.id);
    li.classList.toggle("expiring", r.expiring);
    li.querySelector(".name").textContent = r.display_name;
    li.querySelector(".code").textContent = r.code_grouped;
    li.querySelector(".code").setAttribute("aria-label", r.code_spoken);
    li.querySelector(".fill").style.width = (100 * (1 - r.progress)) + "%";
    li.querySelector(".left").textContent = r.kind === "Hotp" ? t("counter_based") : t("seconds_left", r.seconds_left);
    li.querySelector(".next").textContent = r.next_grouped ? t("next_code", r.next_grouped) : "";
    li.querySelector(".hotp-next").hidden = r.kind !== "Hotp";
    li.querySelector(".show-note").hidden = !r.has_note;
    li.dataset.code = r.code;
    return li;
  }));
  $("empty").hidden = rows.length > 0;
  $("duplicates-banner").hidden = !rows.some((r) => r.duplicate);
}
function makeRow(id) {
  const li = $("row").content.firstElementChild.cloneNode(true);
  li.dataset.id = id;
  for (const el of li.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  li.querySelector(".copy").onclick = () => copy(li.dataset.code);
  li.querySelector(".hotp-next").onclick = () => guarded(async () => { await call("advance_counter", { id, now_ms: nowMs() }); await draw(); });
  li.querySelector(".show-note").onclick = () => guarded(async () => { li.querySelector(".note-text").textContent = (await call("note", { id })) ?? t("note_none"); });
  li.querySelector(".save-note").onclick = () => guarded(async () => { await call("set_note", { id, note: li.querySelector(".note-input").value, now_ms: nowMs() }); li.querySelector(".note-input").value = ""; say(t("web_note_saved")); await draw(); });
  li.querySelector(".rename").onclick = () => guarded(async () => { await call("rename", { id, issuer: li.querySelector(".rename-issuer").value, label: li.querySelector(".rename-label").value, now_ms: nowMs() }); await draw(); });
  li.querySelector(".show-qr").onclick = () => guarded(async () => {
    if (!confirm(t("account_qr_warning"))) return;
    const uri = await call("account_uri", { id });
    showPng(li.querySelector(".qr"), await call("qr_png", { text: uri, scale: 6 }));
  });
  li.querySelector(".delete").onclick = () => guarded(async () => {
    if (!confirm(t("delete_title") + "\n" + t("delete_body"))) return;
    await call("delete", { id, now_ms: nowMs() }); await draw();
  });
  return li;
}
function showPng(img, bytes) {
  if (img.src.startsWith("blob:")) URL.revokeObjectURL(img.src);
  img.src = URL.createObjectURL(new Blob([bytes], { type: "image/png" }));
  img.hidden = false;
}

// Copy, then clear the clipboard after the core's delay (only if it still holds our code).
let clearTimer = null;
async function copy(code) {
  await guarded(async () => {
    await navigator.clipboard.writeText(code);
    const secs = await call("clipboard_clear_seconds");
    say(t("copied"));
    clearTimeout(clearTimer);
    clearTimer = setTimeout(async () => { try { if ((await navigator.clipboard.readText()) === code) await navigator.clipboard.writeText(""); } catch (_) { /* the page lost focus: nothing to do */ } }, secs * 1000);
  });
}

// ---- adding
function reportAdds(outcomes) {
  const o = outcomes[outcomes.length - 1];
  if (!o) return;
  const name = (rows.find((r) => r.id === o.id) || {}).display_name || "";
  say(o.outcome === "AlreadyPresent" ? t("already_present") : o.outcome === "AddedWithConflict" ? t("added_with_conflict") : t("added", name));
}
// A Google Authenticator export: its codes are collected in any order, then imported in one save.
async function migrationText(text) {
  const p = await call("migration_add", { text });
  if (!p.done) { say(t("scan_migration_progress", p.batches_read, p.batch_count)); return false; }
  const out = await call("migration_import", { now_ms: nowMs() });
  await draw(); say(t("transfer_done", out.filter((o) => o.outcome !== "AlreadyPresent").length));
  return true;
}
async function addImage(buffer) {
  const batches = [];
  for (const text of await call("decode_image", { image: buffer.slice(0) }))
    if ((await call("classify_scan", { text })).payload === "MigrationBatch") batches.push(text);
  if (batches.length) { for (const text of batches) if (await migrationText(text)) break; return; }
  const outcomes = await call("add_image", { image: buffer, now_ms: nowMs() }, [buffer]);
  await draw(); reportAdds(outcomes);
}
$("add-file").onchange = () => guarded(async () => { const f = $("add-file").files[0]; if (f) await addImage(await f.arrayBuffer()); $("add-file").value = ""; });
addEventListener("paste", (ev) => guarded(async () => {
  if ($("screen-main").hidden) return;
  for (const item of ev.clipboardData.items) if (item.type.startsWith("image/")) { await addImage(await item.getAsFile().arrayBuffer()); return; }
}));

// The webcam: frames go to the core's live scanner; what it reads is handed to `onText`.
let stream = null, scanning = false;
async function startCamera(onText) {
  stopCamera();
  try { stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment", width: { ideal: 1280 } } }); }
  catch (e) { say(t(e && e.name === "NotAllowedError" ? "scan_no_camera_permission" : "scan_no_camera"), true); return; }
  const video = $("video"); video.srcObject = stream; video.hidden = false; await video.play();
  await call("scan_reset");
  const canvas = document.createElement("canvas"), ctx = canvas.getContext("2d", { willReadFrequently: true });
  scanning = true;
  const hints = { NoCode: "scan_hint_no_code", MoveCloser: "scan_hint_move_closer", HoldStill: "scan_hint_hold_still", Found: "scan_hint_found" };
  while (scanning && video.videoWidth) {
    canvas.width = video.videoWidth; canvas.height = video.videoHeight;
    ctx.drawImage(video, 0, 0);
    const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
    try {
      const r = await call("scan_frame", { rgba: img.data.buffer, width: img.width, height: img.height }, [img.data.buffer]);
      $("scan-hint").textContent = t(hints[r.hint]);
      for (const text of r.texts) if (await onText(text)) { stopCamera(); return; }
    } catch (e) { fail(e); }
    await new Promise((r) => setTimeout(r, 30));
  }
}
function stopCamera() {
  scanning = false;
  if (stream) for (const tr of stream.getTracks()) tr.stop();
  stream = null; $("video").hidden = true;
}
let foundUri = null;
$("webcam").onclick = () => startCamera(async (text) => {
  const c = await call("classify_scan", { text });
  if (c.payload === "MigrationBatch") return migrationText(text);
  if (c.payload !== "Enrolment") { say(t(c.key || "scan_not_enrolment_title"), true); return false; }
  foundUri = text;
  const a = c.account;
  $("scan-found-text").textContent = t("scan_found_title") + " " + (a.issuer && a.label ? t("issuer_label", a.issuer, a.label) : a.issuer || a.label);
  $("scan-found").hidden = false;
  return true;
});
$("scan-add").onclick = () => guarded(async () => { const o = await call("add_uri", { uri: foundUri, now_ms: nowMs() }); foundUri = null; $("scan-found").hidden = true; await draw(); reportAdds([o]); });

// Typed key with the Ügyfélkapu+ preset (or another service), confirmed by a code typed back.
let keyConfirmed = false;
async function keyChanged() {
  const preset = $("preset-uk").checked;
  $("issuer-row").hidden = preset;
  keyConfirmed = false;
  const typed = $("key-code").value, key = $("key-text").value;
  if (key && await call("typed_code_complete", { typed })) {
    try {
      const step = await call("check_typed_code", { key, typed, now: nowSec() });
      keyConfirmed = step !== null;
      $("key-check").textContent = t(keyConfirmed ? "code_confirmed" : "code_mismatch");
    } catch (e) { $("key-check").textContent = e.key ? t(e.key) : ""; }
  } else $("key-check").textContent = "";
  const issuer = preset ? "" : $("key-issuer").value;
  $("key-save").disabled = !(await call("can_save_key", { preset, issuer, label: $("key-user").value, key, confirmed: keyConfirmed }));
}
for (const id of ["preset-uk", "preset-other", "key-issuer", "key-user", "key-text", "key-code"]) $(id).addEventListener("input", () => guarded(keyChanged));
$("key-save").onclick = () => guarded(async () => {
  let o;
  if ($("preset-uk").checked) o = await call("add_ugyfelkapu", { username: $("key-user").value, key: $("key-text").value, now_ms: nowMs() });
  else {
    const issuer = encodeURIComponent($("key-issuer").value), label = encodeURIComponent($("key-user").value);
    o = await call("add_uri", { uri: `otpauth://totp/${issuer}:${label}?secret=${encodeURIComponent($("key-text").value.replace(/\s/g, ""))}&issuer=${issuer}`, now_ms: nowMs() });
  }
  for (const id of ["key-user", "key-text", "key-code", "key-issuer"]) $(id).value = "";
  keyConfirmed = false; $("key-save").disabled = true; $("key-check").textContent = "";
  await draw(); reportAdds([o]);
});

// ---- verify, duplicates, clock
$("verify").onclick = () => guarded(async () => {
  const matches = await call("verify", { code: $("verify-code").value, now: nowSec() });
  const names = new Map(rows.map((r) => [r.id, r.display_name]));
  $("verify-result").replaceChildren(...(matches.length ? matches.map((m) => li(names.get(m.id) || m.id)) : [li(t("duplicate_not_live"))]));
});
function li(text) { const e = document.createElement("li"); e.textContent = text; return e; }
async function drawDuplicates() {
  await guarded(async () => {
    const groups = await call("duplicates");
    const box = $("duplicates");
    if (!groups.length) { box.replaceChildren(li(t("duplicates_none"))); return; }
    box.replaceChildren(...groups.map((g) => {
      const ul = document.createElement("ul");
      for (const id of g.accounts) {
        const row = rows.find((r) => r.id === id);
        const item = li(`${row ? row.code_grouped : ""} ${id === g.newest ? t("duplicate_newest") : ""}`);
        const keep = document.createElement("button"); keep.type = "button"; keep.textContent = t("action_keep_only");
        keep.onclick = () => guarded(async () => { if (confirm(t("action_keep_only") + "?")) { await call("keep_only", { id, now_ms: nowMs() }); await draw(); await drawDuplicates(); } });
        item.append(" ", keep); ul.append(item);
      }
      const h = document.createElement("h4"); h.textContent = g.issuer && g.label ? t("issuer_label", g.issuer, g.label) : g.issuer || g.label;
      const d = document.createElement("div"); d.append(h, ul); return d;
    }));
  });
}
async function drawSettings() {
  await guarded(async () => {
    $("offset-value").textContent = t("settings_offset_value", await call("clock_offset"));
    $("calibrate-account").replaceChildren(...rows.filter((r) => r.kind !== "Hotp").map((r) => { const o = document.createElement("option"); o.value = r.id; o.textContent = r.display_name; return o; }));
  });
}
async function moveOffset(delta) { const cur = await call("clock_offset"); await call("set_clock_offset", { seconds: delta === null ? 0 : cur + delta }); await drawSettings(); await draw(); }
$("offset-minus").onclick = () => guarded(() => moveOffset(-30));
$("offset-plus").onclick = () => guarded(() => moveOffset(30));
$("offset-reset").onclick = () => guarded(() => moveOffset(null));
$("calibrate").onclick = () => guarded(async () => { const s = await call("calibrate", { id: $("calibrate-account").value, code: $("calibrate-code").value, now: nowSec(), now_ms: nowMs() }); say(t("calibrated", s)); await drawSettings(); await draw(); });
$("set-pass").onclick = () => guarded(async () => {
  if ($("new-pass").value !== $("new-pass2").value) { say(t("backup_mismatch"), true); return; }
  await withProgress(() => call("set_passphrase", { passphrase: $("new-pass").value }));
  $("new-pass").value = $("new-pass2").value = ""; say(t("backup_saved"));
});
$("recovery").onclick = () => guarded(async () => {
  if (await call("has_recovery_code") && !confirm(t("recovery_has_code"))) return;
  $("recovery-code").textContent = await call("add_recovery_code", { now_ms: nowMs() }); say(t("recovery_shown"));
});

// ---- transfer
async function fileTexts(file) { return call("decode_image", { image: await file.arrayBuffer() }); }
$("receive-start").onclick = () => guarded(async () => {
  const offer = await call("receive_start", { now: nowSec() });
  showPng($("receive-offer"), await call("transfer_qr_png", { text: offer }));
  $("receive").hidden = false; $("receive-code").textContent = ""; $("receive-progress").textContent = "";
});
$("receive-scanned").onclick = () => guarded(async () => { const c = await call("receive_code"); $("receive-code").textContent = c.replace(/(\d{3})(?=\d)/g, "$1 "); $("receive-offer").hidden = true; });
async function receiveText(text) {
  const p = await call("receive_frame", { text, now: nowSec() });
  $("receive-progress").textContent = t("transfer_progress", p.received, p.total ?? "?");
  if (p.total !== null && p.received >= p.total) {
    const r = await call("receive_import", { device_name: t("web_device_name"), replace: false, now_ms: nowMs() });
    say(t("transfer_done", r.added)); $("receive").hidden = true; await draw(); return true;
  }
  return false;
}
$("receive-frames").onchange = () => guarded(async () => {
  for (const f of $("receive-frames").files) for (const text of await fileTexts(f)) if (await receiveText(text)) break;
  $("receive-frames").value = "";
});
$("receive-webcam").onclick = () => { showTab("add-image"); startCamera(async (text) => { try { const done = await receiveText(text); if (done) showTab("transfer"); return done; } catch (e) { fail(e); return false; } }); };
$("send-start").onclick = () => guarded(async () => { await call("send_start"); $("send").hidden = false; $("send-frames").replaceChildren(); $("send-frames-text").textContent = ""; });
$("send-offer").onchange = () => guarded(async () => { for (const text of await fileTexts($("send-offer").files[0])) await call("send_offer", { text, now: nowSec() }); say(t("transfer_enter_code")); $("send-offer").value = ""; });
$("send-webcam").onclick = () => { showTab("add-image"); startCamera(async (text) => { try { await call("send_offer", { text, now: nowSec() }); showTab("transfer"); say(t("transfer_enter_code")); return true; } catch (_) { return false; } }); };
$("send-confirm").onclick = () => guarded(async () => {
  let frames;
  try { frames = await call("send_confirm", { code: $("send-code").value, now: nowSec() }); }
  catch (e) { fail(e); return; }
  $("send-code").value = "";
  $("send-frames-text").textContent = t("transfer_frames_explained", frames.length, frames.length);
  const imgs = [];
  for (const [i, f] of frames.entries()) { const img = document.createElement("img"); img.alt = `${i + 1}/${frames.length}`; img.className = "frame"; showPng(img, await call("transfer_qr_png", { text: f })); imgs.push(img); }
  $("send-frames").replaceChildren(...imgs);
});

// ---- backup, vault file, import
function download(bytes, name, type) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([bytes], { type: type || "application/octet-stream" }));
  a.download = name; document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60000);
}
const stamp = () => new Date(nowMs()).toISOString().slice(0, 10);
$("export").onclick = () => guarded(async () => {
  const format = $("export-format").value;
  if ((format === "aegis-plain" || format === "otpauth") && !confirm(t("web_unencrypted_warning"))) return;
  const bytes = await withProgress(() => call("export_file", { format, passphrase: $("export-pass").value, now_ms: nowMs() }));
  const ext = { kulcs: "kulcs-backup", aegis: "json", "aegis-plain": "json", otpauth: "txt" }[format];
  download(bytes, `kulcs-${stamp()}.${ext}`); $("export-pass").value = ""; say(t("web_exported"));
  localStorage.setItem("last_backup_ms", String(nowMs()));
});
$("download-vault").onclick = () => guarded(async () => { download(await call("vault_file"), `kulcs-vault-${stamp()}.kulcs`); localStorage.setItem("last_backup_ms", String(nowMs())); });
$("restore").onclick = () => guarded(async () => {
  const f = $("restore-file").files[0]; if (!f) return;
  const out = await withProgress(async () => call("restore_backup", { file: await f.arrayBuffer(), passphrase: $("restore-pass").value, now_ms: nowMs() }));
  $("restore-pass").value = ""; await draw();
  say(t("transfer_done", out.filter((o) => o.outcome !== "AlreadyPresent").length));
});
$("import-read").onclick = () => guarded(async () => {
  const f = $("import-file").files[0]; if (!f) return;
  const p = await withProgress(async () => call("import_read", { file: await f.arrayBuffer(), password: $("import-pass").value }));
  $("import-preview").replaceChildren(li(p.app), ...p.accounts.map((a) => li(a.display_name)), ...p.refused.map((r) => li(`${r.name}: ${r.reason}`)));
  $("import-apply").hidden = !p.accounts.length;
});
$("import-apply").onclick = () => guarded(async () => {
  const out = await call("import_apply", { now_ms: nowMs() });
  $("import-apply").hidden = true; $("import-preview").replaceChildren(); $("import-pass").value = "";
  await draw(); say(t("transfer_done", out.filter((o) => o.outcome !== "AlreadyPresent").length));
});

// ---- create, unlock, open a vault file
$("create").onclick = () => guarded(async () => {
  if ($("create-pass").value !== $("create-pass2").value) { say(t("backup_mismatch"), true); return; }
  await opened(await withProgress(() => call("create", { passphrase: $("create-pass").value, now_ms: nowMs() })));
});
$("unlock").onclick = () => guarded(async () => opened(await withProgress(() => call("unlock", { passphrase: $("unlock-pass").value }))));
$("unlock-pass").onkeydown = (e) => { if (e.key === "Enter") $("unlock").click(); };
$("unlock-recovery-go").onclick = () => guarded(async () => opened(await withProgress(() => call("unlock_recovery", { code: $("unlock-recovery").value }))));
$("open-file-go").onclick = () => guarded(async () => {
  const f = $("open-file").files[0]; if (!f) return;
  await opened(await withProgress(async () => call("open_vault_file", { file: await f.arrayBuffer(), passphrase: $("open-file-pass").value, replace: false })));
});
$("lock").onclick = () => guarded(async () => { await call("lock"); showScreen("unlock"); say(""); });
$("search").oninput = () => draw();
$("lang").onclick = () => { lang = lang === "hu" ? "en" : "hu"; localStorage.setItem("lang", lang); translate(); draw(); };
for (const b of document.querySelectorAll("#tabs button")) b.onclick = () => showTab(b.dataset.tab);

// ---- start
async function start() {
  startWorker();
  catalogue = embedded("kulcs-i18n") ? JSON.parse(embedded("kulcs-i18n").textContent) : await (await fetch("i18n.json")).json();
  lang = localStorage.getItem("lang") || ((navigator.language || "en").startsWith("hu") ? "hu" : "en");
  translate();
  const s = await call("status");
  showScreen(s.exists ? "unlock" : "create");
  // Milliseconds from navigation start to the first usable screen (the budget: under 1 s).
  document.body.dataset.ready = String(Math.round(performance.now()));
  if ("serviceWorker" in navigator && location.protocol !== "file:") navigator.serviceWorker.register("sw.js").catch(() => {});
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  setInterval(draw, 1000);
}
start();
