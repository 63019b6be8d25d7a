// The workbench's 15-minute clocks, ticking between page loads: each clock the server rendered with the
// time the incident was determined (data-since) counts on in the page's wording, amber after 10 minutes
// and red after 15, as the server computes it.
"use strict";

function tick() {
  for (const clock of document.querySelectorAll(".clock[data-since]")) {
    const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(clock.dataset.since)) / 1000));
    const h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60), s = seconds % 60;
    const text = seconds >= 3600 ? clock.dataset.hours.replace("{h}", h).replace("{m}", m % 60)
      : s === 0 ? clock.dataset.minutes.replace("{m}", m)
      : clock.dataset.minutesSeconds.replace("{m}", m).replace("{s}", s);
    clock.querySelector(".clock-text").textContent = text;
    clock.classList.remove("clock-ok", "clock-amber", "clock-red");
    clock.classList.add(seconds >= 900 ? "clock-red" : seconds >= 600 ? "clock-amber" : "clock-ok");
  }
}

setInterval(tick, 1000);
