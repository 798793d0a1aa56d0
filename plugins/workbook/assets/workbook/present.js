/* mkdocs-workbook: the presenter view of a workshop (facilitator's edition). Runs the plan against the clock:
   the current item and its countdown, the current step of an exercise, what comes next, and the rest of the day
   re-planned from now. Only that page loads this file. Its state is kept in localStorage under
   workbook-present:<namespace>:<workshop id>, apart from the learner's answers (workbook:<namespace>:...), so My
   workbook's export and clear never see it; two windows of one browser follow each other through it. */
(() => {
  "use strict";

  const api = (window.workbook = window.workbook || {});
  // Material's instant navigation runs this file again on every visit to the page: set up once, then only the page.
  if (api.present) {
    api.present();
    return;
  }

  const FORMAT = 1;
  const SECOND = 1000;
  const MINUTE = 60 * SECOND;
  // An item that ended longer ago than this (a closed lid, a reload) moves on silently: no chime for the past.
  const CHIME_WINDOW = 5 * SECOND;
  const FACILITATOR = "#facilitator";

  const pad = (number) => String(number).padStart(2, "0");
  // Clock times of today, in the browser's time zone: the plan says "09:00" in the room's.
  const todayAt = (now, time) => {
    const [hours, minutes] = time.split(":").map(Number);
    const date = new Date(now);
    date.setHours(hours, minutes, 0, 0);
    return date.getTime();
  };
  const clock = (time) => {
    const date = new Date(time);
    return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  };
  // A planned time to the nearest minute; the clock on the wall is never ahead of itself (clock, above).
  const planned = (time) => clock(Math.round(time / MINUTE) * MINUTE);
  // M:SS, counting whole seconds down to 0:00, then -M:SS once the item runs over.
  const countdown = (left) => {
    const over = left <= 0;
    const seconds = over ? Math.floor(-left / SECOND) : Math.ceil(left / SECOND);
    return `${over && seconds ? "-" : ""}${Math.floor(seconds / 60)}:${pad(seconds % 60)}`;
  };
  const minutes = (count) => api.t("present.minutes", { count });
  const sameDate = (a, b) => new Date(a).toDateString() === new Date(b).toDateString();

  const isState = (state, plan) => Boolean(state) && typeof state === "object" && state.format === FORMAT
    && Number.isInteger(state.day) && state.day >= 0 && state.day < plan.days.length
    && (state.item === null || (Number.isInteger(state.item) && plan.items[state.item] && plan.items[state.item].day === state.day
      && Number.isFinite(state.started) && (state.paused === null || Number.isFinite(state.paused)) && Number.isInteger(state.extra)))
    && Boolean(state.done) && typeof state.done === "object";

  // A chime made on the spot (WebAudio), no file fetched. Browsers start sound only after a click or a key on the
  // page: the context is made then (wake), and a chime before that stays silent rather than fail.
  let audio = null;
  const wake = () => {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") audio.resume();
    } catch (error) {
      audio = null; // no sound here: the countdown still shows the end
    }
  };
  const chime = () => {
    if (!audio) return;
    const start = audio.currentTime;
    [880, 660].forEach((frequency, n) => {
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      const at = start + n * 0.35;
      tone.frequency.value = frequency;
      volume.gain.setValueAtTime(0.0001, at);
      volume.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
      volume.gain.exponentialRampToValueAtTime(0.0001, at + 0.6);
      tone.connect(volume).connect(audio.destination);
      tone.start(at);
      tone.stop(at + 0.65);
    });
    api.presentChimes = (api.presentChimes || 0) + 1;
  };

  class Presenter {
    constructor(root) {
      this.root = root;
      // This page's words (present.*), in the site's language: workbook.js's `t` knows them from here on.
      api.learn(root);
      this.plan = JSON.parse(root.dataset.workbookPlan);
      this.key = `workbook-present:${root.dataset.workbookNamespace}:${root.dataset.workbookPresent}`;
      this.items = Array.from(root.querySelectorAll("[data-workbook-present-item]"));
      this.rows = Array.from(root.querySelectorAll("[data-workbook-plan-item]"));
      this.find = (name) => root.querySelector(`[data-workbook-${name}]`);
      this.announced = null;
      this.state = this.load();
      root.workbookPresenter = this;
      root.classList.add("workbook-present--live");
      this.find("present-nojs").hidden = true;
      ["present-controls", "present-options", "present-keys"].forEach((name) => { this.find(name).hidden = false; });
      this.role();

      root.addEventListener("click", (event) => this.click(event));
      root.addEventListener("change", (event) => this.change(event));
      try {
        this.channel = new BroadcastChannel(this.key);
        this.channel.onmessage = (event) => this.follow(event.data);
      } catch (error) {
        this.channel = null; // storage events (below) keep the windows in step on their own
      }
      this.timer = window.setInterval(() => this.tick(), 250);
      this.render();
    }

    // The room's view, or (#facilitator) the facilitator's own window with the notes.
    role() {
      this.facilitator = window.location.hash === FACILITATOR;
      this.root.classList.toggle("workbook-present--facilitator", this.facilitator);
      this.root.querySelector("[data-workbook-action='facilitator-window']").hidden = this.facilitator;
    }

    // --- state: read, saved, followed from the other window ---------------

    fresh(day = 0) {
      return { format: FORMAT, day, item: null, started: null, paused: null, extra: 0, done: {}, over: "",
        auto: this.root.dataset.workbookAuto === "true", chime: false, saved: Date.now() };
    }

    load() {
      let state = null;
      try {
        state = JSON.parse(window.localStorage.getItem(this.key));
      } catch (error) {
        state = null; // unreadable or blocked: start afresh (the answers' keys are never touched)
      }
      if (!isState(state, this.plan)) return this.fresh();
      // Left running on another day (a two-day workshop, the day after): back to the start, the next day chosen.
      if (state.item !== null && !sameDate(state.saved, Date.now())) {
        return Object.assign(this.fresh(Math.min(state.day + 1, this.plan.days.length - 1)), { auto: state.auto, chime: state.chime });
      }
      return state;
    }

    save() {
      this.state.saved = Date.now();
      const text = JSON.stringify(this.state);
      try {
        window.localStorage.setItem(this.key, text);
      } catch (error) {
        // Storage full or switched off: the view runs on; a reload starts it afresh.
      }
      if (this.channel) this.channel.postMessage(text);
    }

    follow(text) {
      let state = null;
      try {
        state = JSON.parse(text);
      } catch (error) {
        return;
      }
      if (isState(state, this.plan)) {
        this.state = state;
        this.render();
      }
    }

    // --- time -----------------------------------------------------------------

    duration(index = this.state.item) {
      const extra = index === this.state.item ? this.state.extra : 0;
      return (this.plan.items[index].minutes + extra) * MINUTE;
    }

    // Time spent on the current item; none yet when the day was started ahead of its time.
    elapsed(now) {
      return Math.max(0, (this.state.paused === null ? now : this.state.paused) - this.state.started);
    }

    dayItems(day = this.state.day) {
      return this.plan.items.map((item, index) => index).filter((index) => this.plan.items[index].day === day);
    }

    // The current day from now: each item's start and end, and each fixed time's slack (negative: late).
    replan(now) {
      const times = {};
      const day = this.state.day;
      let time;
      let indices = this.dayItems(day);
      if (this.state.item === null) {
        time = todayAt(now, this.plan.days[day].start);
      } else {
        const index = this.state.item;
        const begun = Math.max(now, this.state.started);
        times[index] = { start: this.state.started, end: begun + Math.max(0, this.duration() - this.elapsed(now)) };
        time = times[index].end;
        indices = indices.filter((other) => other > index);
      }
      indices.forEach((index) => {
        const item = this.plan.items[index];
        const entry = {};
        if (item.at) {
          const fixed = todayAt(now, item.at);
          entry.slack = fixed - time;
          time = Math.max(time, fixed);
        }
        entry.start = time;
        entry.end = time + item.minutes * MINUTE;
        time = entry.end;
        times[index] = entry;
      });
      const end = this.plan.days[day].end;
      return { times, finish: time, slack: end ? todayAt(now, end) - time : null };
    }

    tick() {
      if (!this.root.isConnected) {
        // Instant navigation took the page away: this presenter is done.
        window.clearInterval(this.timer);
        if (this.channel) this.channel.close();
        return;
      }
      const now = Date.now();
      if (this.state.item !== null && !sameDate(this.state.saved, now)) {
        // Still open from yesterday: the next day's start screen, as a reload would show.
        this.state = Object.assign(this.fresh(Math.min(this.state.day + 1, this.plan.days.length - 1)), { auto: this.state.auto, chime: this.state.chime });
        this.save();
      }
      const state = this.state;
      if (state.item !== null && state.paused === null) {
        const ended = state.started + this.duration();
        if (ended <= now && this.chimed !== `${state.item}@${state.started}`) {
          this.chimed = `${state.item}@${state.started}`;
          if (state.chime && !this.facilitator && now - ended < CHIME_WINDOW) chime();
        }
        if (state.auto && ended <= now) {
          // Item after item, each from the exact end of the one before, so a closed lid catches up with the plan.
          while (this.state.item !== null && this.state.auto && this.state.started + this.duration() <= now) this.next(true);
          return;
        }
      }
      this.render(now);
    }

    // --- what the facilitator does --------------------------------------------

    next(byItself = false) {
      const state = this.state;
      if (state.item === null) return;
      const now = Date.now();
      const index = state.item;
      const ended = byItself ? state.started + this.duration() : now;
      state.done[index] = { start: state.started, spent: byItself ? this.duration() : this.elapsed(now), extra: state.extra };
      const following = this.plan.items[index + 1];
      if (following && following.day === state.day) {
        Object.assign(state, { item: index + 1, started: ended, paused: null, extra: 0 });
      } else {
        // The day is over: the start screen, with the next day chosen.
        const last = state.day === this.plan.days.length - 1;
        Object.assign(state, { item: null, started: null, paused: null, extra: 0, done: {}, over: last ? "workshop" : "day", day: last ? state.day : state.day + 1 });
      }
      this.save();
      this.render(now);
    }

    previous() {
      const state = this.state;
      if (state.item === null) return;
      const now = Date.now();
      const before = state.item - 1;
      if (this.plan.items[before] && this.plan.items[before].day === state.day) {
        // Back to where that item was when it was left: a next pressed by mistake costs nothing.
        const left = state.done[before] || { spent: 0, extra: 0 };
        delete state.done[before];
        Object.assign(state, { item: before, started: now - left.spent, paused: null, extra: left.extra });
      } else {
        Object.assign(state, { started: now, paused: state.paused === null ? null : now });
      }
      this.save();
      this.render(now);
    }

    pause() {
      const state = this.state;
      if (state.item === null) return;
      const now = Date.now();
      if (state.paused === null) {
        state.paused = now;
      } else {
        state.started += now - state.paused;
        state.paused = null;
      }
      this.save();
      this.render(now);
    }

    // A minute more or less for the current item; it keeps at least one.
    adjust(change) {
      const state = this.state;
      if (state.item === null) return;
      state.extra = Math.max(1 - this.plan.items[state.item].minutes, state.extra + change);
      this.save();
      this.render();
    }

    start(now) {
      const day = this.state.day;
      const first = this.dayItems(day)[0];
      const started = now ? Date.now() : todayAt(Date.now(), this.plan.days[day].start);
      Object.assign(this.state, { day, item: first, started, paused: null, extra: 0, done: {}, over: "" });
      this.save();
      this.render();
    }

    stop() {
      Object.assign(this.state, { item: null, started: null, paused: null, extra: 0, done: {}, over: "" });
      this.save();
      this.render();
    }

    fullscreen() {
      if (document.fullscreenElement) document.exitFullscreen();
      else if (this.root.requestFullscreen) this.root.requestFullscreen().catch(() => {});
    }

    openFacilitatorWindow() {
      const address = window.location.href.split("#")[0] + FACILITATOR;
      window.open(address, `workbook-present-${this.root.dataset.workbookPresent}`, "popup,width=960,height=720");
    }

    act(action) {
      if (this.state.chime) wake();
      const actions = {
        next: () => this.next(), previous: () => this.previous(), pause: () => this.pause(), more: () => this.adjust(1), less: () => this.adjust(-1),
        "start-planned": () => this.start(false), "start-now": () => this.start(true), stop: () => this.stop(),
        fullscreen: () => this.fullscreen(), "facilitator-window": () => this.openFacilitatorWindow(),
      };
      if (actions[action]) actions[action]();
      return Boolean(actions[action]);
    }

    click(event) {
      const control = event.target.closest("[data-workbook-action]");
      if (control) {
        this.act(control.dataset.workbookAction);
        return;
      }
      // A click on the current item moves on, as a presenter's clicker does; not one on a link or a control.
      const item = event.target.closest("[data-workbook-current-item]");
      if (item && !event.target.closest("a, button, input, label, select, summary") && !String(window.getSelection())) this.next();
    }

    change(event) {
      const option = event.target.dataset.workbookPresentOption;
      if (event.target.matches("[data-workbook-present-day-choice]") && this.state.item === null) {
        // The chosen day is the state's: the other window shows it, and the next tick does not undo it.
        Object.assign(this.state, { day: Number(event.target.value) || 0, over: "" });
        this.save();
      } else if (option) {
        this.state[option] = event.target.checked;
        if (option === "chime" && event.target.checked) wake();
        this.save();
      }
      this.render();
    }

    // --- what the room sees ---------------------------------------------------

    text(element, text) {
      if (element.textContent !== text) element.textContent = text;
    }

    announce(text) {
      this.text(this.find("present-live"), text);
    }

    render(now = Date.now()) {
      const state = this.state;
      const running = state.item !== null;
      this.root.toggleAttribute("data-workbook-paused", running && state.paused !== null);
      this.find("present-start").hidden = running;
      ["present-bar", "present-timing", "present-next", "present-controls"].forEach((name) => { this.find(name).hidden = !running; });
      this.root.querySelectorAll("[data-workbook-present-option]").forEach((box) => { box.checked = Boolean(state[box.dataset.workbookPresentOption]); });
      this.text(this.root.querySelector("[data-workbook-action='fullscreen']"), api.t(document.fullscreenElement ? "present.leave_fullscreen" : "present.fullscreen"));
      this.items.forEach((item) => {
        const current = running && Number(item.dataset.workbookPresentItem) === state.item;
        if (current) item.setAttribute("data-workbook-current-item", String(state.item));
        else item.removeAttribute("data-workbook-current-item");
      });
      const plan = this.replan(now);
      this.renderPlan(plan, now);
      if (!running) {
        this.root.querySelector("[data-workbook-action='stop']").hidden = true;
        this.renderStart();
        this.find("present-slack").hidden = true;
        this.find("present-warning").hidden = true;
        this.announced = null;
        return;
      }
      const title = (index) => this.items[index].querySelector("[data-workbook-present-title]").textContent;
      this.root.querySelector("[data-workbook-action='stop']").hidden = false;
      // When the current item really started (the plan's time until then).
      this.text(this.items[state.item].querySelector("[data-workbook-planned]"), planned(state.started));
      const day = this.root.querySelectorAll("[data-workbook-present-day-heading]")[state.day];
      this.text(this.find("present-day-title"), day ? day.textContent : "");
      this.text(this.find("clock"), clock(now));
      const left = this.duration() - this.elapsed(now);
      const counter = this.find("countdown");
      this.text(counter, countdown(left));
      counter.toggleAttribute("data-workbook-over", left < 0);
      this.text(this.root.querySelector("[data-workbook-action='pause']"), api.t(state.paused === null ? "present.pause" : "present.resume"));
      const step = this.renderStep(now);

      const following = this.dayItems().filter((index) => index > state.item);
      const next = this.find("present-next");
      this.text(next, following.length
        ? api.t("present.next_at", { time: planned(plan.times[following[0]].start), title: title(following[0]) })
        : api.t("present.next_end", { time: planned(plan.finish) }));

      // Slack before the next fixed time (a break, lunch) or the day's end, and a warning once it would be missed.
      const fixed = following.find((index) => this.plan.items[index].at);
      const margin = fixed !== undefined ? plan.times[fixed].slack : plan.slack;
      const what = fixed !== undefined ? api.t("present.at", { title: title(fixed), time: this.plan.items[fixed].at })
        : api.t("present.day_end_at", { time: this.plan.days[state.day].end });
      const slack = this.find("present-slack");
      slack.hidden = margin === null || margin < 0;
      if (!slack.hidden) this.text(slack, api.t("present.spare_before", { minutes: minutes(Math.floor(margin / MINUTE)), what }));
      const late = [];
      if (fixed !== undefined && plan.times[fixed].slack < 0) late.push(api.t("present.would_start_late", { title: title(fixed), minutes: minutes(Math.ceil(-plan.times[fixed].slack / MINUTE)), time: this.plan.items[fixed].at }));
      if (plan.slack !== null && plan.slack < 0) late.push(api.t("present.day_would_end_late", { minutes: minutes(Math.ceil(-plan.slack / MINUTE)), time: this.plan.days[state.day].end }));
      const warning = this.find("present-warning");
      const warned = late.length ? api.t("present.at_this_pace", { problems: api.joinList(late, "present.list_and") }) : "";
      if (warned && warning.hidden) this.announce(warned);
      warning.hidden = !warned;
      this.text(warning, warned);

      // The live region says when the item or the step changes, never every second.
      const moment = `${state.item}/${step}`;
      if (this.announced !== moment) {
        const [item, stepOf] = (this.announced || "").split("/");
        if (item !== String(state.item)) {
          const words = [api.t("present.now_item", { title: title(state.item), minutes: minutes(this.plan.items[state.item].minutes + state.extra) })];
          if (following.length) words.push(api.t("present.next_item", { title: title(following[0]) }));
          this.announce(words.join(" "));
        } else if (step !== -1 && stepOf !== String(step)) {
          this.announce(api.t("present.now_step", { step: this.stepText(step) }));
        }
        this.announced = moment;
      }
    }

    stepText(step) {
      const text = this.items[this.state.item].querySelectorAll("[data-workbook-step-text]")[step];
      return text ? text.textContent : "";
    }

    // The exercise's facilitator steps as sub-timers; returns the current step's index (-1: none).
    renderStep(now) {
      const steps = this.plan.items[this.state.item].steps;
      const line = this.find("present-step");
      const elapsed = this.elapsed(now);
      const section = this.items[this.state.item];
      if (this.state.started > now) {
        line.hidden = false;
        this.text(line, api.t("present.starts_at", { time: clock(this.state.started) }));
        return -1;
      }
      let step = -1;
      let end = 0;
      steps.some((length, index) => {
        end += length * MINUTE;
        step = index;
        return elapsed < end;
      });
      section.querySelectorAll("[data-workbook-step]").forEach((item, index) => {
        if (index === step) item.setAttribute("aria-current", "step");
        else item.removeAttribute("aria-current");
      });
      line.hidden = step === -1;
      if (step !== -1) {
        this.text(line, api.t("present.step", { number: step + 1, all: steps.length, left: countdown(end - elapsed), step: this.stepText(step) }));
      }
      return step;
    }

    renderStart() {
      const choice = this.find("present-day-choice");
      choice.value = String(this.state.day);
      const day = this.state.day;
      this.text(this.root.querySelector("[data-workbook-action='start-planned']"), api.t("present.start_at", { time: this.plan.days[day].start }));
      const over = this.find("present-over");
      over.hidden = !this.state.over;
      if (this.state.over) {
        this.text(over, api.t(this.state.over === "workshop" ? "present.workshop_over" : "present.day_over"));
      }
    }

    // The day's plan with the new clock times; other days hidden while one runs.
    renderPlan(plan, now) {
      const state = this.state;
      this.root.querySelectorAll("[data-workbook-present-plan-day]").forEach((day) => {
        day.hidden = state.item !== null && Number(day.dataset.workbookPresentPlanDay) !== state.day;
      });
      this.rows.forEach((row) => {
        const index = Number(row.dataset.workbookPlanItem);
        const times = plan.times[index];
        if (this.plan.items[index].day !== state.day) return;
        const done = state.item !== null && index < state.item;
        row.classList.toggle("workbook-present-done", done);
        if (state.item === index) row.setAttribute("aria-current", "true");
        else row.removeAttribute("aria-current");
        const note = row.querySelector("[data-workbook-plan-note]");
        if (done || !times) {
          // Done: when it really started, if this window saw it.
          if (done && state.done[index]) this.text(row.querySelector("[data-workbook-plan-time]"), planned(state.done[index].start));
          this.text(note, done ? api.t("present.done") : "");
          return;
        }
        this.text(row.querySelector("[data-workbook-plan-time]"), planned(times.start));
        let words = "";
        if (times.slack !== undefined && state.item !== null) {
          words = times.slack < 0 ? api.t("present.late", { minutes: minutes(Math.ceil(-times.slack / MINUTE)) })
            : api.t("present.spare", { minutes: minutes(Math.floor(times.slack / MINUTE)) });
        }
        this.text(note, state.item === index ? api.t("present.now") : words);
      });
      const end = this.root.querySelectorAll("[data-workbook-present-plan-day]")[state.day].querySelector("[data-workbook-plan-end]");
      this.text(end.querySelector("[data-workbook-plan-time]"), planned(plan.finish));
      this.text(end.querySelector("[data-workbook-plan-note]"), plan.slack !== null && plan.slack < 0 && state.item !== null
        ? api.t("present.late", { minutes: minutes(Math.ceil(-plan.slack / MINUTE)) }) : "");
    }
  }

  const setUp = () => {
    document.querySelectorAll("[data-workbook-present]:not([data-workbook-ready])").forEach((root) => {
      root.dataset.workbookReady = "true";
      new Presenter(root);
    });
  };
  api.present = setUp;

  const live = () => {
    const root = document.querySelector("[data-workbook-present][data-workbook-ready]");
    return root && root.workbookPresenter;
  };

  // The keys a presenter's clicker sends (Page Down, Page Up) and the arrows. Caught before Material's own
  // shortcuts (its keys for search and for the next page), and left alone while the facilitator types or is on a control.
  const KEYS = { ArrowRight: "next", PageDown: "next", ArrowLeft: "previous", PageUp: "previous", " ": "pause",
    "+": "more", "=": "more", "-": "less", _: "less", f: "fullscreen", F: "fullscreen" };
  document.addEventListener("keydown", (event) => {
    const presenter = live();
    const action = KEYS[event.key];
    if (!presenter || !action || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest && target.closest("input, select, textarea, [contenteditable]")) return;
    if (event.key === " " && target.closest && target.closest("button, a, summary")) return;
    if (presenter.act(action)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  // The same page with or without #facilitator: a link or the address bar may change it without a reload.
  window.addEventListener("hashchange", () => {
    const presenter = live();
    if (presenter) presenter.role();
  });
  // The other window moved on: follow it.
  window.addEventListener("storage", (event) => {
    const presenter = live();
    if (presenter && event.key === presenter.key && event.newValue) presenter.follow(event.newValue);
  });
  document.addEventListener("fullscreenchange", () => {
    const presenter = live();
    if (presenter) presenter.render();
  });

  // Set up however the page came: loaded (this file stands at the top of the content, so wait for the rest), or
  // swapped in by Material's instant navigation (document$). Opened from file://, document$ may never come.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setUp);
})();
