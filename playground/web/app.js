"use strict";
// The playground page: chats, bubbles, inline keyboards, live updates over server-sent events.
const ALLOWED = new Set(["b","strong","i","em","u","ins","s","strike","del","a","code","pre","blockquote","tg-spoiler"]);
const state = {user: null, chat: null};
const $ = (id) => document.getElementById(id);

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"}[c]));
}
// Telegram HTML: keep only Telegram's tags (href on <a> if http/https/tg), escape the rest.
function sanitise(html) {
  const doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
  const walk = (node) => {
    let out = "";
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) { out += escapeHtml(child.textContent); continue; }
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      const tag = child.tagName.toLowerCase();
      const inner = walk(child);
      if (!ALLOWED.has(tag)) { out += inner; continue; }
      if (tag === "a") {
        const href = child.getAttribute("href") || "";
        out += /^(https?:|tg:)/i.test(href) ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener">${inner}</a>` : inner;
      } else out += `<${tag}>${inner}</${tag}>`;
    }
    return out;
  };
  return walk(doc.body);
}
async function api(path, body) {
  const r = await fetch(path, body === undefined ? {} : {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
  return r.json();
}
function toast(text, alert) {
  if (alert) { window.alert(text); return; }
  const t = $("toast"); t.textContent = text; t.hidden = false;
  clearTimeout(toast.timer); toast.timer = setTimeout(() => { t.hidden = true; }, 2500);
}
function renderMessage(m) {
  let el = document.querySelector(`.bubble[data-id="${m.message_id}"]`);
  if (!el) { el = document.createElement("div"); el.dataset.id = m.message_id; $("messages").appendChild(el); }
  const signature = JSON.stringify([m.text, m.reply_markup, state.user]);
  if (el.dataset.signature === signature) return;  // unchanged: leave it (and its buttons) be
  el.dataset.signature = signature;
  el.className = "bubble" + (m.from_id === state.user ? " mine" : "") + (m.is_bot ? " bot" : "");
  const sender = state.chat < 0 && m.from_id !== state.user ? `<div class="sender">${escapeHtml(m.from_name)}</div>` : "";
  el.innerHTML = sender + `<div class="text">${m.is_bot ? sanitise(m.text) : escapeHtml(m.text)}</div>`;
  const rows = (m.reply_markup && m.reply_markup.inline_keyboard) || [];
  if (rows.length) {
    const kb = document.createElement("div"); kb.className = "keyboard";
    for (const row of rows) {
      const r = document.createElement("div"); r.className = "row";
      for (const b of row) {
        const btn = document.createElement("button"); btn.textContent = b.text;
        if (b.url) btn.onclick = () => window.open(b.url, "_blank");
        else btn.onclick = () => api("/api/press", {user_id: state.user, chat_id: state.chat, message_id: m.message_id, data: b.callback_data});
        r.appendChild(btn);
      }
      kb.appendChild(r);
    }
    el.appendChild(kb);
  }
  $("messages").scrollTop = $("messages").scrollHeight;
}
async function openChat(chat) {
  state.chat = chat.id;
  $("chat-title").textContent = chat.title;
  document.querySelectorAll("#chats li").forEach((li) => li.classList.toggle("active", Number(li.dataset.id) === chat.id));
  $("messages").innerHTML = "";
  for (const m of await api(`/api/history?chat=${chat.id}`)) renderMessage(m);
}
async function refresh() {
  const chat = state.chat;
  const messages = await api(`/api/history?chat=${chat}`);
  if (chat !== state.chat) return;
  const ids = new Set(messages.map((m) => String(m.message_id)));
  document.querySelectorAll("#messages .bubble").forEach((el) => { if (!ids.has(el.dataset.id)) el.remove(); });
  for (const m of messages) renderMessage(m);
}
async function loadChats(keep) {
  const chats = await api(`/api/chats?user=${state.user}`);
  const list = $("chats"); list.innerHTML = "";
  for (const c of chats) {
    const li = document.createElement("li"); li.dataset.id = c.id; li.textContent = c.title;
    li.onclick = () => openChat(c); list.appendChild(li);
  }
  await openChat(chats.find((c) => c.id === keep) || chats[0]);
}
async function loadPersonas(select) {
  const personas = await api("/api/personas");
  $("persona").innerHTML = personas.map((p) => `<option value="${p.id}">${escapeHtml(p.name)} (${escapeHtml(p.language)}) — ${escapeHtml(p.description)}</option>`).join("");
  state.user = select || personas[0].id; $("persona").value = String(state.user);
  await loadChats();
}
$("persona").onchange = () => { state.user = Number($("persona").value); loadChats(); };
$("new-create").onclick = async () => {
  const p = await api("/api/personas", {name: $("new-name").value, language: $("new-lang").value});
  if (p.id) loadPersonas(p.id);
};
$("new-group").onclick = async () => {
  const title = window.prompt("Group name", "New group");
  if (!title) return;
  const g = await api("/api/groups", {user_id: state.user, title});
  await loadChats(g.id);
};
$("composer").onsubmit = async (e) => {
  e.preventDefault();
  const text = $("text").value; if (!text.trim()) return;
  $("text").value = "";
  await api("/api/send", {user_id: state.user, chat_id: state.chat, text});
};
const events = new EventSource("/api/events");
events.onmessage = (e) => {
  const ev = JSON.parse(e.data);
  if (ev.kind === "toast") { if (ev.text) toast(ev.text, ev.alert); return; }
  if (ev.chat_id !== state.chat) return;
  if (ev.kind === "person" ) { renderMessage(ev); return; }
  if (ev.kind === "delete") { const el = document.querySelector(`.bubble[data-id="${ev.message_id}"]`); if (el) el.remove(); return; }
  // Messages, edits and deletions: the chat's current state, applied in place.
  refresh();
};
loadPersonas();
