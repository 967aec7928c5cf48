/* MLHPCS site: small progressive enhancements. Without JavaScript every page
   is complete and true however late it is read: event times are printed in
   full, recordings are links, and a deadline or an edition says "closed" or
   "over" only where it already was when the page was built ("cancelled" and
   "postponed" are said by the page, and never counted down). */
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

/* Local time: beside each timed <time>, the same moments in the reader's
   zone: the whole range (start to end) where the end is given. Words in the
   page's language, in the reader's conventions: a German browser reading the
   English page gets "Fri, 2 July, 14:15–15:00 CEST" (English with Germany's
   order and 24-hour clock, "en-DE"), an American one "Fri, July 2, 8:15 –
   9:00 AM EDT". The choice is remembered; days without a time are left as they are. */
const LOCAL_KEY = "ws-local-time";

function localFormat() {
  const page = new Intl.Locale(document.documentElement.lang || "en").language;
  const reader = new Intl.Locale(navigator.language);
  const clock = new Intl.DateTimeFormat(navigator.language, { hour: "numeric" }).resolvedOptions().hourCycle;
  return new Intl.DateTimeFormat(reader.region ? `${page}-${reader.region}` : page, {
    weekday: "short",
    day: "numeric",
    month: "long",
    hour: clock === "h23" || clock === "h24" ? "2-digit" : "numeric",
    minute: "2-digit",
    hourCycle: clock,
    timeZoneName: "short",
  });
}

function showLocalTimes(on) {
  const format = localFormat();
  for (const time of document.querySelectorAll("time.ws-time")) {
    if (!time.dateTime.includes("T")) continue;
    let local = time.nextElementSibling;
    if (!local || !local.classList.contains("ws-local")) {
      local = document.createElement("span");
      local.className = "ws-local";
      time.after(local);
    }
    const start = new Date(time.dateTime);
    const end = time.dataset.end ? new Date(time.dataset.end) : null;
    local.textContent = ` (your time: ${end ? format.formatRange(start, end) : format.format(start)})`;
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

/* Relative states, from the reader's clock: how long a deadline has left, when
   an edition is, and which programme item is on now and next. */
const DAY_MS = 24 * 60 * 60 * 1000;

function daysWord(count) {
  return count === 1 ? "1 day" : `${count} days`;
}

function deadlineState(now, until, kind) {
  const left = until - now;
  if (left <= 0) return kind === "deadline" ? "closed" : "passed";
  const days = Math.floor(left / DAY_MS);
  if (kind !== "deadline") return days >= 1 ? `in ${daysWord(days)}` : "within a day";
  return days >= 1 ? `${daysWord(days)} left` : "less than a day left";
}

function editionState(now, start, end) {
  if (now >= end) return "over";
  if (now >= start) return "today";
  return `in ${daysWord(Math.ceil((start - now) / DAY_MS))}`;
}

function showStates() {
  const now = Date.now();
  for (const state of document.querySelectorAll(".ws-state")) {
    const data = state.dataset;
    // Without a date, the state was settled when the page was built (a cancelled or postponed
    // edition has no countdown): it stays as it is.
    if (!data.until && !data.start) continue;
    const text = data.until
      ? deadlineState(now, Date.parse(data.until), data.kind)
      : editionState(now, Date.parse(data.start), Date.parse(data.end));
    if (state.textContent !== text) state.textContent = text;
  }
}

/* During the event only: the items running now, and the next one to start.
   An item without an announced end is "now" from its start until the next
   item starts; with none after it, it is never marked (its end is unknown). */
function showNowAndNext() {
  const now = Date.now();
  const rows = [...document.querySelectorAll(".ws-schedule tbody tr")]
    .filter((row) => !row.classList.contains("ws-cancelled"))
    .map((row) => ({ row, time: row.querySelector("time.ws-time") }))
    .filter(({ time }) => time && time.dateTime.includes("T"))
    .map(({ row, time }) => ({ row, start: Date.parse(time.dateTime), end: Date.parse(time.dataset.end || "") }))
    .sort((a, b) => a.start - b.start);
  rows.forEach((entry, index) => {
    if (Number.isNaN(entry.end)) entry.end = index + 1 < rows.length ? rows[index + 1].start : NaN;
  });
  const running = rows.filter((e) => e.start <= now && now < e.end);
  const started = rows.some((e) => e.start <= now);
  const next = started ? rows.find((e) => e.start > now) : undefined;
  for (const { row } of rows) {
    const mark = running.some((e) => e.row === row) ? "now" : next && next.row === row ? "next" : "";
    let badge = row.querySelector(".ws-now");
    if (!mark) {
      if (badge) badge.remove();
      continue;
    }
    if (!badge) {
      badge = document.createElement("strong");
      badge.className = "ws-now";
      row.querySelector("td p").append(badge);
    }
    badge.textContent = ` ${mark}`;
  }
}

/* Words and links that hold for a while (the call's next deadline and its
   submission link, the registration link): the first step still open in the
   reader's clock, or the closed text with the link taken away. */
function showExpiring() {
  const now = Date.now();
  for (const span of document.querySelectorAll(".ws-expiring")) {
    const steps = JSON.parse(span.dataset.steps);
    const index = steps.findIndex(([until]) => Date.parse(until) > now);
    if (index < 0) {
      if (span.textContent !== span.dataset.closed) span.textContent = span.dataset.closed;
    } else if (index > 0) {
      const words = span.querySelector("span");
      if (words && words.textContent !== steps[index][1]) words.textContent = steps[index][1];
    }
  }
}

function setUpClock() {
  showExpiring();
  showStates();
  showNowAndNext();
  setInterval(() => { showExpiring(); showStates(); showNowAndNext(); }, 30 * 1000);
}

/* After a search: Sphinx's "Hide Search Matches" is a javascript: link, which
   the pages' Content-Security-Policy does not run; it works as a button. */
function setUpHideSearchMatches() {
  const box = document.getElementById("searchbox");
  if (!box) return;
  box.addEventListener("click", (event) => {
    if (!event.target.closest(".highlight-link a") || typeof SphinxHighlight === "undefined") return;
    event.preventDefault();
    SphinxHighlight.hideSearchWords();
  });
}

function start() {
  setUpHideSearchMatches();
  setUpPlayers();
  setUpLocalTime();
  setUpClock();
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
