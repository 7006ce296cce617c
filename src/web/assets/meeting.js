// chibo, the meeting page: forms that survive a lost connection, and upload progress. Without this
// script the forms post as plain HTML forms.
(() => {
  const OFFLINE_TEXT = "Chưa gửi được — sẽ gửi khi có mạng";
  const keyOf = (form) => `chibo:draft:${form.dataset.offline}`;
  const forms = [...document.querySelectorAll("form[data-offline]")];

  const say = (form, text, bad) => {
    const s = form.querySelector(".offline-status");
    if (!s) return;
    s.textContent = text;
    s.className = bad ? "offline-status error" : "offline-status";
  };
  const read = (form) => {
    try {
      return JSON.parse(localStorage.getItem(keyOf(form)) || "null");
    } catch {
      return null;
    }
  };
  const write = (form, draft) => {
    try {
      localStorage.setItem(keyOf(form), JSON.stringify(draft));
    } catch {
      // Storage full or refused: the form still posts.
    }
  };
  const entriesOf = (form, submitter) =>
    [...new FormData(form, submitter || undefined)].filter(
      ([k, v]) => typeof v === "string" && k !== "_csrf",
    );

  function restore(form, entries) {
    const values = new Map();
    for (const [k, v] of entries) values.set(k, [...(values.get(k) || []), v]);
    for (const el of form.elements) {
      if (!el.name || el.name === "_csrf" || el.type === "submit" || el.type === "hidden") continue;
      const vs = values.get(el.name) || [];
      if (el.type === "radio") el.checked = vs.includes(el.value);
      else if (el.type === "checkbox") el.checked = vs.includes(el.value);
      else if (vs.length) el.value = vs[0];
    }
  }

  const sending = new WeakSet();
  async function send(form) {
    if (sending.has(form)) return;
    sending.add(form);
    try {
      await attempt(form);
    } finally {
      sending.delete(form);
    }
  }

  async function attempt(form) {
    const draft = read(form);
    if (!draft?.pending) return;
    if (!navigator.onLine) {
      say(form, OFFLINE_TEXT, true);
      return;
    }
    say(form, "Đang gửi…");
    const token = form.querySelector('input[name="_csrf"]')?.value;
    const body = new URLSearchParams(draft.entries);
    if (token) body.set("_csrf", token);
    let res;
    try {
      res = await fetch(form.action, { method: "POST", body, credentials: "same-origin" });
    } catch {
      say(form, OFFLINE_TEXT, true);
      return;
    }
    if (res.ok) {
      localStorage.removeItem(keyOf(form));
      location.assign(res.url);
      return;
    }
    if (res.status >= 500) {
      say(
        form,
        `Máy chủ chưa nhận được (lỗi ${res.status}); nội dung vẫn được giữ, sẽ gửi lại khi có mạng.`,
        true,
      );
      return;
    }
    // Refused (4xx): post it the plain way, so that the page says why next to the field.
    write(form, { entries: draft.entries, pending: false });
    for (const [k, v] of draft.entries) {
      if (form.elements[k]) continue;
      const extra = document.createElement("input");
      extra.type = "hidden";
      extra.name = k;
      extra.value = v;
      form.append(extra);
    }
    const then = draft.entries.find(([k]) => k === "then");
    if (then) {
      const extra = document.createElement("input");
      extra.type = "hidden";
      extra.name = "then";
      extra.value = then[1];
      form.append(extra);
    }
    HTMLFormElement.prototype.submit.call(form);
  }

  for (const form of forms) {
    const draft = read(form);
    if (draft?.entries) {
      restore(form, draft.entries);
      if (draft.pending) {
        say(form, OFFLINE_TEXT, true);
        send(form);
      } else {
        say(form, "Đã khôi phục nội dung đang gõ dở trên máy này.");
      }
    }
    const keep = () => write(form, { entries: entriesOf(form), pending: false });
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      write(form, { entries: entriesOf(form, e.submitter), pending: true });
      send(form);
    });
  }
  window.addEventListener("online", () => {
    for (const form of forms) send(form);
  });
  // A connection can come back without an "online" event (the phone never thought it was offline).
  setInterval(() => {
    for (const form of forms) if (read(form)?.pending) send(form);
  }, 30_000);
  window.addEventListener("offline", () => {
    for (const form of forms) say(form, "Mất kết nối — nội dung vẫn được giữ trên máy này.", true);
  });

  // Upload with a progress bar (XMLHttpRequest reports upload progress; fetch does not).
  for (const form of document.querySelectorAll("form[data-upload]")) {
    const bar = form.querySelector("progress");
    const status = form.querySelector(".upload-status");
    const list = form.parentElement.querySelector("ul.files");
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const data = new FormData(form);
      data.delete("_csrf");
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.dataset.upload);
      xhr.responseType = "json";
      bar.hidden = false;
      bar.value = 0;
      status.className = "upload-status";
      status.textContent = "Đang tải lên… 0%";
      xhr.upload.addEventListener("progress", (ev) => {
        if (!ev.lengthComputable) return;
        const pct = Math.round((ev.loaded / ev.total) * 100);
        bar.value = pct;
        status.textContent = `Đang tải lên… ${pct}%`;
      });
      xhr.addEventListener("load", () => {
        if (xhr.status === 201 && Array.isArray(xhr.response)) {
          bar.value = 100;
          status.textContent = `Đã tải lên xong: ${xhr.response.map((f) => f.fileName).join(", ")}`;
          for (const f of xhr.response) {
            const li = document.createElement("li");
            const a = document.createElement("a");
            a.href = `${form.dataset.upload}/${f.id}`;
            a.textContent = f.fileName;
            li.append(a, ` (${Math.max(1, Math.round(f.size / 1024))} KB)`);
            list?.append(li);
          }
          form.reset();
        } else {
          bar.hidden = true;
          status.className = "upload-status error";
          status.textContent = xhr.response?.detail || `Không tải lên được (lỗi ${xhr.status}).`;
        }
      });
      xhr.addEventListener("error", () => {
        bar.hidden = true;
        status.className = "upload-status error";
        status.textContent = "Mất kết nối, chưa tải lên được. Hãy thử lại khi có mạng.";
      });
      xhr.send(data);
    });
  }

  // "Gửi lại": the meeting's failed messages queued again.
  for (const b of document.querySelectorAll("[data-requeue]")) {
    b.addEventListener("click", async () => {
      b.disabled = true;
      const s = b.parentElement.querySelector(".requeue-status");
      try {
        const r = await fetch(b.dataset.requeue, {
          method: "POST",
          headers: { "content-type": "application/json" },
          credentials: "same-origin",
          body: "{}",
        });
        const j = await r.json().catch(() => ({}));
        s.textContent = r.ok
          ? `Đã xếp ${j.requeued} thư vào hàng đợi để gửi lại.`
          : j.detail || "Không gửi lại được";
        if (!r.ok) b.disabled = false;
      } catch {
        s.textContent = "Mất kết nối, chưa gửi lại được.";
        b.disabled = false;
      }
    });
  }
})();
