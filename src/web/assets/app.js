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
