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

  // A form is sent by fetch and its kept copy removed only when the server has ACCEPTED it: a form the server
  // takes answers with a redirect (post/redirect/get) to a page, while a refusal answers the page again
  // (4xx, reasons next to the fields), an ended session the login form (401), a fault 5xx.
  const accepted = (res) => res.ok && res.redirected && new URL(res.url).pathname !== "/";

  /** Sends one kept form; its outcome: "none", "accepted" (with the page to go to), "kept", "login", "refused". */
  async function attempt(form) {
    const draft = read(form);
    if (!draft?.pending) return { kind: "none" };
    if (!navigator.onLine) {
      say(form, OFFLINE_TEXT, true);
      return { kind: "kept" };
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
      return { kind: "kept" };
    }
    if (accepted(res)) {
      localStorage.removeItem(keyOf(form));
      say(form, `${form.dataset.label || "Biểu mẫu"}: đã gửi và lưu.`);
      return { kind: "accepted", url: res.url };
    }
    if (res.status === 401) {
      say(
        form,
        "Phiên đăng nhập đã hết nên chưa gửi được; nội dung vẫn được giữ trên máy này và sẽ gửi sau khi đăng nhập lại.",
        true,
      );
      const a = document.createElement("a");
      a.href = `/?next=${encodeURIComponent(location.pathname)}`;
      a.textContent = " Đăng nhập lại";
      form.querySelector(".offline-status")?.append(a);
      return { kind: "login" };
    }
    if (res.status >= 500 || res.ok) {
      say(
        form,
        `Máy chủ chưa nhận được (lỗi ${res.status}); nội dung vẫn được giữ, sẽ gửi lại khi có mạng.`,
        true,
      );
      return { kind: "kept" };
    }
    // Refused: the text stays here with the server's reasons next to the fields (its form as it answered).
    const page = new DOMParser().parseFromString(await res.text(), "text/html");
    const answered = page.querySelector(`form[data-offline="${form.dataset.offline}"]`);
    // The form's own message when it has one (it sums up), else the reasons next to its fields.
    const texts = (sel) =>
      [...(answered || page).querySelectorAll(sel)].map((e) => e.textContent.trim()).filter(Boolean);
    const top = texts(".notice.error");
    const reasons = top.length ? top : texts(".error");
    const reason = `${form.dataset.label || "Biểu mẫu"} chưa được lưu: ${
      [...new Set(reasons)].join(" ") || `lỗi ${res.status}`
    }`;
    if (answered) form.innerHTML = answered.innerHTML;
    restore(form, draft.entries);
    write(form, { entries: draft.entries, pending: false, reason });
    say(form, reason, true);
    return { kind: "refused" };
  }

  // Every kept form in turn, each outcome shown by its form; the page moves on only when all were taken.
  let flushing = false;
  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      const outcomes = [];
      for (const form of forms) outcomes.push(await attempt(form));
      const taken = outcomes.filter((o) => o.kind === "accepted");
      if (taken.length && outcomes.every((o) => o.kind === "accepted" || o.kind === "none"))
        location.assign(taken[taken.length - 1].url);
    } finally {
      flushing = false;
    }
  }

  for (const form of forms) {
    const draft = read(form);
    if (draft?.entries) {
      restore(form, draft.entries);
      if (draft.pending) say(form, OFFLINE_TEXT, true);
      else if (draft.reason) say(form, draft.reason, true);
      else say(form, "Đã khôi phục nội dung đang gõ dở trên máy này.");
    }
    const keep = () => write(form, { entries: entriesOf(form), pending: false });
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      write(form, { entries: entriesOf(form, e.submitter), pending: true });
      flush();
    });
  }
  if (forms.some((f) => read(f)?.pending)) flush();
  window.addEventListener("online", flush);
  // A connection can come back without an "online" event (the phone never thought it was offline).
  setInterval(() => {
    if (forms.some((f) => read(f)?.pending)) flush();
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
