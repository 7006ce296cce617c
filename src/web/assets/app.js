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
