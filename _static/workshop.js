/* MLHPCS site: two small progressive enhancements. Without JavaScript every
   page is complete: event times are printed in full, recordings are links. */
"use strict";

/* Recordings: nothing is loaded from the video host until the reader asks. */
function setUpPlayers() {
  for (const figure of document.querySelectorAll(".ws-player")) {
    const button = figure.querySelector(".ws-player-load");
    button.addEventListener("click", () => {
      const frame = document.createElement("iframe");
      frame.src = figure.dataset.src;
      frame.title = figure.dataset.title;
      frame.allow = "fullscreen; picture-in-picture";
      frame.setAttribute("allowfullscreen", "");
      button.replaceWith(frame);
      frame.focus();
    });
  }
}

/* Local time: beside each timed <time>, the same moment in the reader's zone.
   The choice is remembered; days without a time are left as they are. */
const LOCAL_KEY = "ws-local-time";

function showLocalTimes(on) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const format = new Intl.DateTimeFormat(undefined, {
    weekday: "short", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
  });
  for (const time of document.querySelectorAll("time.ws-time")) {
    if (!time.dateTime.includes("T")) continue;
    let local = time.nextElementSibling;
    if (!local || !local.classList.contains("ws-local")) {
      local = document.createElement("span");
      local.className = "ws-local";
      time.after(local);
    }
    local.textContent = ` (your time, ${zone}: ${format.format(new Date(time.dateTime))})`;
    local.hidden = !on;
  }
}

function setUpLocalTime() {
  const timed = [...document.querySelectorAll("time.ws-time")].some((t) => t.dateTime.includes("T"));
  const switches = document.querySelectorAll(".ws-local-switch");
  if (!timed) return;
  let on = false;
  try { on = localStorage.getItem(LOCAL_KEY) === "on"; } catch (e) { /* storage may be blocked */ }
  for (const holder of switches) {
    const box = holder.querySelector("input");
    box.checked = on;
    box.addEventListener("change", () => {
      try { localStorage.setItem(LOCAL_KEY, box.checked ? "on" : "off"); } catch (e) { /* not remembered */ }
      showLocalTimes(box.checked);
    });
  }
  showLocalTimes(on);
}

function start() {
  setUpPlayers();
  setUpLocalTime();
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
