// chibo: a little progressive JavaScript. Pages work without it; with it, copy buttons copy.
document.addEventListener("click", async (e) => {
  const b = e.target.closest("[data-copy]");
  if (!b) return;
  const text = document.getElementById(b.dataset.copy)?.textContent ?? "";
  try {
    await navigator.clipboard.writeText(text.trim());
    b.textContent = "Đã chép";
  } catch {
    b.textContent = "Hãy chọn và chép bằng tay";
  }
});
// Committee pages: the topic sheet's "In bản tin" button prints the page (A4, see app.css).
document.addEventListener("click", (e) => {
  if (e.target.closest("[data-print]")) window.print();
});
// Any other form sent with no connection: say so next to the button instead of the browser's error page,
// and keep what was typed (the meeting page's forms keep and resend theirs: see meeting.js).
document.addEventListener("submit", (e) => {
  const form = e.target;
  if (
    !(form instanceof HTMLFormElement) ||
    form.hasAttribute("data-offline") ||
    form.hasAttribute("data-upload")
  )
    return;
  if (navigator.onLine !== false) return;
  e.preventDefault();
  let note = form.querySelector(".offline-note");
  if (!note) {
    note = document.createElement("p");
    note.className = "notice error offline-note";
    note.setAttribute("role", "alert");
    form.append(note);
  }
  note.textContent =
    "Không có kết nối mạng: chưa gửi được. Những gì đã nhập vẫn còn đây; hãy gửi lại khi có mạng.";
});
// The installable app: the service worker (offline pages per session, push reminders), and on the account
// page, this device subscribing to reminders (the server's VAPID key is in #push-box).
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {});
}
function vapidBytes(key) {
  const b64 = key.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (key.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}
function deviceLabel() {
  const ua = navigator.userAgent;
  const os = /iPhone|iPad/.test(ua)
    ? "iPhone"
    : /Android/.test(ua)
      ? "Android"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac/.test(ua)
          ? "Mac"
          : "máy tính";
  const app = /Edg\//.test(ua)
    ? "Edge"
    : /Firefox\//.test(ua)
      ? "Firefox"
      : /CriOS|Chrome\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : "trình duyệt";
  return `${app} trên ${os}`;
}
(async () => {
  const box = document.getElementById("push-box");
  if (!box || !box.dataset.key || !("serviceWorker" in navigator) || !("PushManager" in window)) return;
  const status = document.getElementById("push-status");
  const button = document.getElementById("push-subscribe");
  const reg = await navigator.serviceWorker.ready;
  const current = await reg.pushManager.getSubscription();
  for (const li of document.querySelectorAll("[data-endpoint]"))
    if (current && li.dataset.endpoint === current.endpoint) li.querySelector(".this-device").hidden = false;
  const listed =
    current &&
    [...document.querySelectorAll("[data-endpoint]")].some((li) => li.dataset.endpoint === current.endpoint);
  if (listed) {
    status.textContent = "Máy này đang nhận thông báo nhắc lịch.";
    return;
  }
  if (Notification.permission === "denied") {
    status.textContent =
      "Máy này đã chặn thông báo của chibo: hãy cho phép trong phần cài đặt của trình duyệt.";
    return;
  }
  status.textContent = "";
  button.hidden = false;
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      if ((await Notification.requestPermission()) !== "granted") throw new Error("denied");
      const sub =
        (await reg.pushManager.getSubscription()) ??
        (await reg.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: vapidBytes(box.dataset.key),
        }));
      const j = sub.toJSON();
      const body = new URLSearchParams({
        _csrf: box.dataset.csrf,
        endpoint: j.endpoint,
        p256dh: j.keys.p256dh,
        auth: j.keys.auth,
        label: deviceLabel(),
      });
      const res = await fetch(box.dataset.action, { method: "POST", body, credentials: "same-origin" });
      if (!res.ok) throw new Error(String(res.status));
      location.assign(res.url);
    } catch {
      status.textContent = "Chưa bật được thông báo trên máy này. Hãy cho phép thông báo rồi thử lại.";
      button.disabled = false;
    }
  });
})();
// Removing this very device also ends its subscription in the browser.
document.addEventListener("submit", (e) => {
  const form = e.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-remove-device")) return;
  if (!("serviceWorker" in navigator) || navigator.onLine === false) return;
  e.preventDefault();
  const li = form.closest("[data-endpoint]");
  (async () => {
    try {
      const reg = await navigator.serviceWorker.getRegistration();
      const sub = reg && (await reg.pushManager.getSubscription());
      if (sub && li && sub.endpoint === li.dataset.endpoint) await sub.unsubscribe();
    } catch {}
    HTMLFormElement.prototype.submit.call(form);
  })();
});
