// chibo's service worker: reminders by Web Push, and the pages a person needs offline (their next meeting,
// the meeting page with its forms) kept per session. Every page the server sends to a signed-in person
// carries X-Chibo-Session (a hash of the session's id, not its secret); pages are kept in the cache of that
// session only, any other session's cache is deleted the moment a page of another session (or of nobody:
// the login page after a logout) arrives, and a logout deletes them all before it is sent. So a phone
// never shows one person's page to the next.
const PAGES = "chibo-pages-";
const STATIC = "chibo-static";
const KEEP = [/^\/$/, /^\/cuoc-hop\/[0-9a-f-]{36}$/, /^\/lich-cua-toi$/];

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => e.waitUntil(self.clients.claim()));

async function dropPages(except) {
  for (const name of await caches.keys())
    if (name.startsWith(PAGES) && name !== except) await caches.delete(name);
}

async function page(request) {
  const url = new URL(request.url);
  try {
    const res = await fetch(request);
    const tag = res.headers.get("x-chibo-session");
    if (!tag) {
      // Nobody signed in (the login page): nothing of anyone stays.
      await dropPages(null);
      return res;
    }
    await dropPages(PAGES + tag);
    if (res.ok && KEEP.some((k) => k.test(url.pathname)))
      await (await caches.open(PAGES + tag)).put(request, res.clone());
    return res;
  } catch (err) {
    // Offline: only the one session's cache that is left can answer.
    const names = (await caches.keys()).filter((n) => n.startsWith(PAGES));
    if (names.length === 1) {
      const hit = await (await caches.open(names[0])).match(request, { ignoreSearch: true });
      if (hit) return hit;
    }
    return new Response(
      '<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
        '<title>Mất kết nối – chibo</title><main style="font:18px system-ui;padding:1rem"><h1>Không có kết nối mạng</h1>' +
        "<p>Trang này chưa được lưu trên máy. Hãy thử lại khi có mạng.</p></main>",
      { status: 503, headers: { "content-type": "text/html; charset=utf-8" } },
    );
  }
}

async function asset(request) {
  const cache = await caches.open(STATIC);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  // Versioned URLs (?v=hash): kept until the next version replaces them.
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

self.addEventListener("fetch", (e) => {
  const request = e.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "/dang-xuat") {
    e.respondWith(dropPages(null).then(() => fetch(request)));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith("/static/")) e.respondWith(asset(request));
  else if (request.mode === "navigate") e.respondWith(page(request));
});

// A reminder: title, the mail's first lines, and the meeting page it opens.
self.addEventListener("push", (e) => {
  let m = {};
  try {
    m = e.data ? e.data.json() : {};
  } catch {
    m = { title: "chibo", body: e.data ? e.data.text() : "" };
  }
  e.waitUntil(
    self.registration.showNotification(m.title || "chibo", {
      body: m.body || "",
      tag: m.tag,
      icon: "/static/icon-192.png",
      badge: "/static/icon-192.png",
      lang: "vi",
      data: { url: m.url || "/" },
    }),
  );
});

self.addEventListener("notificationclick", (e) => {
  e.notification.close();
  const target = new URL(e.notification.data?.url || "/", self.location.origin);
  // Only pages of this site open from a notification.
  const href = target.origin === self.location.origin ? target.href : self.location.origin;
  e.waitUntil(
    self.clients.matchAll({ type: "window" }).then((list) => {
      for (const c of list) if (c.url === href && "focus" in c) return c.focus();
      return self.clients.openWindow(href);
    }),
  );
});
