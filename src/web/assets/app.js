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
