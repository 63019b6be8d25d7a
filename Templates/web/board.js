// The operations board refreshes itself every 20 seconds: the page is fetched again and its table swapped
// in, so focus and scroll stay where they are. Without script the page is the same, reloaded by hand.
(function () {
  const board = document.getElementById("board");
  if (!board || !window.fetch) return;
  // A call being recorded is not swapped away: no refresh while a field of the board has focus, or holds
  // typed text touched in the last 5 minutes (text left longer than that was abandoned; the board goes on).
  let lastInput = 0;
  board.addEventListener("input", () => { lastInput = Date.now(); });
  function typed() {
    return [...board.querySelectorAll("input, textarea, select")].some((field) =>
      field.type === "radio" || field.type === "checkbox" ? field.checked !== field.defaultChecked
        : field.tagName === "SELECT" ? [...field.options].some((o) => o.selected !== o.defaultSelected)
        : field.value !== field.defaultValue);
  }
  async function refresh() {
    if (board.contains(document.activeElement) && document.activeElement.form) return;
    if (typed() && Date.now() - lastInput < 5 * 60 * 1000) return;
    try {
      const response = await fetch(location.href, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById("board");
      if (fresh) board.replaceChildren(...fresh.childNodes);
    } catch (error) {
      // Offline for a moment: the next round tries again.
    }
  }
  setInterval(refresh, Number(board.dataset.refresh || 20) * 1000);
})();
