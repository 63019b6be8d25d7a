// The operations board refreshes itself every 20 seconds: the page is fetched again and its table swapped
// in, so focus and scroll stay where they are. Without script the page is the same, reloaded by hand.
(function () {
  const board = document.getElementById("board");
  if (!board || !window.fetch) return;
  // A call being recorded is never swapped away: no refresh while a form field of the board is in use.
  let editing = false;
  board.addEventListener("input", () => { editing = true; });
  async function refresh() {
    if (editing || (board.contains(document.activeElement) && document.activeElement.form)) return;
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
