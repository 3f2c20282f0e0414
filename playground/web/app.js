"use strict";
// The playground page: chats, bubbles, inline and reply keyboards, the command menu, photos and
// documents, live updates (messages, edits, deletions, callback answers) over server-sent events.
// Every text is put on the page as text; the bot's HTML goes through Telegram's tag whitelist.
const ALLOWED = new Set(["b","strong","i","em","u","ins","s","strike","del","a","code","pre","blockquote","tg-spoiler"]);
const state = {user: null, chat: null, chatType: "private", personas: [], chats: [], bot: ""};
const $ = (id) => document.getElementById(id);

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"}[c]));
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
function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}
async function api(path, body) {
  const r = await fetch(path, body === undefined ? {} : {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
  return r.json();
}
function toast(text, alert) {
  if (alert) { $("alert-text").textContent = text; $("alert").hidden = false; return; }
  const t = $("toast"); t.textContent = text; t.hidden = false;
  clearTimeout(toast.timer); toast.timer = setTimeout(() => { t.hidden = true; }, 2500);
}
$("alert-ok").onclick = () => { $("alert").hidden = true; };

// The empty first screen says what to do; any message hides it.
function showHint() { $("empty-hint").hidden = document.querySelector("#messages .bubble") !== null; }
// A t.me link to this bot with ?start=PAYLOAD opens the private chat with the bot and sends
// "/start PAYLOAD" as the current persona, as Telegram does; other links open as links.
function startPayload(url) {
  let u; try { u = new URL(url); } catch (e) { return null; }
  if (!/^(www\.)?(t|telegram)\.me$/i.test(u.hostname)) return null;
  if (!state.bot || u.pathname.replace(/^\//, "").toLowerCase() !== state.bot.toLowerCase()) return null;
  return u.searchParams.has("start") ? u.searchParams.get("start") : null;
}
// An invite link the bot made into a group (t.me/+…): the persona asks to join, and the bot
// answers the join request; the chat list shows the group once they are let in.
async function followLink(url) {
  if (/^https:\/\/t\.me\/\+/i.test(url)) {
    const answer = await api("/api/join", {user_id: state.user, link: url});
    if (!answer.ok) toast(answer.error || "this link opens nothing here");
    else if (answer.requested) toast("join request sent to the group");
    else refreshChats();
    return;
  }
  const payload = startPayload(url);
  if (payload === null) { window.open(url, "_blank"); return; }
  const own = state.chats.find((c) => c.type === "private") || {id: state.user, type: "private", title: "Cohesion Makers"};
  await openChat(own);
  await send(payload ? "/start " + payload : "/start");
}
$("messages").addEventListener("click", (e) => {
  const a = e.target.closest("a[href]");
  if (!a || startPayload(a.href) === null) return;
  e.preventDefault(); followLink(a.href);
});
function renderMessage(m) {
  let bubble = document.querySelector(`#messages .bubble[data-id="${m.message_id}"]`);
  if (!bubble) { bubble = el("div"); bubble.dataset.id = m.message_id; $("messages").appendChild(bubble); }
  const signature = JSON.stringify([m, state.user]);
  if (bubble.dataset.signature === signature) return;  // unchanged: leave it (and its buttons) be
  bubble.dataset.signature = signature;
  bubble.className = "bubble" + (m.from_id === state.user ? " mine" : "") + (m.is_bot ? " bot" : "");
  bubble.replaceChildren();
  if (state.chatType !== "private" && m.from_id !== state.user) bubble.appendChild(el("div", "sender", m.from_name));
  if (m.photo) { const img = el("img", "photo"); img.src = m.photo; img.alt = "photo"; bubble.appendChild(img); }
  if (m.document) {
    const doc = el(m.document.url ? "a" : "span", "document", "📄 " + m.document.name);
    if (m.document.url) { doc.href = m.document.url; doc.setAttribute("download", m.document.name); }
    bubble.appendChild(doc);
  }
  if (m.text) {
    const text = el("div", "text");
    if (m.is_bot) text.innerHTML = sanitise(m.text); else text.textContent = m.text;
    bubble.appendChild(text);
  }
  if (m.edited) bubble.appendChild(el("span", "edited", "edited"));
  const rows = (m.reply_markup && m.reply_markup.inline_keyboard) || [];
  if (rows.length) {
    const kb = el("div", "keyboard");
    for (const row of rows) {
      const r = el("div", "row");
      for (const b of row) {
        const btn = el("button", null, b.text);
        if (b.url) btn.onclick = () => followLink(b.url);
        else btn.onclick = async () => {
          const answer = await api("/api/press", {user_id: state.user, chat_id: state.chat, message_id: m.message_id, data: b.callback_data});
          if (!answer.ok) toast(answer.error);
        };
        r.appendChild(btn);
      }
      kb.appendChild(r);
    }
    bubble.appendChild(kb);
  }
  $("messages").scrollTop = $("messages").scrollHeight;
  showHint();
}
// A reply keyboard stays under the input until the bot removes or replaces it.
function applyReplyMarkup(markup) {
  if (!markup) return;
  if (markup.keyboard) showReplyKeyboard(markup);
  else if (markup.remove_keyboard) showReplyKeyboard(null);
}
function showReplyKeyboard(markup) {
  const box = $("reply-keyboard"); box.replaceChildren();
  box.hidden = !markup;
  if (!markup) return;
  for (const row of markup.keyboard) {
    const r = el("div", "row");
    for (const b of row) {
      const label = typeof b === "string" ? b : b.text;
      const btn = el("button", null, label);
      btn.onclick = async () => {
        if (b.request_location) { askLocation(markup); return; }  // as Telegram: a place, no text
        if (markup.one_time_keyboard) showReplyKeyboard(null);
        await send(label);
      };
      r.appendChild(btn);
    }
    box.appendChild(r);
  }
  if (markup.input_field_placeholder) $("text").placeholder = markup.input_field_placeholder;
}
async function openChat(chat) {
  state.chat = chat.id; state.chatType = chat.type;
  $("chat-title").textContent = chat.title;
  document.querySelectorAll("#chats li").forEach((li) => li.classList.toggle("active", Number(li.dataset.id) === chat.id));
  $("messages").replaceChildren(); showReplyKeyboard(null); $("menu").hidden = true;
  $("text").placeholder = "Message";
  $("add-bot-here").hidden = chat.type === "private" || chat.bot;
  await loadMembers(chat);
  const messages = await api(`/api/history?chat=${chat.id}`);
  if (chat.id !== state.chat) return;
  for (const m of messages) { renderMessage(m); if (m.is_bot) applyReplyMarkup(m.reply_markup); }
  showHint();
}
async function loadMembers(chat) {
  const box = $("speak-as");
  box.hidden = chat.type === "private";
  if (box.hidden) return;
  const members = await api(`/api/members?chat=${chat.id}`);
  $("speaker").replaceChildren(...members.map((p) => { const o = el("option", null, p.name); o.value = p.id; return o; }));
  $("speaker").value = String(state.user);
}
$("speaker").onchange = () => { switchPersona(Number($("speaker").value), state.chat); };
// The latest call wins: a slower, older list (a persona switched meanwhile) is dropped. A chat
// asked to be opened (`wanted`) is opened by whichever list arrives last, so a list fetched
// because an event said the chats changed cannot swallow it.
let chatsCall = 0;
let wanted = null;
async function fetchChats() {
  const call = ++chatsCall;
  const chats = await api(`/api/chats?user=${state.user}`);
  if (call !== chatsCall) return null;
  state.chats = chats;
  const list = $("chats"); list.replaceChildren();
  for (const c of chats) {
    const li = el("li", c.id === state.chat ? "active" : null, c.title); li.dataset.id = c.id;
    if (c.type !== "private" && !c.bot) li.appendChild(el("span", "nobot", " · without the bot"));
    li.onclick = () => openChat(c); list.appendChild(li);
  }
  if (wanted) {
    const id = wanted.id; wanted = null;
    await openChat(chats.find((c) => c.id === id) || chats[0]);
  }
  return chats;
}
async function loadChats(keep) {
  wanted = {id: keep};
  await fetchChats();
}
// A group appeared or the bot left one: the list changes, the open chat stays if it can.
async function refreshChats() {
  const chats = await fetchChats();
  if (!chats) return;
  const open = chats.find((c) => c.id === state.chat);
  if (!open) await openChat(chats[0]);
  else $("add-bot-here").hidden = open.type === "private" || open.bot;
}
async function loadPersonas(select) {
  state.personas = await api("/api/personas");
  $("persona").replaceChildren(...state.personas.map((p) => {
    const o = el("option", null, `${p.name} (${p.language}) — ${p.description}`); o.value = p.id; return o;
  }));
  $("members").replaceChildren(...state.personas.map((p) => {
    const label = el("label"); const box = el("input"); box.type = "checkbox"; box.value = p.id;
    label.append(box, " " + p.name); return label;
  }));
  const still = state.personas.some((p) => p.id === state.user);  // not after a reset that removed them
  await switchPersona(select || (still ? state.user : state.personas[0].id));
}
async function switchPersona(id, keepChat) {
  state.user = id; $("persona").value = String(id);
  await loadChats(keepChat);
}
$("persona").onchange = () => { switchPersona(Number($("persona").value), state.chatType === "private" ? undefined : state.chat); };
$("new-create").onclick = async () => {
  const p = await api("/api/personas", {name: $("new-name").value, language: $("new-lang").value});
  if (p.id) { $("new-name").value = ""; await loadPersonas(p.id); } else toast(p.error);
};
$("group-create").onclick = async () => {
  const members = [...document.querySelectorAll("#members input:checked")].map((b) => Number(b.value));
  const g = await api("/api/groups", {user_id: state.user, title: $("group-title").value, members});
  if (!g.ok) { toast(g.error); return; }
  $("group-title").value = ""; $("new-group").open = false;
  await loadChats(g.id);
};
$("add-bot-here").onclick = async () => {
  const g = await api("/api/groups", {user_id: state.user, chat_id: state.chat});
  if (!g.ok) { toast(g.error); return; }
  await loadChats(g.id);
};
// Telegram's location button: the person picks a place (a few examples, or typed coordinates)
// and the bot receives a message with a location and no text.
const PLACES = [["Milano, Duomo", 45.4642, 9.1900], ["Roma, Colosseo", 41.8902, 12.4922],
  ["Napoli, Piazza del Plebiscito", 40.8359, 14.2488], ["At sea, in the Tyrrhenian", 40.0, 12.0]];
function askLocation(markup) {
  const places = $("location-places"); places.replaceChildren();
  for (const [name, latitude, longitude] of PLACES) {
    const btn = el("button", null, `📍 ${name}`);
    btn.onclick = () => shareLocation(markup, latitude, longitude);
    places.appendChild(btn);
  }
  $("location-typed").value = ""; $("location").hidden = false;
}
async function shareLocation(markup, latitude, longitude) {
  $("location").hidden = true;
  if (markup.one_time_keyboard) showReplyKeyboard(null);
  const answer = await api("/api/send", {user_id: state.user, chat_id: state.chat, location: {latitude, longitude}});
  if (!answer.ok) toast(answer.error);
}
$("location-send").onclick = () => {
  const parts = $("location-typed").value.split(",").map((p) => Number(p.trim()));
  if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n))) { toast("Type latitude, longitude (e.g. 45.4642, 9.19)"); return; }
  shareLocation({}, parts[0], parts[1]);
};
$("location-cancel").onclick = () => { $("location").hidden = true; };
async function send(text) {
  const answer = await api("/api/send", {user_id: state.user, chat_id: state.chat, text});
  if (!answer.ok) toast(answer.error);
}
$("composer").onsubmit = async (e) => {
  e.preventDefault();
  const text = $("text").value; if (!text.trim()) return;
  $("text").value = ""; fitComposer();
  await send(text);
};
// As in Telegram: Enter sends, Shift+Enter starts a new line (a list typed one item per line).
function fitComposer() {
  const box = $("text"); box.style.height = "auto";
  box.style.height = Math.min(box.scrollHeight, 160) + "px";
}
$("text").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault(); $("composer").requestSubmit();
  }
});
$("text").addEventListener("input", fitComposer);
// The "/" button: the menu Telegram would show this person here (scope and language).
$("menu-button").onclick = async () => {
  const menu = $("menu");
  if (!menu.hidden) { menu.hidden = true; return; }
  const commands = await api(`/api/commands?user=${state.user}&chat=${state.chat}`);
  menu.replaceChildren(...(Array.isArray(commands) ? commands : []).map((c) => {
    const item = el("li"); item.dataset.command = c.command;
    item.append(el("span", "command", "/" + c.command), el("span", "description", c.description));
    item.onclick = () => { menu.hidden = true; send("/" + c.command); };
    return item;
  }));
  menu.hidden = false;
};
const events = new EventSource("/api/events");
events.onmessage = (e) => {
  const ev = JSON.parse(e.data);
  if (ev.kind === "toast") { if (ev.chat_id === state.chat && ev.text) toast(ev.text, ev.alert); return; }
  if (ev.kind === "reset") { loadPersonas(); return; }
  if (["chats", "leave", "approve", "decline"].includes(ev.kind)) { refreshChats(); return; }
  if (ev.chat_id !== state.chat) return;
  if (ev.kind === "delete") { const b = document.querySelector(`#messages .bubble[data-id="${ev.message_id}"]`); if (b) b.remove(); showHint(); return; }
  if (ev.message) renderMessage(ev.message);
  if (ev.kind !== "edit" && ev.kind !== "person") applyReplyMarkup(ev.reply_markup);
};
$("reset-demo").onclick = async () => {
  if (!window.confirm("Empty the database and load the demo again? Everything said here is forgotten.")) return;
  const answer = await api("/api/reset", {});
  if (!answer.ok) toast(answer.error || "the reset failed");
};
// Who the bot is first, so a link to it is known for what it is before anything is shown.
api("/api/bot").then((me) => { state.bot = me.username || ""; }).finally(() => loadPersonas());
